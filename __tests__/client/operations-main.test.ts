import { afterAll, describe, expect, test } from '@jest/globals'
import { DAY, history } from '../../emulator/seed.ts'
import { run } from '../../src/main.ts'
import { freshDataset, useEmulator } from '../helpers/emulator.ts'
import { cleanUpRuns, runAgainst } from '../helpers/runner.ts'

const emulator = useEmulator()
afterAll(cleanUpRuns)

const step = (inputs: Record<string, string>) => runAgainst(run, emulator(), inputs)

const calls = (method: string) => emulator().requests.filter(r => r.method === method)

function stale(count: number, datasetId = freshDataset(emulator())) {
  const versions = emulator().store.seedVersions(
    datasetId,
    history({ count, spanMs: 5 * DAY, committedShare: 0 }).map(v => ({
      ...v,
      ageMs: v.ageMs + 3 * DAY
    }))
  )
  return { datasetId, ids: versions.map(v => v.version) }
}

describe('every operation through run(), in process', () => {
  test('create with commit: two requests, committed, created true', async () => {
    const datasetId = freshDataset(emulator())
    const result = await step({ operation: 'create', datasetId, commit: 'true', tags: 'a,b' })
    expect(result.errors).toEqual([])
    expect(result.outputs).toMatchObject({ isCommitted: 'true', created: 'true', tags: 'a,b' })
    expect(emulator().requests.map(r => r.method)).toEqual(['POST', 'PUT'])
    expect(result.summary).toContain('Created and committed dataset version')
  })

  test('[F-create-lost-answer] create recovers a version whose POST answer was lost, by its token', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ method: 'POST', statusAfterApply: 500 })
    const result = await step({ operation: 'create', datasetId, metadata: '{"epochs": 2}' })
    expect(result.exitCode).toBe(0)
    const stored = emulator().store.versions(datasetId)
    expect(stored).toHaveLength(1)
    expect(result.outputs).toMatchObject({ version: stored[0]!.version, created: 'true' })
    expect(calls('POST')).toHaveLength(1)
  })

  test('create with an idempotencyKey twice makes one version; the second is adopted', async () => {
    const datasetId = freshDataset(emulator())
    const first = await step({ operation: 'create', datasetId, idempotencyKey: 'run-42' })
    const second = await step({ operation: 'create', datasetId, idempotencyKey: 'run-42' })
    expect(first.outputs.created).toBe('true')
    expect(second.outputs).toMatchObject({ created: 'false', version: first.outputs.version })
    expect(emulator().store.versions(datasetId)).toHaveLength(1)
  })

  test('update with commit, then commit again (already committed), then delete', async () => {
    const { datasetId, ids } = stale(1)
    const version = ids[0]!
    const updated = await step({
      operation: 'update',
      datasetId,
      version,
      message: 'final',
      commit: 'true'
    })
    expect(updated.outputs).toMatchObject({ isCommitted: 'true' })
    expect(emulator().store.getVersion(datasetId, version).message).toBe('final')
    const again = await step({ operation: 'commit', datasetId, version })
    expect(again.exitCode).toBe(0)
    expect(again.summary).toContain('already committed')
    const removed = await step({ operation: 'delete', datasetId, version })
    expect(removed.exitCode).toBe(0)
    expect(emulator().store.versions(datasetId)).toEqual([])
  })

  test('commit fails clearly when the PUT says 200 but the version stays uncommitted', async () => {
    const { datasetId, ids } = stale(1)
    emulator().inject({
      method: 'PUT',
      mapBody: body => ({ ...(body as object), isCommitted: false })
    })
    // And the confirming read (not the first read) agrees: the commit did not take.
    emulator().inject({
      method: 'GET',
      path: `/datasets/${datasetId}/versions/${ids[0]}`,
      skip: 1,
      mapBody: body => ({ ...(body as object), isCommitted: false })
    })
    const result = await step({ operation: 'commit', datasetId, version: ids[0]! })
    expect(result.exitCode).toBe(1)
    expect(result.errors.join('\n')).toMatch(/not committed/i)
  })

  test('datasets lists every private dataset', async () => {
    const before = emulator()
      .store.listDatasets()
      .filter(d => !d.isPublic).length
    freshDataset(emulator(), 'one more')
    const result = await step({ operation: 'datasets' })
    expect(result.exitCode).toBe(0)
    expect(JSON.parse(result.outputs.datasetIds!)).toHaveLength(before + 1)
    expect(result.outputs.count).toBe(String(before + 1))
  })

  test('[F-cleanup-dataset-fails] a cleanup of two datasets names versions datasetId:version and fails naming a dataset it could not list', async () => {
    const a = stale(3)
    const b = stale(2)
    const broken = freshDataset(emulator())
    emulator().inject({
      method: 'GET',
      path: `/datasets/${broken}/versions`,
      status: 500,
      times: Infinity
    })
    const result = await step({
      operation: 'cleanup',
      datasetId: `${a.datasetId}, ${b.datasetId}, ${broken}`,
      keepLatest: '1',
      olderThan: '1d'
    })
    expect(result.exitCode).toBe(1)
    const deleted: string[] = JSON.parse(result.outputs.deleted!)
    expect(deleted).toHaveLength(3)
    for (const ref of deleted) expect(ref).toMatch(/^ds\w+:\w+$/)
    expect(result.errors).toEqual([
      expect.stringContaining(`Dataset ${broken} could not be listed`)
    ])
    expect(result.summary).toContain('### Per dataset')
  })

  test('a cleanup whose deletions all fail stops at the breaker and says so in one line', async () => {
    const { datasetId } = stale(20)
    emulator().inject({ method: 'DELETE', status: 503, times: Infinity })
    const result = await step({
      operation: 'cleanup',
      datasetId,
      concurrency: '1',
      olderThan: '1d'
    })
    expect(result.exitCode).toBe(1)
    expect(calls('DELETE')).toHaveLength(5)
    expect(JSON.parse(result.outputs.notAttempted!)).toHaveLength(15)
    expect(result.errors).toEqual([expect.stringMatching(/^The API seems unavailable: /)])
  })

  test('a cleanup that is already cancelled starts no deletion and reports it', async () => {
    const { datasetId } = stale(4)
    // Only the listener the run added is called, as the signal would; the test runner's are not.
    const before = process.listeners('SIGTERM')
    emulator().inject({
      method: 'GET',
      path: `/datasets/${datasetId}/versions`,
      before: () => {
        for (const listener of process.listeners('SIGTERM')) {
          if (!before.includes(listener)) listener('SIGTERM')
        }
      }
    })
    const result = await step({ operation: 'cleanup', datasetId, olderThan: '1d' })
    expect(result.exitCode).toBe(1)
    expect(calls('DELETE')).toHaveLength(0)
    expect(result.errors.join('\n')).toMatch(/cancel/i)
  })

  test.each([
    ['its answer was lost', { resetAfterApply: true }],
    ['it answered 500 after applying', { statusAfterApply: 500 }],
    ['it was refused after applying', { statusAfterApply: 409 }]
  ])('a commit whose PUT %s is confirmed by reading the version back', async (_name, fault) => {
    const { datasetId, ids } = stale(1)
    emulator().inject({ method: 'PUT', ...fault })
    const result = await step({ operation: 'commit', datasetId, version: ids[0]! })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.isCommitted).toBe('true')
    expect(result.summary).toContain('confirmed by reading it back')
  })

  test('update without commit, get and list read back what was set', async () => {
    const { datasetId, ids } = stale(2)
    const updated = await step({
      operation: 'update',
      datasetId,
      version: ids[0]!,
      tags: 'gold',
      metadata: '{"stage": 2}'
    })
    expect(updated.outputs).toMatchObject({ tags: 'gold', isCommitted: 'false' })
    const got = await step({ operation: 'get', datasetId, version: ids[0]! })
    expect(JSON.parse(got.outputs.json!).metadata).toEqual({ stage: 2 })
    const listed = await step({ operation: 'list', datasetId, tags: 'gold', limit: '1' })
    expect(JSON.parse(listed.outputs.versions!).map((v: { version: string }) => v.version)).toEqual(
      [ids[0]]
    )
    expect(listed.outputs.hasMore).toBe('false')
  })

  test('resolve finds the newest committed carrier, and fails naming the tags when none', async () => {
    const datasetId = freshDataset(emulator())
    // Older, newer, and newest of all but uncommitted: only the middle one is the answer.
    const [, newer] = emulator().store.seedVersions(datasetId, [
      { ageMs: 3 * DAY, isCommitted: true, tags: ['prod'] },
      { ageMs: 2 * DAY, isCommitted: true, tags: ['prod', 'x'] },
      { ageMs: 1 * DAY, isCommitted: false, tags: ['prod'] }
    ])
    const found = await step({ operation: 'resolve', datasetId, tags: 'prod' })
    expect(found.exitCode).toBe(0)
    expect(found.outputs).toMatchObject({ version: newer!.version, isCommitted: 'true' })
    const none = await step({ operation: 'resolve', datasetId, tags: 'nope' })
    expect(none.exitCode).toBe(1)
    expect(none.errors).toEqual([
      `No committed version of dataset ${datasetId} carries the tag nope (0 versions checked)`
    ])
  })

  test('promote moves a tag and wait returns a version that is already committed', async () => {
    const datasetId = freshDataset(emulator())
    const [from, to] = emulator().store.seedVersions(datasetId, [
      { ageMs: 2 * DAY, isCommitted: true, tags: ['prod', 'keep'] },
      { ageMs: 1 * DAY, isCommitted: true, tags: [] }
    ])
    const promoted = await step({
      operation: 'promote',
      datasetId,
      version: to!.version,
      tags: 'prod'
    })
    expect(promoted.exitCode).toBe(0)
    expect(JSON.parse(promoted.outputs.moved!)).toEqual([{ tag: 'prod', from: [from!.version] }])
    expect(emulator().store.getVersion(datasetId, from!.version).tags).toEqual(['keep'])
    const waited = await step({ operation: 'wait', datasetId, version: to!.version })
    expect(waited.exitCode).toBe(0)
    expect(waited.outputs.isCommitted).toBe('true')
  })

  test('a dry run over every dataset (*) deletes nothing and counts per dataset', async () => {
    const two = stale(2)
    const three = stale(3)
    const result = await step({
      operation: 'cleanup',
      datasetId: '*',
      dryRun: 'true',
      olderThan: '1d'
    })
    expect(result.exitCode).toBe(0)
    expect(calls('DELETE')).toHaveLength(0)
    // The emulator holds the datasets of the tests before this one too: these two are among them.
    expect(JSON.parse(result.outputs.json!).datasets).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ datasetId: two.datasetId, candidates: 2, deleted: 0 }),
        expect.objectContaining({ datasetId: three.datasetId, candidates: 3, deleted: 0 })
      ])
    )
    expect(result.summary).toContain('**Dry run**')
  })
})
