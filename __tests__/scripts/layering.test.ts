/**
 * The layering rules of eslint.config.js, as ESLint applies them: the core (operations, the API
 * client, input parsing) returns data and never imports report/, and only runner/ and main.ts
 * talk to the runner.
 */
import { describe, expect, test } from '@jest/globals'
import { ESLint } from 'eslint'
import tseslint from 'typescript-eslint'
import { ROOT } from '../../scripts/run-action.ts'

// The project's own config, with type information off: the files linted here are not on disk.
const eslint = new ESLint({ cwd: ROOT, overrideConfig: [tseslint.configs.disableTypeChecked] })

async function restrictedImports(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath })
  return result!.messages
    .filter(message => message.ruleId === 'no-restricted-imports')
    .map(message => message.message)
}

const WORDS = "import { table } from '../../report/format.ts'\nexport const t = table\n"
const CORE = "import * as core from '@actions/core'\nexport const c = core\n"

describe('layering', () => {
  test.each([
    'src/operations/cleanup/anything.ts',
    'src/operations/promote/anything.ts',
    'src/operations/create/anything.ts',
    'src/operations/list/anything.ts',
    'src/paperspace/http/anything.ts',
    'src/interface/inputs/anything.ts'
  ])('%s may not import report/', async filePath => {
    expect(await restrictedImports(filePath, WORDS)).toEqual([
      expect.stringContaining('The core returns data')
    ])
  })

  test.each([
    'src/operations/anything.ts',
    'src/paperspace/anything.ts',
    'src/report/anything.ts',
    'src/shared/anything.ts'
  ])('%s may not talk to the runner', async filePath => {
    expect(await restrictedImports(filePath, CORE)).toEqual([
      expect.stringContaining('Only src/runner/')
    ])
  })

  test('runner/ and main.ts may use both', async () => {
    expect(await restrictedImports('src/runner/anything.ts', CORE)).toEqual([])
    expect(await restrictedImports('src/main.ts', CORE)).toEqual([])
    expect(await restrictedImports('src/runner/sub/anything.ts', WORDS)).toEqual([])
  })
})
