import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseDocument, type Document } from 'yaml'
import { actionMetadata, ROOT } from '../../scripts/run-action.ts'
import { runCommand } from '../helpers/process.ts'

// The check runs as a child process, as `npm run check:github` starts it: jest's own module
// loader cannot take the hook the parser needs (see scripts/json-import-hook.ts).
function check(files: readonly string[], root = ROOT) {
  const hook = join(root, 'scripts', 'json-import-hook.ts')
  const script = join(root, 'scripts', 'check-github.ts')
  return runCommand(process.execPath, ['--import', hook, script, ...files], { cwd: root })
}

const EXPRESSION = '${{ github.run_id }}'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pdv-check-github-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** 1-based number of the first line of `text` that contains `part`. */
function lineOf(text: string, part: string): number {
  return text.split('\n').findIndex(line => line.includes(part)) + 1
}

/** Writes a workflow of one job whose steps are `steps`: the first step is on line 6. */
async function writeWorkflow(file: string, steps: readonly string[]): Promise<string> {
  const header = ['on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:']
  await writeFile(file, [...header, ...steps].join('\n'))
  return file
}

/**
 * A repository of its own under the test's folder: the real scripts, src/interface/names.ts, package.json
 * and action.yml (changed by `edit`), and no workflows, so a check run there sees only that.
 */
async function repositoryCopy(name: string, edit?: (manifest: Document) => void): Promise<string> {
  const root = join(dir, name)
  await mkdir(join(root, 'src', 'interface'), { recursive: true })
  await cp(join(ROOT, 'scripts'), join(root, 'scripts'), { recursive: true })
  await cp(join(ROOT, 'src', 'interface', 'names.ts'), join(root, 'src', 'interface', 'names.ts'))
  await cp(join(ROOT, 'package.json'), join(root, 'package.json'))
  await symlink(join(ROOT, 'node_modules'), join(root, 'node_modules'))
  const manifest = parseDocument(await readFile(join(ROOT, 'action.yml'), 'utf8'))
  edit?.(manifest)
  await writeFile(join(root, 'action.yml'), manifest.toString())
  return root
}

