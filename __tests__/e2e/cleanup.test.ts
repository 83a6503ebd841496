import { describe, expect, test } from '@jest/globals'
import { TAGS_FILTERS } from '../../emulator/readings.ts'
import { DAY } from '../../emulator/seed.ts'
import { startEmulator } from '../../emulator/server.ts'
import { act, errors, warnings } from '../helpers/action.ts'
import { expectedCandidates, seedWeeks } from '../helpers/cleanup.ts'
import { freshDataset, useEmulator } from '../helpers/emulator.ts'

const emulator = useEmulator()
const WEEK = 7 * DAY
const mutating = () => emulator().requests.filter(r => r.method !== 'GET')

describe('cleanup against thousands of versions over six weeks', () => {
  test('[F-cleanup-dry-run] a dry run makes no mutating request and reports exactly the expected candidates', async () => {
    const datasetId = freshDataset(emulator())
    seedWeeks(emulator(), datasetId, 3000, WEEK)
    const before = emulator()
      .store.versions(datasetId)
      .map(v => ({ ...v }))
    const expected = expectedCandidates(before, {
      olderThanMs: WEEK,
      maxDeletions: 10_000,
      protectTags: ['keep']
    })
    expect(expected.length).toBeGreaterThan(1000)

    const run = await act(emulator(), {
      operation: 'cleanup',
      datasetId,
      olderThan: '7d',
      dryRun: 'true',
      maxDeletions: '10000',
      protectTags: 'keep'
    })
    expect(run.exitCode).toBe(0)
    expect(mutating()).toEqual([])
    // Listing: 3000 versions at 120 per page, and no per-version reads in a dry run; besides,
    // one read of the dataset, whose name labels the plan file.
    const listing = emulator().requests.filter(r => r.path === `/datasets/${datasetId}/versions`)
    expect(listing).toHaveLength(25)
    expect(listing.every(r => r.query.limit === '120')).toBe(true)
    expect(
      emulator()
        .requests.filter(r => !listing.includes(r))
        .map(r => r.path)
    ).toEqual([`/datasets/${datasetId}`])
    expect(JSON.parse(run.outputs.candidates!)).toEqual(expected)
    expect(run.outputs).toMatchObject({
      deleted: '[]',
      deletedCount: '0',
      remaining: '0',
      failed: '[]',
      freedBytes: '0'
    })
    expect(emulator().store.versions(datasetId)).toEqual(before)
    expect(run.summary).toContain('> **Dry run**: nothing was deleted.')
    expect(run.summary).toContain('| Versions scanned | 3,000 (25 list requests) |')
    expect(run.summary).toContain(
      `**Would delete ${expected.length.toLocaleString('en-US')} versions**`
    )
    // A dry run's summary is the review page of its plan: every candidate, none cut.
    const rows = run.summary.split('\n').filter(line => line.endsWith('| would be deleted |'))
    expect(rows).toHaveLength(expected.length)
    expect(run.summary).not.toContain('more candidates')
    expect(run.summary).toContain('<details><summary>Settings</summary>')
    expect(Buffer.byteLength(run.summary)).toBeLessThan(1024 * 1024)
  })

  test('[F-cleanup-committed] a real run deletes exactly those versions and nothing else', async () => {
    const datasetId = freshDataset(emulator())
    seedWeeks(emulator(), datasetId, 3000, WEEK)
    const before = emulator().store.versions(datasetId)
    const expected = expectedCandidates(before, {
      olderThanMs: WEEK,
      maxDeletions: 10_000,
      protectTags: ['keep']
    })
    const committed = new Set(before.filter(v => v.isCommitted).map(v => v.version))
    const bytes = before
      .filter(v => expected.includes(v.version))
      .reduce((sum, v) => sum + BigInt(v.usageBytes ?? 0), 0n)

    const run = await act(emulator(), {
      operation: 'cleanup',
      datasetId,
      olderThan: '7d',
      maxDeletions: '10000',
      protectTags: 'keep',
      concurrency: '8'
    })
    expect(run.exitCode).toBe(0)
    const deletes = emulator()
      .requests.filter(r => r.method === 'DELETE')
      .map(r => r.path.split('/').at(-1))
    expect(deletes.sort()).toEqual([...expected].sort())
    expect(deletes.some(id => committed.has(id!))).toBe(false)
    expect(mutating().every(r => r.method === 'DELETE')).toBe(true)
    expect(
      emulator()
        .store.versions(datasetId)
        .map(v => v.version)
        .sort()
    ).toEqual(
      before
        .map(v => v.version)
        .filter(id => !expected.includes(id))
        .sort()
    )
    expect(JSON.parse(run.outputs.deleted!)).toEqual(expected)
    expect(run.outputs).toMatchObject({
      deletedCount: String(expected.length),
      remaining: '0',
      failed: '[]',
      freedBytes: String(bytes)
    })
  }, 120_000)

  test('[F-cleanup-cap] the cap works across two runs: the oldest go first, the second run finishes the work', async () => {
    const datasetId = freshDataset(emulator())
    seedWeeks(emulator(), datasetId, 500, WEEK, 2)
    const all = expectedCandidates(emulator().store.versions(datasetId), {
      olderThanMs: WEEK,
      maxDeletions: 10_000
    })
    const cap = all.length - 25

    const first = await act(emulator(), {
      operation: 'cleanup',
      datasetId,
      olderThan: '7d',
      maxDeletions: String(cap)
    })
    expect(first.exitCode).toBe(0)
    expect(JSON.parse(first.outputs.deleted!)).toEqual(all.slice(0, cap))
    expect(first.outputs.remaining).toBe('25')
    expect(warnings(first)).toEqual([
      `maxDeletions (${cap}) reached: 25 more eligible versions are left for later runs`
    ])

    const second = await act(emulator(), {
      operation: 'cleanup',
      datasetId,
      olderThan: '7d',
      maxDeletions: String(cap)
    })
    expect(JSON.parse(second.outputs.deleted!)).toEqual(all.slice(cap))
    expect(second.outputs.remaining).toBe('0')
    expect(warnings(second)).toEqual([])
    expect(
      expectedCandidates(emulator().store.versions(datasetId), {
        olderThanMs: WEEK,
        maxDeletions: 10_000
      })
    ).toEqual([])
  })
})

