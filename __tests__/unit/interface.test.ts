import { describe, expect, test } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DEFAULTS } from '../../src/interface/inputs.ts'
import { Inputs, Outputs } from '../../src/interface/names.ts'
import { renderReadme } from '../../scripts/docs.ts'
import { actionMetadata, ROOT } from '../../scripts/run-action.ts'

describe('action.yml, the code and the README agree', () => {
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
