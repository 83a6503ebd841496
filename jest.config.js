/** Jest runs the TypeScript sources as native ESM (see the `test` script's --experimental-vm-modules). */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  // Many tests start the bundle or a script as a child process; on a busy 2-core machine that
  // can take far longer than jest's default 5 s without anything being wrong.
  testTimeout: 60_000,
  extensionsToTreatAsEsm: ['.ts'],
  // End-to-end tests run a bundle of the current sources, built (or reused, by hash) here first.
  globalSetup: '<rootDir>/__tests__/setup/bundle.ts',
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
  },
  // Coverage counts what runs in-process; the bundle's child processes are not instrumented.
  collectCoverageFrom: ['src/**/*.ts'],
  coverageProvider: 'v8',
  coverageReporters: ['text-summary', 'json-summary'],
  // Today's level (94.9% of statements, 90.7% of branches, 95.4% of functions): hold it.
  coverageThreshold: {
    global: { statements: 94, branches: 90, functions: 95, lines: 94 }
  }
}
