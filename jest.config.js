/** Jest runs the TypeScript sources as native ESM (see the `test` script's --experimental-vm-modules). */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  // Many tests start the bundle or a script as a child process; on a busy 2-core machine that
  // can take far longer than jest's default 5 s without anything being wrong.
  testTimeout: 60_000,
  extensionsToTreatAsEsm: ['.ts'],
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
