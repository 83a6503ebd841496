import { describe, expect, test } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DEFAULTS } from '../../src/interface/inputs.ts'
import {
  Inputs,
  OPERATION_OUTPUTS,
  Operations,
  Outputs,
  type Operation
} from '../../src/interface/names.ts'
import { REFERENCE, renderReadme, renderReferenceFile } from '../../scripts/docs.ts'
import { actionMetadata, ROOT } from '../../scripts/run-action.ts'

describe('action.yml, the code and the docs agree', () => {
  test('action.yml declares exactly the inputs the code reads', async () => {
    expect(Object.keys((await actionMetadata()).inputs)).toEqual(Object.values(Inputs))
  })

  test('action.yml declares exactly the outputs the code sets', async () => {
    expect(Object.keys((await actionMetadata()).outputs)).toEqual(Object.values(Outputs))
  })

  test("the parser's defaults are action.yml's defaults", async () => {
    const declared = Object.fromEntries(
      Object.entries((await actionMetadata()).inputs)
        .filter(([, spec]) => spec.default !== undefined)
        .map(([name, spec]) => [name, spec.default])
    )
    expect(DEFAULTS).toEqual(declared)
  })

  test('every input and output is described', async () => {
    const metadata = await actionMetadata()
    for (const spec of [...Object.values(metadata.inputs), ...Object.values(metadata.outputs)]) {
      expect(spec.description.trim().length).toBeGreaterThan(10)
    }
  })

  test('only operation is required (datasets needs no datasetId; the parser asks per operation)', async () => {
    const required = Object.entries((await actionMetadata()).inputs).filter(
      ([, spec]) => spec.required
    )
    expect(required.map(([name]) => name)).toEqual(['operation'])
  })

  test('it runs the bundle on node24', async () => {
    expect((await actionMetadata()).runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  test("the README's tables are what action.yml says (npm run docs)", async () => {
    expect(await readFile(join(ROOT, 'README.md'), 'utf8')).toBe(await renderReadme())
  })

  test('docs/reference.md is what action.yml and src/interface/ say (npm run docs)', async () => {
    expect(await readFile(REFERENCE, 'utf8')).toBe(await renderReferenceFile())
  })

  test("an output's description names only operations that set it", async () => {
    // Operations are named as "With list or datasets:" or in a list such as "(get, create)".
    const op = Operations.join('|')
    const phrases = [
      new RegExp(`\\bwith ((?:${op})(?:(?:, | or | and )(?:${op}))*)\\b`, 'gi'),
      new RegExp(`\\(((?:${op})(?:, (?:${op}))*)\\)`, 'g')
    ]
    for (const [name, spec] of Object.entries((await actionMetadata()).outputs)) {
      const text = spec.description.replace(/\s+/g, ' ')
      const named = phrases.flatMap(phrase =>
        [...text.matchAll(phrase)].flatMap(m => m[1]!.toLowerCase().split(/, | or | and /))
      )
      const unset = named.filter(
        operation => !OPERATION_OUTPUTS[operation as Operation].some(output => output === name)
      )
      expect({ name, unset }).toEqual({ name, unset: [] })
    }
  })

  test('every operation sets json and resultFile, and every output is set by one', () => {
    for (const op of Operations) {
      expect(OPERATION_OUTPUTS[op]).toEqual(
        expect.arrayContaining([Outputs.json, Outputs.resultFile])
      )
    }
    const set = new Set(Operations.flatMap(op => OPERATION_OUTPUTS[op]))
    expect(Object.values(Outputs).filter(output => !set.has(output))).toEqual([])
  })

  test("the README's first screen gives the demo and test commands, and both exist", async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8')
    const firstScreen = readme.split('\n').slice(0, 15).join('\n')
    expect(firstScreen).toContain('npm ci && npm run demo')
    expect(firstScreen).toContain('npm ci && npm test')
    const { scripts } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>
    }
    expect(Object.keys(scripts)).toEqual(
      expect.arrayContaining(['demo', 'test', 'bundle', 'emulator'])
    )
  })
})
