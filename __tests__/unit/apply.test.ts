import { describe, expect, test } from '@jest/globals'
import { applyPlan, type ApplyOptions } from '../../src/cleanup/apply.ts'
import type { Outcome } from '../../src/cleanup/outcomes.ts'
import { planCleanup, type CleanupRules } from '../../src/cleanup/plan.ts'
import type { DatasetVersion } from '../../src/paperspace/types.ts'
import { apiError, FakeClient } from '../helpers/fake-client.ts'
import { versionFixture } from '../helpers/versions.ts'

const NOW = Date.parse('2026-11-28T12:00:00.000Z')
const DAY = 86_400_000
const rules: CleanupRules = {
  olderThanMs: DAY,
  maxDeletions: 100,
  protectTags: ['keep'],
  onlyTags: [],
  keepLatest: 0
}

function stale(count: number): DatasetVersion[] {
  return Array.from({ length: count }, (_, i) =>
    versionFixture({
      version: `v${String(i).padStart(3, '0')}`,
      dtModified: new Date(NOW - (10 + i) * DAY).toISOString(),
      usageBytes: '100'
    })
  )
}

async function apply(
  client: FakeClient,
  versions: readonly DatasetVersion[],
  options: Partial<ApplyOptions> = {}
): Promise<Outcome[]> {
  const plan = planCleanup(versions, NOW, rules)
  return applyPlan(client, 'dsx', plan, {
    dryRun: false,
    concurrency: 4,
    rules,
    now: () => NOW,
    ...options
  })
}

const statuses = (outcomes: readonly Outcome[]) =>
  Object.fromEntries(outcomes.map(o => [o.decision.version.version, o.status]))

describe('applyPlan', () => {
  test('deletes every candidate after reading it again, and counts the bytes freed', async () => {
    const versions = stale(3)
    const client = new FakeClient(versions)
    const outcomes = await apply(client, versions)
    expect(outcomes.map(o => o.status)).toEqual(['deleted', 'deleted', 'deleted'])
    expect(client.versions.size).toBe(0)
    for (const id of ['v000', 'v001', 'v002']) {
      expect(client.calls.indexOf(`GET ${id}`)).toBeLessThan(client.calls.indexOf(`DELETE ${id}`))
    }
    expect(outcomes.map(o => (o.status === 'deleted' ? o.freedBytes : 0n))).toEqual([
      100n,
      100n,
      100n
    ])
  })

  test('a dry run makes no call at all', async () => {
    const versions = stale(3)
    const client = new FakeClient(versions)
    const outcomes = await apply(client, versions, { dryRun: true })
    expect(outcomes.map(o => o.status)).toEqual(['would-delete', 'would-delete', 'would-delete'])
    expect(client.calls).toEqual([])
  })

  test.each([
    ['committed', { isCommitted: true }, { change: 'committed' }],
    ['modified', { dtModified: new Date(NOW - 5 * DAY).toISOString() }, { change: 'modified' }],
    [
      'protected',
      { tags: ['keep'] },
      { change: 'now-kept', keep: { rule: 'protected', tag: 'keep' } }
    ]
  ])('a version %s since the listing is skipped, not deleted', async (_name, change, skip) => {
    const versions = stale(3)
    const client = new FakeClient(versions)
    const target = versions[1]!
    client.beforeGet = id => {
      if (id === target.version) client.versions.set(id, { ...target, ...change })
    }
    const outcomes = await apply(client, versions)
    expect(outcomes.find(o => o.decision.version.version === target.version)).toMatchObject({
      status: 'skipped',
      skip
    })
    expect(client.calls).not.toContain(`DELETE ${target.version}`)
    expect(client.versions.has(target.version)).toBe(true)
  })

  test('a version someone else deleted (404 on the read or on the DELETE) is gone, not failed', async () => {
    const versions = stale(3)
    const client = new FakeClient(versions)
    client.versions.delete('v000')
    client.failures.set('DELETE v001', apiError('DELETE', 'v001', 404, 'NOT_FOUND'))
    expect(statuses(await apply(client, versions))).toEqual({
      v000: 'gone',
      v001: 'gone',
      v002: 'deleted'
    })
  })

  test('a failed deletion is recorded and the others still go', async () => {
    const versions = stale(6)
    const client = new FakeClient(versions)
    client.failures.set('DELETE v002', apiError('DELETE', 'v002', 409, 'CONFLICT'))
    client.failures.set('GET v004', apiError('GET', 'v004', 500, 'INTERNAL_SERVER_ERROR'))
    const outcomes = await apply(client, versions)
    expect(statuses(outcomes)).toEqual({
      v000: 'deleted',
      v001: 'deleted',
      v002: 'failed',
      v003: 'deleted',
      v004: 'failed',
      v005: 'deleted'
    })
    const failed = outcomes.find(o => o.decision.version.version === 'v002')
    expect(failed).toMatchObject({ error: expect.stringContaining('409 CONFLICT') })
  })

  test.each([1, 3, 8])('never has more than %i calls in flight', async concurrency => {
    const versions = stale(40)
    const client = new FakeClient(versions)
    await apply(client, versions, { concurrency })
    expect(client.peakInFlight).toBe(concurrency)
    expect(client.versions.size).toBe(0)
  })

  test('reports each outcome as it happens, in a dry run too', async () => {
    const versions = stale(2)
    const seen: string[] = []
    await apply(new FakeClient(versions), versions, {
      dryRun: true,
      onOutcome: o => seen.push(`${o.decision.version.version} ${o.status}`)
    })
    expect(seen).toEqual(['v001 would-delete', 'v000 would-delete'])
  })
})
