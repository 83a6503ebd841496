import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DAY, history } from '../../emulator/seed.ts'
import { run } from '../../src/main.ts'
import { freshDataset, useEmulator } from '../helpers/emulator.ts'
import { cleanUpRuns, runAgainst } from '../helpers/runner.ts'

const emulator = useEmulator()
afterAll(cleanUpRuns)

const step = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
  runAgainst(run, emulator(), inputs, env)

describe('run(), in process', () => {
  test('get writes the version outputs, logs them and a summary, and succeeds', async () => {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, history({ count: 1, spanMs: DAY }))
    const result = await step({ operation: 'get', datasetId, version: seeded!.version })
    expect(result.exitCode).toBe(0)
    expect(result.errors).toEqual([])
    expect(result.outputs).toMatchObject({
      datasetId,
      version: seeded!.version,
      isCommitted: String(seeded!.isCommitted)
    })
    expect(JSON.parse(result.outputs.json!).version).toBe(seeded!.version)
    expect(result.stdout).toContain(`version: ${seeded!.version}`)
    expect(result.summary).toContain(`## Dataset version \`${seeded!.version}\``)
  })

  test('settings are logged, and inputs the operation ignores are warned about', async () => {
    const datasetId = freshDataset(emulator())
    const result = await step({ operation: 'list', datasetId, olderThan: '3d' })
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('limit: 120')
    expect(result.warnings).toEqual(['olderThan is not used by operation list; it was ignored'])
  })

  test('bad input fails the step with every problem and a failure summary, before any request', async () => {
    const result = await step({ operation: 'get', datasetId: '..', timeout: 'x' })
    expect(result.exitCode).toBe(1)
    expect(result.errors).toEqual([
      expect.stringMatching(/^Invalid inputs:\n- timeout: .*\n- datasetId: .*\n- version: /)
    ])
    expect(result.summary).toMatch(/^## `get` failed\n\n`Invalid inputs: - timeout: /)
    expect(emulator().requests).toHaveLength(0)
  })

  test('an API error fails the step with status, code and message, and no stack', async () => {
    const datasetId = freshDataset(emulator())
    const result = await step({ operation: 'get', datasetId, version: 'missing1' })
    expect(result.exitCode).toBe(1)
    expect(result.errors).toEqual([
      expect.stringMatching(/^GET \/datasets\/\S+\/versions\/missing1 failed: 404 NOT_FOUND: /)
    ])
    expect(result.stdout).not.toMatch(/\n\s+at .+:\d+:\d+/)
  })

  test('[F-key-canary] the key is masked first and appears nowhere else, debug included', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ status: 401, echoAuthorization: true })
    const result = await step({ operation: 'list', datasetId }, { RUNNER_DEBUG: '1' })
    expect(result.exitCode).toBe(1)
    const key = emulator().apiKey
    expect(result.stdout.startsWith(`::add-mask::${key}`)).toBe(true)
    const rest = result.stdout.slice(`::add-mask::${key}`.length)
    expect(rest).not.toContain(key)
    expect(result.summary).not.toContain(key)
  })

  test('[F-cleanup-one-fails] a cleanup whose deletions partly fail reports them and fails the step', async () => {
    const datasetId = freshDataset(emulator())
    const seeds = history({ count: 4, spanMs: 10 * DAY }).map(s => ({
      ...s,
      isCommitted: false,
      ageMs: s.ageMs + 2 * DAY
    }))
    const versions = emulator().store.seedVersions(datasetId, seeds)
    const victim = versions[0]!.version
    emulator().inject({ method: 'DELETE', path: new RegExp(`${victim}$`), status: 409 })
    const result = await step({ operation: 'cleanup', datasetId })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.deletedCount).toBe('3')
    expect(JSON.parse(result.outputs.failed!)).toEqual([
      { version: victim, error: expect.stringContaining('409') }
    ])
    expect(result.errors).toEqual([expect.stringMatching(/^1 of 4 deletions failed: /)])
    expect(result.summary).toContain('| Failed | 1 |')
  })
})

describe('plan files, in process', () => {
  let folder: string
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'pdv-plan-'))
  })
  afterAll(() => rm(folder, { recursive: true, force: true }))

  /** A dataset with two old uncommitted versions, and the text of a dry run's plan of it. */
  async function planned(): Promise<{ datasetId: string; text: string; ids: string[] }> {
    const datasetId = freshDataset(emulator())
    const versions = emulator().store.seedVersions(datasetId, [
      { ageMs: 10 * DAY },
      { ageMs: 9 * DAY }
    ])
    const dry = await step({ operation: 'cleanup', datasetId, dryRun: 'true' })
    expect(dry.exitCode).toBe(0)
    expect(dry.outputs.planFile).toMatch(/paperspace-dataset-versions-cleanup-plan-[\w-]+\.json$/)
    const text = await readFile(dry.outputs.planFile!, 'utf8')
    return { datasetId, text, ids: versions.map(v => v.version) }
  }

  test('a dry run writes the plan file; a folder holding only it, as a download leaves it, is applied', async () => {
    const { datasetId, text, ids } = await planned()
    const download = join(folder, 'one')
    await mkdir(download)
    await writeFile(join(download, 'paperspace-dataset-versions-cleanup-plan-x.json'), text)
    const applied = await step({ operation: 'cleanup', plan: download })
    expect(applied.errors).toEqual([])
    expect(applied.exitCode).toBe(0)
    expect(JSON.parse(applied.outputs.deleted!)).toEqual(ids)
    expect(applied.outputs.datasetId).toBe(datasetId)
    expect(applied.outputs.planFile).toBeUndefined()
    expect(applied.summary).toContain(`: 2 of its 2 versions deleted.\n`)
  })

  test('[F-plan-invalid] a folder holding two .json files, or a path that is not there, fails naming plan, before any request', async () => {
    const { text } = await planned()
    const two = join(folder, 'two')
    await mkdir(two)
    await writeFile(join(two, 'a.json'), text)
    await writeFile(join(two, 'b.json'), text)
    emulator().requests.splice(0)
    const doubled = await step({ operation: 'cleanup', plan: two })
    expect(doubled.exitCode).toBe(1)
    expect(doubled.errors).toEqual([
      `Invalid input: plan: could not read ${JSON.stringify(two)}: a folder holding 2 .json files; name the plan file, or a folder holding only it`
    ])
    const missing = await step({ operation: 'cleanup', plan: join(folder, 'none.json') })
    expect(missing.errors).toEqual([
      `Invalid input: plan: could not read ${JSON.stringify(join(folder, 'none.json'))}: there is no such file or folder`
    ])
    expect(emulator().requests).toEqual([])
  })
})
