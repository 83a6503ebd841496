import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import { defineConfig } from 'eslint/config'
import tseslint from 'typescript-eslint'

// Only src/runner/ (and main.ts, which wires it) talks to the runner; everything below gets a Log
// and plain values.
const runnerOnly = ['@actions/core', '@actions/github'].map(name => ({
  name,
  message: 'Only src/runner/ and src/main.ts talk to the runner.'
}))
// The core returns data; report/ turns it into words, and only main.ts and runner/ use it.
const noWords = {
  group: ['**/report/*'],
  message: 'The core returns data; report/ renders it (main.ts and runner/ call it).'
}

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js'] },
        tsconfigRootDir: import.meta.dirname
      }
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }
      ]
    }
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/main.ts', 'src/runner/**'],
    rules: { 'no-restricted-imports': ['error', { paths: runnerOnly }] }
  },
  {
    // A later block replaces a rule's options rather than adding to them: both rules again.
    files: ['src/operations/**/*.ts', 'src/paperspace/**/*.ts', 'src/interface/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: runnerOnly, patterns: [noWords] }] }
  },
  { files: ['src/**/*.ts'], rules: { 'no-console': 'error' } },
  { files: ['**/*.js'], extends: [tseslint.configs.disableTypeChecked] },
  {
    files: ['__tests__/**/*.ts'],
    rules: {
      // Tests read JSON bodies of any shape.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off'
    }
  },
  prettier
)
