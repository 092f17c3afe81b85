/**
 * electron-builder configuration: `npm run dist` (after `npm run build`) makes the Windows NSIS
 * installer, and the Linux AppImage and .deb. It cannot run on the project's CI machines
 * (electron-builder downloads Electron and its packaging tools); tests/unit/builder-config.test.ts
 * checks this file against electron-builder's own schema instead.
 *
 * Everything secret or site-specific comes from the environment, never from this file:
 *   IOC_WALL_UPDATE_URL      base URL of the update server (generic provider: latest.yml,
 *                            latest-linux.yml and the installers are uploaded there). Written into
 *                            the installer as app-update.yml; a machine's config `updates.url`
 *                            overrides it. Default: a placeholder that never resolves.
 *   CSC_LINK, CSC_KEY_PASSWORD  Windows code-signing certificate (.pfx path/URL/base64) and its
 *                            password — read by electron-builder itself.
 *   WIN_CSC_LINK, WIN_CSC_KEY_PASSWORD  the same, when building for several platforms at once.
 *   IOC_WALL_PUBLISHER_NAMES the certificate subjects electron-updater accepts an update from, one per
 *                            line or separated by ';' (a full DN such as "CN=Sở TT&TT, O=..., C=VN", or
 *                            a CN). More than one during a certificate rotation (README, "Đổi chứng thư
 *                            số / rotating the certificate"). Required whenever the build signs.
 *   IOC_WALL_PUBLISHER_NAME  one name, the older form; added to the list.
 *   IOC_WALL_CERT_SHA1       sign with a certificate from the Windows store (e.g. a USB token)
 *                            instead of a .pfx.
 *   IOC_WALL_REQUIRE_SIGNING=1  fail the build rather than produce an unsigned installer; needs the
 *                            publisher names too.
 *
 * A build that signs (any of CSC_LINK, WIN_CSC_LINK, IOC_WALL_CERT_SHA1, IOC_WALL_REQUIRE_SIGNING=1)
 * without publisher names is refused here: electron-updater skips the update signature check when
 * app-update.yml names no publisher, and that must never happen silently.
 */

const UPDATE_URL_PLACEHOLDER = 'https://updates.example.invalid/ioc-wall';
const env = process.env;

/** Every publisher name the build accepts updates from, in order, without repeats. */
function publisherNamesFrom(e) {
  const names = [...String(e.IOC_WALL_PUBLISHER_NAMES || '').split(/[;\n]/), e.IOC_WALL_PUBLISHER_NAME || '']
    .map((n) => n.trim())
    .filter((n) => n.length > 0);
  return [...new Set(names)];
}

