// Jest runs in ESM mode (NODE_OPTIONS=--experimental-vm-modules) because Nest 12 ships ESM only.
// ts-jest only transpiles (isolatedModules): `npm run build` is the type check, once for the tree.
const moduleNameMapper = {
  '^@lumbung/(contracts|messaging|platform|testing|read-models)$': '<rootDir>/libs/$1/src/index.ts',
  '^(\\.{1,2}/.*)\\.js$': '$1',
};
const transform = { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: { isolatedModules: true } }] };
// apps/console is a browser app with its own runner (Vitest, `npm run console:test`).
// The transform cache lives in the checkout: a cache shared with another checkout of the repository
// (a second worktree, a CI clone on the same machine) once served a stale ESM/CJS transform.
const common = { cacheDirectory: '<rootDir>/node_modules/.cache/jest', extensionsToTreatAsEsm: ['.ts'], moduleNameMapper, transform, testEnvironment: 'node', setupFiles: ['reflect-metadata'], testPathIgnorePatterns: ['/node_modules/', '<rootDir>/apps/console/'] };

export default {
  // A global option (Jest ignores it inside a project): booting services on a loaded 2-core machine
  // can take longer than the 5 s default. A ceiling, not a measurement.
  testTimeout: 60000,
  // Suites leave behind what Nest, TypeORM and ts-jest's ESM modules hold, and one process running
  // all of them in band reached V8's 4 GB heap limit (and spent its last minutes collecting). With a
  // limit, Jest runs the files in a worker (still one at a time on this machine) and replaces the
  // worker once it holds more than this after a file.
  workerIdleMemoryLimit: '1536MB',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts', '<rootDir>/test/**/*.int-spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
    },
  ],
};
