/** Jest runs the TypeScript sources as native ESM (see the `test` script's --experimental-vm-modules). */

/**
 * The test files that run the bundle as a child process (`runAction`, directly or through the
 * local workflow runner). Only these need it built, so only their project has the global setup
 * that builds it.
 */
const BUNDLE_TESTS = [
  '<rootDir>/__tests__/e2e/',
  '<rootDir>/__tests__/scripts/run-workflow.test.ts',
  '<rootDir>/__tests__/scripts/bench.test.ts'
]

/** What every test file gets, whichever project it is in. */
const common = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  extensionsToTreatAsEsm: ['.ts'],
  // Every emulator answer and every request the action sends is checked against the API's
  // schemas after each test, whatever the test.
  setupFilesAfterEnv: ['<rootDir>/__tests__/setup/conformance.ts'],
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        useESM: true,
        tsconfig: {
          rewriteRelativeImportExtensions: false,
          allowImportingTsExtensions: true,
          noEmit: true
        }
      }
    ]
  }
}

export default {
  // jest runs a project's global setup only when at least one of its test files runs: a run of
  // __tests__/unit (or client, emulator, scripts) builds nothing.
  projects: [
    {
      ...common,
      displayName: 'in-process',
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...BUNDLE_TESTS],
      // A test here that starts the bundle all the same fails, saying where to list it,
      // instead of running the committed dist/ (which may be stale).
      setupFiles: ['<rootDir>/__tests__/setup/no-bundle.ts']
    },
    {
      ...common,
      displayName: 'bundle',
      testMatch: BUNDLE_TESTS.map(path => (path.endsWith('/') ? `${path}**/*.test.ts` : path)),
      // The bundle of the current sources, built (or reused, by hash) before these tests run.
      globalSetup: '<rootDir>/__tests__/setup/bundle.ts'
    }
  ],
  // Many tests start the bundle or a script as a child process; on a busy 2-core machine that
  // can take far longer than jest's default 5 s without anything being wrong. (jest reads this
  // here, not from a project.)
  testTimeout: 60_000,
  // Coverage counts what runs in-process; the bundle's child processes are not instrumented.
  collectCoverageFrom: ['src/**/*.ts'],
  coverageProvider: 'v8',
  coverageReporters: ['text-summary', 'json-summary'],
  // Today's level (94.9% of statements, 90.7% of branches, 95.4% of functions): hold it.
  coverageThreshold: {
    global: { statements: 94, branches: 90, functions: 95, lines: 94 }
  }
}
