import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import { defineConfig } from 'eslint/config'
import tseslint from 'typescript-eslint'

// Only main.ts talks to the runner (through src/toolkit/, the parts of @actions/core and
// @actions/github it loads); everything below it gets a Log and plain values.
const runnerOnlyInMain = ['@actions/core', '@actions/github'].map(name => ({
  name,
  message: 'Only src/main.ts talks to the runner.'
}))
const toolkitOnlyInMain = {
  group: ['**/toolkit/*'],
  message: 'Only src/main.ts talks to the runner.'
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
    ignores: ['src/main.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: runnerOnlyInMain, patterns: [toolkitOnlyInMain] }]
    }
  },
  {
    files: ['src/operations/**/*.ts', 'src/paperspace/**/*.ts'],
    rules: {
      // The core returns data; report/ turns it into words. (The runner rule again: a later
      // block replaces a rule's options rather than adding to them.)
      'no-restricted-imports': [
        'error',
        {
          paths: runnerOnlyInMain,
          patterns: [
            { group: ['**/report/*'], message: 'The core returns data; report/ renders it.' },
            toolkitOnlyInMain
          ]
        }
      ]
    }
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
