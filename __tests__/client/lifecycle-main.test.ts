import { afterAll, describe, expect, test } from '@jest/globals'
import { DAY } from '../../emulator/seed.ts'
import { run } from '../../src/main.ts'
import { freshDataset, useEmulator } from '../helpers/emulator.ts'
import { cleanUpRuns, runAgainst } from '../helpers/runner.ts'

const emulator = useEmulator()
afterAll(cleanUpRuns)

const step = (inputs: Record<string, string>) => runAgainst(run, emulator(), inputs)

describe('promote, resolve and wait through run(), in process', () => {
  test('promote then resolve: the tag moves, and resolve finds its new carrier', async () => {
    const datasetId = freshDataset(emulator())
    const [old, target] = emulator().store.seedVersions(datasetId, [
      { ageMs: 2 * DAY, isCommitted: true, tags: ['production', 'keep'] },
      { ageMs: 3 * DAY, isCommitted: true }
    ])
    const promoted = await step({
      operation: 'promote',
      datasetId,
      version: target!.version,
      tags: 'production'
    })
    expect(promoted.errors).toEqual([])
    expect(JSON.parse(promoted.outputs.moved!)).toEqual([
      { tag: 'production', from: [old!.version] }
    ])
    expect(promoted.summary).toContain(`## Promoted dataset version \`${target!.version}\``)

    // The target is older than the version it took the tag from: resolve goes by the tag.
    const resolved = await step({ operation: 'resolve', datasetId, tags: 'production' })
    expect(resolved.outputs.version).toBe(target!.version)
    expect(resolved.summary).toContain('## Resolved `production` to dataset version')
  })

  test('wait returns at once for a committed version', async () => {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, [{ ageMs: DAY, isCommitted: true }])
    const result = await step({ operation: 'wait', datasetId, version: seeded!.version })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ version: seeded!.version, isCommitted: 'true' })
    expect(result.stdout).toContain('waitTimeout: "15m"')
    expect(result.summary).toContain('It was already committed at the first poll.')
  })

  test('promote of an uncommitted version without commit fails with nothing written', async () => {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, [{ ageMs: DAY }])
    const result = await step({
      operation: 'promote',
      datasetId,
      version: seeded!.version,
      tags: 'production'
    })
    expect(result.exitCode).toBe(1)
    expect(result.errors).toEqual([
      expect.stringContaining('only committed versions can be promoted')
    ])
    expect(result.summary).toContain('## `promote` failed')
    expect(emulator().requests.map(r => r.method)).toEqual(['GET'])
  })
})

describe('[F-cancel-other] cancelling a run, in process', () => {
  test.each(['SIGINT', 'SIGTERM'] as const)(
    '%s stops a wait, fails the step, and the listener is gone afterwards',
    async signal => {
      const datasetId = freshDataset(emulator())
      const [seeded] = emulator().store.seedVersions(datasetId, [{ ageMs: DAY }])
      const before = process.listeners(signal)
      // The runner cancels a job with SIGINT, then SIGTERM. The listeners the run added are
      // called as the signal would call them; the test runner's own are left alone.
      const deliver = () => {
        for (const listener of process.listeners(signal)) {
          if (!before.includes(listener)) listener(signal)
        }
      }
      emulator().inject({ method: 'GET', before: deliver })
      const result = await step({
        operation: 'wait',
        datasetId,
        version: seeded!.version,
        waitTimeout: '1h'
      })
      expect(result.exitCode).toBe(1)
      expect(result.errors).toEqual([
        expect.stringMatching(
          new RegExp(`^Stopped waiting for version ${seeded!.version}: the run was cancelled after`)
        )
      ])
      expect(emulator().requests).toHaveLength(1)
      expect(process.listeners(signal)).toEqual(before)
    }
  )
})
