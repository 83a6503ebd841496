import { afterAll, describe, expect, test } from '@jest/globals'
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