describe('cleanup when the world changes under it', () => {
  function seedOld(count: number) {
    const datasetId = freshDataset(emulator())
    const versions = emulator().store.seedVersions(
      datasetId,
      Array.from({ length: count }, (_, i) => ({ ageMs: (10 + i) * DAY, usageBytes: '1000' }))
    )
    return { datasetId, ids: versions.map(v => v.version) }
  }

  test('[F-cleanup-changed-meanwhile] a version committed between listing and deletion survives', async () => {
    const { datasetId, ids } = seedOld(5)
    const target = ids[2]!
    emulator().inject({
      method: 'GET',
      path: `/datasets/${datasetId}/versions/${target}`,
      before: store => store.updateVersion(datasetId, target, { isCommitted: true })
    })
    const run = await act(emulator(), { operation: 'cleanup', datasetId })
    expect(run.exitCode).toBe(0)
    expect(emulator().store.getVersion(datasetId, target).isCommitted).toBe(true)
    expect(emulator().requests.some(r => r.method === 'DELETE' && r.path.endsWith(target))).toBe(
      false
    )
    expect(JSON.parse(run.outputs.deleted!).sort()).toEqual(ids.filter(id => id !== target).sort())
    const report = JSON.parse(run.outputs.json!)
    expect(report.skipped).toEqual([target])
    const { outcomes } = JSON.parse(run.resultFile!)
    expect(outcomes.find((c: { version: string }) => c.version === target)).toMatchObject({
      outcome: 'skipped',
      detail: 'committed since the listing'
    })
  })

  test('[F-cleanup-changed-meanwhile] a version modified between listing and deletion survives', async () => {
    const { datasetId, ids } = seedOld(3)
    const target = ids[0]!
    emulator().inject({
      method: 'GET',
      path: `/datasets/${datasetId}/versions/${target}`,
      before: store => store.updateVersion(datasetId, target, { message: 'still uploading' })
    })
    const run = await act(emulator(), { operation: 'cleanup', datasetId })
    expect(run.exitCode).toBe(0)
    expect(emulator().store.getVersion(datasetId, target).message).toBe('still uploading')
    expect(JSON.parse(run.outputs.json!).skipped).toEqual([target])
  })

  test('[F-cleanup-gone] a DELETE answered 404 counts as gone, not as a failure', async () => {
    const { datasetId, ids } = seedOld(4)
    const target = ids[1]!
    emulator().inject({
      method: 'DELETE',
      path: `/datasets/${datasetId}/versions/${target}`,
      before: store => store.deleteVersion(datasetId, target)
    })
    const run = await act(emulator(), { operation: 'cleanup', datasetId })
    expect(run.exitCode).toBe(0)
    expect(
      emulator().requests.find(r => r.method === 'DELETE' && r.path.endsWith(target))?.status
    ).toBe(404)
    expect(run.outputs.failed).toBe('[]')
    expect(JSON.parse(run.outputs.deleted!)).not.toContain(target)
    expect(JSON.parse(run.outputs.json!).gone).toEqual([target])
    expect(emulator().store.versions(datasetId)).toEqual([])
  })

  test('[F-cleanup-one-fails] a 409 on one delete lets the others go through, then fails the step', async () => {
    const { datasetId, ids } = seedOld(6)
    const target = ids[3]!
    emulator().inject({
      method: 'DELETE',
      path: `/datasets/${datasetId}/versions/${target}`,
      status: 409,
      code: 'CONFLICT',
      message: 'Version is in use'
    })
    const run = await act(emulator(), { operation: 'cleanup', datasetId, concurrency: '2' })
    expect(run.exitCode).toBe(1)
    expect(
      emulator()
        .store.versions(datasetId)
        .map(v => v.version)
    ).toEqual([target])
    expect(JSON.parse(run.outputs.deleted!).sort()).toEqual(ids.filter(id => id !== target).sort())
    const error = `DELETE /datasets/${datasetId}/versions/${target} failed: 409 CONFLICT: Version is in use`
    expect(JSON.parse(run.outputs.failed!)).toEqual([{ version: target, error }])
    expect(errors(run)).toEqual([`1 of 6 deletions failed: ${target} (${error})`])
    expect(run.outputs.deletedCount).toBe('5')
    expect(run.summary).toContain(
      `### Needs attention\n\n- **1 deletion failed** in \`${datasetId}\`:\n` +
        `  - \`${target}\`: \`${error}\``
    )
  })

  test('[F-cleanup-concurrency] deletions run in parallel up to concurrency, never more', async () => {
    const slow = await startEmulator({ latencyMs: 5 })
    try {
      const datasetId = slow.store.createDataset({ name: 'slow' }).id
      slow.store.seedVersions(
        datasetId,
        Array.from({ length: 30 }, (_, i) => ({ ageMs: (2 + i) * DAY }))
      )
      const run = await act(slow, { operation: 'cleanup', datasetId, concurrency: '3' })
      expect(run.outputs.deletedCount).toBe('30')
      expect(slow.peakInFlight).toBe(3)
    } finally {
      await slow.close()
    }
  })
})

