import { describe, expect, test } from '@jest/globals'
import {
  applyPlan,
  BREAKER_THRESHOLD,
  type Deletions,
  type ApplyOptions
} from '../../src/operations/cleanup/apply.ts'
import type { Outcome } from '../../src/operations/cleanup/outcomes.ts'
import { keepRule, planCleanup, type CleanupRules } from '../../src/operations/cleanup/plan.ts'
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
  return (await applied(client, versions, options)).outcomes
}

function applied(
  client: FakeClient,
  versions: readonly DatasetVersion[],
  options: Partial<ApplyOptions> = {}
): Promise<Deletions> {
  const plan = planCleanup(versions, NOW, rules)
  return applyPlan(client, 'dsx', plan, {
    dryRun: false,
    concurrency: 4,
    keptNow: (version, ageMs) => keepRule(version, ageMs, rules),
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

  test('[F-cleanup-dry-run] a dry run makes no call at all', async () => {
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
    ],
    [
      // As the API has it: tagging a version modifies it; the tag is the reason worth telling.
      'tagged keep (and so modified)',
      { tags: ['keep'], dtModified: new Date(NOW - DAY).toISOString() },
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

  test('[F-cleanup-gone] a version someone else deleted (404 on the read or on the DELETE) is gone, not failed', async () => {
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

  test('[F-cleanup-one-fails] a failed deletion is recorded and the others still go', async () => {
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

describe('[F-cleanup-breaker] the circuit breaker', () => {
  const unavailable = (method: string, id: string) =>
    method === 'DELETE' ? apiError(method, id, 503, 'SERVICE_UNAVAILABLE') : undefined
  const deletes = (client: FakeClient) => client.calls.filter(c => c.startsWith('DELETE'))

  test(`after ${BREAKER_THRESHOLD} failed deletions in a row, no new deletion starts`, async () => {
    const versions = stale(40)
    const client = new FakeClient(versions)
    client.fail = unavailable
    const { outcomes, stop } = await applied(client, versions, { concurrency: 1 })
    expect(deletes(client)).toHaveLength(BREAKER_THRESHOLD)
    expect(stop).toMatchObject({ cause: 'unavailable', failures: BREAKER_THRESHOLD })
    expect(outcomes.filter(o => o.status === 'failed')).toHaveLength(BREAKER_THRESHOLD)
    expect(outcomes.filter(o => o.status === 'not-attempted')).toHaveLength(40 - BREAKER_THRESHOLD)
    // The versions not attempted were not even read again.
    expect(client.calls).toHaveLength(2 * BREAKER_THRESHOLD)
  })

  test.each([2, 4, 8])(
    'with %i deletions in parallel, at most threshold + concurrency deletions are started',
    async concurrency => {
      const versions = stale(40)
      const client = new FakeClient(versions)
      client.fail = unavailable
      const { outcomes, stop } = await applied(client, versions, { concurrency })
      expect(stop?.cause).toBe('unavailable')
      expect(deletes(client).length).toBeLessThanOrEqual(BREAKER_THRESHOLD + concurrency)
      const tried = outcomes.filter(o => o.status !== 'not-attempted')
      expect(tried.every(o => o.status === 'failed')).toBe(true)
      expect(tried.length + outcomes.filter(o => o.status === 'not-attempted').length).toBe(40)
    }
  )

  test('a success in between starts the count again', async () => {
    const versions = stale(12)
    const client = new FakeClient(versions)
    // Oldest first: v011 succeeds, v010-v007 fail, v006 succeeds, v005-v002 fail, v001
    // succeeds, v000 fails: nine failures, never five in a row.
    const succeed = ['v011', 'v006', 'v001']
    client.fail = (method, id) => (succeed.includes(id) ? undefined : unavailable(method, id))
    const { outcomes, stop } = await applied(client, versions, { concurrency: 1 })
    expect(stop).toBeUndefined()
    expect(outcomes.filter(o => o.status === 'failed')).toHaveLength(9)
    expect(outcomes.some(o => o.status === 'not-attempted')).toBe(false)
  })

  test.each([
    ['401 on a DELETE', 'DELETE', 401, 'UNAUTHORIZED'],
    ['403 on a read', 'GET', 403, 'FORBIDDEN']
  ])('a %s stops the run at once', async (_name, method, status, code) => {
    const versions = stale(10)
    const client = new FakeClient(versions)
    const third = planCleanup(versions, NOW, rules).candidates[2]!.version.version
    client.failures.set(`${method} ${third}`, apiError(method, third, status, code))
    const { outcomes, stop } = await applied(client, versions, { concurrency: 1 })
    expect(stop).toMatchObject({ cause: 'refused', error: expect.stringContaining(code) })
    expect(outcomes.map(o => o.status)).toEqual([
      'deleted',
      'deleted',
      'failed',
      ...Array<string>(7).fill('not-attempted')
    ])
    expect(client.calls.at(-1)).toBe(`${method} ${third}`)
  })
})

describe('[F-cancel-cleanup] cancellation', () => {
  test('an aborted signal before the start means no request at all', async () => {
    const versions = stale(5)
    const client = new FakeClient(versions)
    const { outcomes, stop } = await applied(client, versions, { signal: AbortSignal.abort() })
    expect(client.calls).toEqual([])
    expect(stop).toEqual({ cause: 'cancelled' })
    expect(outcomes.every(o => o.status === 'not-attempted')).toBe(true)
  })

  test('a version read but not yet deleted when the run is cancelled is not attempted', async () => {
    const versions = stale(6)
    const client = new FakeClient(versions)
    const cancel = new AbortController()
    const order = planCleanup(versions, NOW, rules).candidates.map(d => d.version.version)
    client.beforeGet = id => {
      if (id === order[2]) cancel.abort()
    }
    const { outcomes, stop } = await applied(client, versions, {
      concurrency: 1,
      signal: cancel.signal
    })
    expect(stop).toEqual({ cause: 'cancelled' })
    expect(outcomes.map(o => o.status)).toEqual([
      'deleted',
      'deleted',
      ...Array<string>(4).fill('not-attempted')
    ])
    expect(client.calls).not.toContain(`DELETE ${order[2]}`)
    expect(client.versions.has(order[2]!)).toBe(true)
  })

  test('deletions in flight finish and are reported; none starts after the signal', async () => {
    const versions = stale(20)
    const client = new FakeClient(versions)
    const cancel = new AbortController()
    let callsAtAbort = -1
    // The signal arrives while the fifth DELETE is being sent (it is recorded just after).
    client.beforeDelete = () => {
      if (client.calls.filter(c => c.startsWith('DELETE')).length === 4) {
        callsAtAbort = client.calls.length + 1
        cancel.abort()
      }
    }
    const { outcomes } = await applied(client, versions, { concurrency: 4, signal: cancel.signal })
    expect(callsAtAbort).toBeGreaterThan(0)
    const deleteCalls = client.calls.filter(c => c.startsWith('DELETE'))
    expect(deleteCalls).toHaveLength(5)
    expect(client.calls.slice(callsAtAbort).every(c => !c.startsWith('DELETE'))).toBe(true)
    // Exactly the versions the fake no longer has are reported deleted.
    const deleted = outcomes
      .filter(o => o.status === 'deleted')
      .map(o => o.decision.version.version)
    const gone = versions.map(v => v.version).filter(id => !client.versions.has(id))
    expect(deleted.sort()).toEqual(gone.sort())
    expect(deleted).toHaveLength(5)
    expect(outcomes.filter(o => o.status === 'not-attempted')).toHaveLength(15)
  })
})
