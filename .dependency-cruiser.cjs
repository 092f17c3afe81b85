/**
 * The layering of DESIGN.md, enforced in `npm test` (npm run lint:layers).
 * A violation fails the build; tests/unit/layering.test.ts proves that it does.
 */
const ours = '^(electron|host|sync|layouts|domains|base|renderer)/';
const rule = (name, from, allowed, comment) => ({
  name,
  severity: 'error',
  comment,
  from: { path: `^${from}/` },
  // base/ (pure helpers) is open to every layer.
  to: { path: ours, pathNot: `^(${[from, ...allowed, 'base'].join('|')})/` },
});

module.exports = {
  forbidden: [
    rule('base-imports-nothing-of-ours', 'base', [], 'base/ is pure helpers every layer may import: nothing of ours'),
    rule('domains-imports-nothing-of-ours', 'domains', [], 'domains/ is pure: schema library only'),
    rule('layouts-imports-domains-only', 'layouts', ['domains'], 'layouts/ may import domains/ only'),
    rule('sync-imports-domains-only', 'sync', ['domains'], 'sync/ may import domains/ only'),
    rule('host-imports-domains-layouts-sync', 'host', ['domains', 'layouts', 'sync'], 'host/ may import domains/, layouts/, sync/'),
    rule('electron-imports-host-layouts-domains', 'electron', ['host', 'layouts', 'domains'], 'electron/ may import host/, layouts/, domains/'),
    {
      name: 'renderer-imports-domains-layouts-and-host-types',
      severity: 'error',
      comment: 'renderer/ may import base/, domains/, layouts/, the protocol client host/api/client/, and only `import type` from host/api/contract',
      from: { path: '^renderer/' },
      to: { path: ours, pathNot: '^(renderer|base|domains|layouts|host/api/contract|host/api/client)/' },
    },
    {
      name: 'protocol-client-is-portable',
      severity: 'error',
      comment: 'host/api/client/ runs in renderers and in Electron main: it takes the contract as types only, and no Node built-ins',
      from: { path: '^host/api/client/' },
      to: { path: ours, pathNot: '^(base|host/api/(client|contract))/' },
    },
    {
      name: 'protocol-client-contract-type-only',
      severity: 'error',
      comment: 'host/api/client/ takes the host contract as types only (import type)',
      from: { path: '^host/api/client/' },
      to: { path: '^host/api/contract/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'protocol-client-no-node-builtins',
      severity: 'error',
      comment: 'host/api/client/ runs in browsers too: no Node built-ins',
      from: { path: '^host/api/client/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-host-contract-type-only',
      severity: 'error',
      comment: 'renderer/ takes the host contract as types only (import type)',
      from: { path: '^renderer/' },
      to: { path: '^host/api/contract/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'only-electron-imports-electron',
      severity: 'error',
      comment: "only electron/ imports 'electron'",
      from: { pathNot: '^electron/' },
      to: { path: '^electron$|node_modules/electron/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'pure-folders-no-node-builtins',
      severity: 'error',
      comment: 'base/, domains/ and layouts/ are pure: no Node built-ins; renderer/ never imports node:*',
      from: { path: '^(base|domains|layouts|renderer)/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'pure-folders-no-io-libraries',
      severity: 'error',
      comment: 'base/, domains/ and layouts/ are pure: no database, network or DOM libraries',
      from: { path: '^(base|domains|layouts)/' },
      to: { path: 'node_modules/(better-sqlite3|ws|undici|react|react-dom|leaflet|chart\\.js)/' },
    },
    {
      name: 'only-host-opens-the-database',
      severity: 'error',
      comment: 'only host/ opens the database',
      from: { pathNot: '^(host|tests|bench|tools)/' },
      to: { path: 'node_modules/better-sqlite3/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    exclude: { path: '^(dist|out)/' },
  },
};