describe('an incomplete listing deletes nothing', () => {
  function seedOld() {
    const datasetId = freshDataset(emulator())
    const versions = emulator().store.seedVersions(
      datasetId,
      Array.from({ length: 300 }, (_, i) => ({ ageMs: (10 + (i % 20)) * DAY }))
    )
    return { datasetId, versions }
  }

  async function expectNothingDeleted(datasetId: string, message: string | RegExp) {
    const run = await act(emulator(), { operation: 'cleanup', datasetId, retries: '1' })
    expect(run.exitCode).toBe(1)
    expect(mutating()).toEqual([])
    expect(emulator().store.versions(datasetId)).toHaveLength(300)
    expect(errors(run)).toHaveLength(1)
    expect(errors(run)[0]).toMatch(message)
    expect(run.outputs).toEqual({})
  }

  test('[F-list-page-fails] a page that keeps failing', async () => {
    const { datasetId } = seedOld()
    emulator().inject({
      when: r => r.query.after !== undefined,
      status: 500,
      retryAfter: '0',
      times: Infinity
    })
    await expectNothingDeleted(
      datasetId,
      /^GET \/datasets\/\w+\/versions failed: 500 INTERNAL_SERVER_ERROR: .*\(after 2 attempts\)$/
    )
  })

  test('[F-list-no-cursor] more pages announced without a cursor', async () => {
    const { datasetId, versions } = seedOld()
    emulator().inject({
      when: r => r.query.after !== undefined,
      rawBody: JSON.stringify({ hasMore: true, items: versions.slice(0, 5) })
    })
    await expectNothingDeleted(
      datasetId,
      'The listing is incomplete: page 2 says more versions follow but gives no cursor'
    )
  })

  test('[F-list-repeated-cursor] a repeated cursor', async () => {
    const { datasetId, versions } = seedOld()
    const loop = JSON.stringify({ hasMore: true, items: versions.slice(0, 5), nextPage: 'loop' })
    emulator().inject({ when: r => r.query.after === undefined, rawBody: loop })
    emulator().inject({ when: r => r.query.after === 'loop', rawBody: loop })
    await expectNothingDeleted(
      datasetId,
      'The listing is unusable: page 2 repeats an earlier cursor'
    )
  })

  test('[F-list-truncated] a page cut short of its Content-Length at every attempt', async () => {
    const { datasetId } = seedOld()
    emulator().inject({ when: r => r.query.after !== undefined, truncateAt: 100, times: Infinity })
    await expectNothingDeleted(
      datasetId,
      /^GET \/datasets\/\w+\/versions failed: ERR_HTTP_CONTENT_LENGTH_MISMATCH: Content-Length mismatch.*\(after 2 attempts\)$/
    )
  })

  test('[F-list-wrong-shape] an item that does not parse', async () => {
    const { datasetId, versions } = seedOld()
    const bad = { ...versions[0], isCommitted: 'false' }
    emulator().inject({
      when: r => r.query.after !== undefined,
      rawBody: JSON.stringify({ hasMore: false, items: [bad] })
    })
    await expectNothingDeleted(
      datasetId,
      /failed: 200 INVALID_RESPONSE: .*page\.items\[0\]\.isCommitted is not a boolean$/
    )
  })
})

describe.each(TAGS_FILTERS)(
  '[F-reading-tags-filter] cleanup with tags: a, b when the API reads tags=a,b as %s',
  reading => {
    test('deletes exactly the old versions carrying a or b', async () => {
      const datasetId = freshDataset(emulator())
      const old = { ageMs: 3 * DAY }
      emulator().store.seedVersions(datasetId, [
        { ...old, version: 'onlyaaa', tags: ['a'] },
        { ...old, version: 'onlybbb', tags: ['b'] },
        { ...old, version: 'bothab0', tags: ['a', 'b'] },
        { ...old, version: 'commaab', tags: ['a,b'] },
        { ...old, version: 'neither', tags: ['c'] }
      ])
      emulator().store.readings.tagsFilter = reading
      const run = await act(emulator(), { operation: 'cleanup', datasetId, tags: 'a, b' })
      expect(errors(run)).toEqual([])
      expect(JSON.parse(run.outputs.deleted!).sort()).toEqual(['bothab0', 'onlyaaa', 'onlybbb'])
      expect(
        emulator()
          .store.versions(datasetId)
          .map(v => v.version)
      ).toEqual(['commaab', 'neither'])
    })
  }
)