const publisherNames = publisherNamesFrom(env);
const requireSigning = env.IOC_WALL_REQUIRE_SIGNING === '1';
const signs = requireSigning || !!(env.CSC_LINK || env.WIN_CSC_LINK || env.IOC_WALL_CERT_SHA1);
if (signs && publisherNames.length === 0) {
  throw new Error(
    'Bản build có ký số nhưng thiếu tên nhà phát hành / A signed build needs the publisher names: set ' +
      'IOC_WALL_PUBLISHER_NAMES to the certificate subject (CN or full DN; several separated by ";" during a ' +
      'certificate rotation). Without them the installed app would accept updates without checking their signature.',
  );
}
// A signed build always verifies; an unsigned development build has nothing to verify against
// unless names were given.
const verifyUpdates = signs || publisherNames.length > 0;

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'vn.gov.binhphuoc.iocwall',
  productName: 'IOC Wall',
  copyright: 'Copyright © 2026 IOC Wall team. Ranh giới hành chính: xem data/geo/LICENSE-GPL-3.0-NOTICE.md',
  // The desktop binary, data folder and shortcuts are all named after productName.
  executableName: 'ioc-wall',
  artifactName: '${productName}-${version}-${os}-${arch}.${ext}',

  directories: {
    buildResources: 'build',
    output: 'out/installers',
  },

  // package.json "main" is dist/electron/main.js, built by scripts/build.mjs with the preload
  // (dist/electron/preload.cjs) and the renderer (dist/renderer) beside it.
  files: [
    'dist/**/*',
    '!dist/**/*.map',
    'data/**/*',
    'package.json',
    '!**/tests/**',
    '!**/*.{test,spec}.{js,ts,mjs,cjs}',
    '!**/*.ts',
    '!**/{README,CHANGELOG,HISTORY}.md',
    '!**/{.github,docs,example,examples,test,__tests__}/**',
  ],
  asar: true,
  // Native modules cannot be loaded from inside an asar archive.
  asarUnpack: ['**/node_modules/better-sqlite3/**/*.node'],
  // better-sqlite3 13 ships Node-API prebuilds, which load in Electron's Node as they are:
  // no rebuild against Electron's headers (which would need a compiler and the network).
  npmRebuild: false,
  buildDependenciesFromSource: false,

  // The boundaries and their licence are also copied next to the app (resources/data/geo), where
  // an installer can read the licence and see which file to replace through config
  // `boundaries.file`.
  // The third-party notices too (tools/build/third-party-notices.ts), readable without the app.
  extraResources: [
    { from: 'data/geo', to: 'data/geo', filter: ['**/*.geojson', 'LICENSE*'] },
    { from: 'dist/renderer/third-party-notices.json', to: 'third-party-notices.json' },
  ],

  // Electron fuses: switched off at package time, so they cannot be switched back on by
  // environment or flags on a kiosk.
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  },

  publish: [
    {
      provider: 'generic',
      url: env.IOC_WALL_UPDATE_URL || UPDATE_URL_PLACEHOLDER,
      channel: 'latest',
      // Written into app-update.yml: electron-updater accepts an update signed by any of them.
      ...(publisherNames.length ? { publisherName: publisherNames } : {}),
    },
  ],

  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
    icon: 'build/icons/icon.png',
    // Certificate from CSC_LINK / CSC_KEY_PASSWORD (or WIN_CSC_*), read by electron-builder.
    signtoolOptions: {
      ...(publisherNames.length ? { publisherName: publisherNames } : {}),
      ...(env.IOC_WALL_CERT_SHA1 ? { certificateSha1: env.IOC_WALL_CERT_SHA1 } : {}),
      signingHashAlgorithms: ['sha256'],
      rfc3161TimeStampServer: 'http://timestamp.digicert.com',
    },
    forceCodeSigning: requireSigning,
    // Updates must be signed by one of the publishers the installed app lists.
    verifyUpdateCodeSignature: verifyUpdates,
    requestedExecutionLevel: 'asInvoker',
    legalTrademarks: 'IOC Wall',
  },

  nsis: {
    oneClick: false,
    perMachine: true,
    allowElevation: true,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: 'always',
    createStartMenuShortcut: true,
    shortcutName: 'IOC Wall',
    menuCategory: 'IOC',
    runAfterFinish: true,
    // Uninstalling must never delete the IOC's database.
    deleteAppDataOnUninstall: false,
    installerLanguages: ['vi_VN', 'en_US'],
    language: '1066',
    multiLanguageInstaller: true,
    displayLanguageSelector: false,
    uninstallDisplayName: 'IOC Wall ${version}',
    artifactName: '${productName}-Setup-${version}.${ext}',
  },

  linux: {
    target: [
      { target: 'AppImage', arch: ['x64'] },
      { target: 'deb', arch: ['x64'] },
    ],
    icon: 'build/icons/icon.png',
    category: 'Office',
    maintainer: env.IOC_WALL_MAINTAINER || 'IOC Wall team <ioc-wall@example.invalid>',
    vendor: 'IOC Wall team',
    synopsis: 'Video wall, operator console and leader kiosk for a provincial IOC',
    description: 'IOC Wall drives the video wall, the operator desks and the leaders’ touch kiosks of a provincial Intelligent Operations Center, offline-first from a local SQLite cache.',
    desktop: {
      entry: {
        Name: 'IOC Wall',
        'Name[vi]': 'IOC Wall — Trung tâm điều hành',
        Comment: 'Provincial IOC video wall',
        'Comment[vi]': 'Màn hình tường Trung tâm điều hành thông minh',
        StartupWMClass: 'IOC Wall',
      },
    },
  },

  deb: {
    // Electron's runtime libraries, plus libsecret for safeStorage (feed secrets in the keyring).
    depends: [
      'libgtk-3-0',
      'libnotify4',
      'libnss3',
      'libxss1',
      'libxtst6',
      'xdg-utils',
      'libatspi2.0-0',
      'libuuid1',
      'libsecret-1-0',
      'libasound2 | libasound2t64',
      'libgbm1',
    ],
    recommends: ['gnome-keyring'],
    priority: 'optional',
    packageCategory: 'misc',
  },

  appImage: {
    category: 'Office',
    synopsis: 'Video wall, operator console and leader kiosk for a provincial IOC',
  },

  // Optional: the IOC runs Windows and Linux; a macOS build is possible on a Mac with a
  // Developer ID (CSC_LINK / APPLE_* in the environment).
  mac: {
    target: [{ target: 'dmg', arch: ['arm64', 'x64'] }],
    icon: 'build/icons/icon.png',
    category: 'public.app-category.productivity',
    hardenedRuntime: true,
    gatekeeperAssess: false,
  },
};
