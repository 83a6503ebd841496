import { describe, expect, test } from '@jest/globals'
import { DAY } from '../../emulator/seed.ts'
import { act, warnings } from '../helpers/action.ts'
import { freshDataset, useEmulator } from '../helpers/emulator.ts'

/**
 * Outputs never undo work: GitHub keeps at most 1 MB per output, so whatever does not fit is in
 * the result file, and size alone never fails a step.
 */
const emulator = useEmulator()
const MB = 1_000_000
// Thousands of requests each: allow for a busy machine.

const longTags = (i: number) =>
  Array.from({ length: 8 }, (_, t) => `tag-${t}-${i}-${'t'.repeat(80)}`)
const longMessage = (i: number) => `Version ${i}: ${'a long message line. '.repeat(100)}`

describe('[F-output-too-large] the result file holds everything; outputs hold what fits', () => {
  test('a live cleanup of 3,000 versions with long tags and messages succeeds, all in the file', async () => {
    const datasetId = freshDataset(emulator())
    const seeded = emulator().store.seedVersions(
      datasetId,
      Array.from({ length: 3000 }, (_, i) => ({
        ageMs: 10 * DAY + i * 1000,
        tags: longTags(i),
        message: longMessage(i),
        usageBytes: String(1000 + i)
      }))
    )
    const run = await act(emulator(), {
      operation: 'cleanup',
      datasetId,
      olderThan: '1d',
      maxDeletions: '10000',
      concurrency: '16'
    })
    expect(run.exitCode).toBe(0)
    expect(emulator().store.versions(datasetId)).toEqual([])
    for (const [name, value] of Object.entries(run.outputs)) {
      expect([name, Buffer.byteLength(value) < MB]).toEqual([name, true])
    }
    expect(run.outputs.deletedCount).toBe('3000')
    expect(JSON.parse(run.outputs.deleted!)).toHaveLength(3000)
    expect(JSON.parse(run.outputs.json!).counts).toMatchObject({ candidates: 3000, deleted: 3000 })

    expect(run.outputs.resultFile).toMatch(/paperspace-dataset-versions-cleanup-[0-9a-f-]+\.json$/)
    const file = JSON.parse(run.resultFile!)
    expect(Buffer.byteLength(run.resultFile!)).toBeGreaterThan(5 * MB)
    expect(file.outcomes).toHaveLength(3000)
    const byId = new Map(seeded.map(v => [v.version, v]))
    for (const o of file.outcomes) {
      const v = byId.get(o.version)!
      expect(o).toMatchObject({
        outcome: 'deleted',
        tags: v.tags,
        message: v.message,
        usageBytes: v.usageBytes
      })
    }
    expect(new Set(file.outcomes.map((o: { version: string }) => o.version)).size).toBe(3000)
  }, 120_000)

  test('a list of 10,000 versions succeeds with count and the file; versions is not set', async () => {
    const datasetId = freshDataset(emulator())
    emulator().store.seedVersions(
      datasetId,
      Array.from({ length: 10_000 }, (_, i) => ({
        ageMs: i * 1000,
        tags: ['nightly', `run-${i}`],
        message: `Nightly snapshot ${i} of the training data`
      }))
    )
    const run = await act(emulator(), { operation: 'list', datasetId, limit: '10000' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({ count: '10000', hasMore: 'false', nextPage: '' })
    expect(run.outputs.versions).toBeUndefined()
    expect(JSON.parse(run.outputs.json!)).toEqual({
      datasetId,
      count: 10_000,
      hasMore: false,
      nextPage: null
    })
    const file = JSON.parse(run.resultFile!)
    expect(file).toMatchObject({ datasetId, count: 10_000, hasMore: false })
    expect(file.versions).toHaveLength(10_000)
    expect(new Set(file.versions.map((v: { version: string }) => v.version)).size).toBe(10_000)
    expect(warnings(run)).toEqual([
      expect.stringMatching(
        /^Not set, larger than the 1 MB GitHub allows for one output: versions \(\d\.\d MB\)\. The complete result is in the file named by the resultFile output\. To get the versions as outputs, ask for fewer \(limit\) and page on with after set to the nextPage output\.$/
      )
    ])
  }, 120_000)

  test('every operation names its result file, under RUNNER_TEMP, holding the whole result', async () => {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, [{ ageMs: DAY, tags: ['a'] }])
    const get = await act(emulator(), { operation: 'get', datasetId, version: seeded!.version })
    expect(get.outputs.resultFile).toMatch(/paperspace-dataset-versions-get-[0-9a-f-]+\.json$/)
    expect(JSON.parse(get.resultFile!)).toEqual({
      datasetId,
      outcome: 'fetched',
      version: JSON.parse(get.outputs.json!)
    })
    const list = await act(emulator(), { operation: 'list', datasetId })
    expect(JSON.parse(list.resultFile!).versions).toEqual(JSON.parse(list.outputs.versions!))
    const removed = await act(emulator(), {
      operation: 'delete',
      datasetId,
      version: seeded!.version
    })
    expect(JSON.parse(removed.resultFile!)).toEqual(JSON.parse(removed.outputs.json!))
  })
})
