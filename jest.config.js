/** Jest runs the TypeScript sources as native ESM (see the `test` script's --experimental-vm-modules). */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
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
