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
 *   IOC_WALL_PUBLISHER_NAME  the certificate's subject CN; electron-updater refuses an update
 *                            not signed by it. Required with a certificate.
 *   IOC_WALL_CERT_SHA1       sign with a certificate from the Windows store (e.g. a USB token)
 *                            instead of a .pfx.
 *   IOC_WALL_REQUIRE_SIGNING=1  fail the build rather than produce an unsigned installer.
 */

const UPDATE_URL_PLACEHOLDER = 'https://updates.example.invalid/ioc-wall';
const env = process.env;
const publisherName = env.IOC_WALL_PUBLISHER_NAME || undefined;

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
  extraResources: [
    { from: 'data/geo', to: 'data/geo', filter: ['**/*.geojson', 'LICENSE*'] },
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
    },
  ],

  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
    icon: 'build/icons/icon.png',
    // Certificate from CSC_LINK / CSC_KEY_PASSWORD (or WIN_CSC_*), read by electron-builder.
    signtoolOptions: {
      ...(publisherName ? { publisherName: [publisherName] } : {}),
      ...(env.IOC_WALL_CERT_SHA1 ? { certificateSha1: env.IOC_WALL_CERT_SHA1 } : {}),
      signingHashAlgorithms: ['sha256'],
      rfc3161TimeStampServer: 'http://timestamp.digicert.com',
    },
    forceCodeSigning: env.IOC_WALL_REQUIRE_SIGNING === '1',
    // Updates must be signed by the same publisher as the installed app.
    verifyUpdateCodeSignature: !!publisherName,
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