describe("GitHub's parser over action.yml and the workflows", () => {
  test('action.yml, every workflow and every README example load clean', async () => {
    const run = await check([])
    expect(run.output).toMatch(/1 action manifest\(s\) and \d+ workflow\(s\) checked, no problems/)
    expect(run.code).toBe(0)
  })

  test('a ${{ }} in any description of action.yml (top level, each input, each output) stops it loading', async () => {
    const manifest = await readFile(join(ROOT, 'action.yml'), 'utf8')
    const metadata = await actionMetadata()
    const inputs = Object.keys(metadata.inputs)
    const outputs = Object.keys(metadata.outputs)
    const paths = [
      ['description'],
      ...inputs.map(name => ['inputs', name, 'description']),
      ...outputs.map(name => ['outputs', name, 'description'])
    ]
    // One copy per description, each with the expression added to that description only, and a
    // control written the same way with nothing added: the serialisation alone must load clean.
    const copies: { file: string; line: number }[] = []
    const write = async (name: string, edit?: readonly string[]) => {
      const doc = parseDocument(manifest)
      if (edit) doc.setIn(edit, `${String(doc.getIn(edit))} Such as ${EXPRESSION}.`)
      const text = doc.toString({ lineWidth: 0 })
      await mkdir(join(dir, name))
      const file = join(dir, name, 'action.yml')
      await writeFile(file, text)
      return { file, line: lineOf(text, EXPRESSION) }
    }
    const control = await write('control')
    for (const [i, path] of paths.entries()) copies.push(await write(`copy-${i}`, path))

    const run = await check([control.file, ...copies.map(copy => copy.file)])
    expect(run.code).toBe(1)
    for (const copy of copies) {
      expect(copy.line).toBeGreaterThan(0)
      expect(run.output).toContain(`${copy.file}:${copy.line}:`)
    }
    const failures = run.output.split('\n').filter(line => line.includes(': Unrecognized'))
    expect(failures).toHaveLength(paths.length)
    expect(failures.every(line => line.endsWith("Unrecognized named-value: 'github'"))).toBe(true)
    expect(run.output).not.toContain(control.file)
  })

  test('a workflow GitHub would refuse fails the check, naming file, line and the problem', async () => {
    const file = await writeWorkflow(join(dir, 'broken.yml'), [
      '      - run: echo "${{ secret.KEY }}"', // 6
      '        timeout: 5' // 7
    ])
    const run = await check([file])
    expect(run.code).toBe(1)
    expect(run.output).toContain(`${file}:6:`)
    expect(run.output).toMatch(/Unrecognized named-value: 'secret'/)
    expect(run.output).toContain(`${file}:7:9: Unexpected value 'timeout'`)
  })

  test('a step of this action passing an undeclared input is reported, in a workflow or a Markdown example', async () => {
    const workflow = await writeWorkflow(join(dir, 'steps.yml'), [
      '      - uses: ./', // 6
      '        with:', // 7
      '          operation: list', // 8
      // The runner matches input names ignoring case, so this one is passed.
      '          DATASETID: dst1', // 9
      '          dataset-id: dst1', // 10
      '      - uses: actions/upload-artifact@v4', // 11
      '        with:', // 12
      '          not-ours: true' // 13
    ])
    const markdown = join(dir, 'guide.md')
    await writeFile(
      markdown,
      [
        '# Guide', // 1
        '', // 2
        '```yaml', // 3
        '- uses: paperspace-dataset-versions/paperspace-dataset-versions@v1', // 4
        '  with:', // 5
        '    operation: cleanup', // 6
        '    keep-latest: 3', // 7
        '```' // 8
      ].join('\n')
    )
    const run = await check([workflow, markdown])
    expect(run.code).toBe(1)
    const problems = run.output.split('\n').filter(line => line.includes(' is not declared'))
    expect(problems.map(line => line.split(' is not declared')[0])).toEqual([
      `${workflow}:10:11: input "dataset-id"`,
      `${markdown}:7:5: input "keep-latest"`
    ])
  })

  test('action.yml must run dist/index.js on node24 and declare exactly the Inputs of src/interface/names.ts', async () => {
    const root = await repositoryCopy('wrong-manifest', manifest => {
      manifest.deleteIn(['inputs', 'retries'])
      manifest.setIn(['runs', 'main'], 'dist/main.js')
    })
    const workflow = await writeWorkflow(join(root, 'plain.yml'), ['      - run: true'])

    const run = await check([workflow], root)
    expect(run.code).toBe(1)
    expect(run.output).toContain(
      'action.yml: runs must be {"using":"node24","main":"dist/index.js"}'
    )
    expect(run.output).toMatch(
      /differ from src\/interface\/names\.ts' Inputs \(not declared: retries;/
    )
  })

  test('the examples of any docs/**/*.md are checked as soon as the folder exists', async () => {
    const root = await repositoryCopy('with-docs')
    await writeFile(join(root, 'README.md'), '# Title\n')
    await mkdir(join(root, 'docs', 'guides'), { recursive: true })
    await writeFile(
      join(root, 'docs', 'guides', 'cleanup.md'),
      [
        '# Cleanup', // 1
        '', // 2
        '```yaml', // 3
        '- uses: paperspace-dataset-versions/paperspace-dataset-versions@v1', // 4
        '  with:', // 5
        '    operation: cleanup', // 6
        '    older-than: 7d', // 7
        '```' // 8
      ].join('\n')
    )

    const run = await check([], root)
    expect(run.code).toBe(1)
    expect(run.output).toContain('docs/guides/cleanup.md:7:5: input "older-than" is not declared')
    expect(run.output).toContain('1 action manifest(s) and 1 workflow(s)')
  })
})
