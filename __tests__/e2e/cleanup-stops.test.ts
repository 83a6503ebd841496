import { describe, expect, test } from '@jest/globals'
import { DAY } from '../../emulator/seed.ts'
import { act, errors, warnings } from '../helpers/action.ts'
import { freshDataset, useEmulator } from '../helpers/emulator.ts'

const emulator = useEmulator()
const deletes = () => emulator().requests.filter(r => r.method === 'DELETE')

/** A dataset with `count` stale uncommitted versions, all cleanup candidates. */
function staleDataset(count: number): { datasetId: string; ids: string[] } {
  const datasetId = freshDataset(emulator())
  const seeded = emulator().store.seedVersions(
    datasetId,
    Array.from({ length: count }, (_, i) => ({ ageMs: 2 * DAY + i * 60_000 }))
  )
  return { datasetId, ids: seeded.map(v => v.version) }
}

const remaining = (datasetId: string) =>
  new Set(
    emulator()
      .store.versions(datasetId)
      .map(v => v.version)
  )

describe('cleanup stops instead of making an outage worse', () => {
  test('[F-cleanup-breaker] with every DELETE answering 503, the breaker stops after a bounded number of requests', async () => {
    const { datasetId } = staleDataset(40)
    emulator().inject({ method: 'DELETE', status: 503, retryAfter: '0', times: Infinity })
    const concurrency = 4
    const run = await act(emulator(), {
      operation: 'cleanup',
      datasetId,
      olderThan: '1d',
      retries: '1',
      concurrency: String(concurrency)
    })
    expect(run.exitCode).toBe(1)
    expect(deletes().length).toBeLessThanOrEqual((5 + concurrency) * 2)
    const failed = JSON.parse(run.outputs.failed!) as { version: string }[]
    const notAttempted = JSON.parse(run.outputs.notAttempted!) as string[]
    expect(failed.length).toBeGreaterThanOrEqual(5)
    expect(failed.length + notAttempted.length).toBe(40)
    expect(run.outputs.deletedCount).toBe('0')
    expect(remaining(datasetId).size).toBe(40)
    expect(errors(run)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^The API seems unavailable: \\d+ deletions in a row failed .*; 0 deleted, ` +
            `${notAttempted.length} versions were not attempted and are left for the next run$`
        )
      )
    ])
    // At most five per-version warnings, then one line with the count.
    expect(warnings(run).length).toBeLessThanOrEqual(6)
    const json = JSON.parse(run.outputs.json!) as { notAttempted: string[]; stopped: string }
    expect(json.stopped).toBe('unavailable')
    expect(json.notAttempted).toEqual(notAttempted)
    // Each candidate's outcome is in the result file.
    const { outcomes } = JSON.parse(run.resultFile!) as { outcomes: { outcome: string }[] }
    expect(outcomes.filter(c => c.outcome === 'not-attempted')).toHaveLength(notAttempted.length)
    expect(run.summary).toContain(
      `| Not attempted (left for the next run) | ${notAttempted.length} |`
    )
  })

  test('[F-cleanup-key-refused] a 401 mid-run stops it at once', async () => {
    const { datasetId } = staleDataset(10)
    emulator().inject({ method: 'DELETE', status: 401, code: 'UNAUTHORIZED', skip: 3 })
    const run = await act(emulator(), {
      operation: 'cleanup',
      datasetId,
      olderThan: '1d',
      concurrency: '1'
    })
    expect(run.exitCode).toBe(1)
    // Three deleted, the fourth refused, and not one request after it.
    expect(deletes()).toHaveLength(4)
    expect(emulator().requests.at(-1)).toMatchObject({ method: 'DELETE', status: 401 })
    expect(run.outputs.deletedCount).toBe('3')
    expect(JSON.parse(run.outputs.notAttempted!)).toHaveLength(6)
    expect(errors(run)).toEqual([
      expect.stringMatching(
        /^Cleanup stopped at once because the API refused the key: DELETE .* 401 /
      )
    ])
  })
})

describe('[F-cancel-cleanup] a cancelled cleanup', () => {
  test('SIGTERM while deleting: no DELETE starts after it, and the report matches the server', async () => {
    const { datasetId, ids } = staleDataset(12)
    // Slow deletions, one at a time, so the signal arrives while one is in flight.
    emulator().inject({ method: 'DELETE', delayMs: 1000, times: Infinity })
    let signalledAt = Infinity
    const run = await act(
      emulator(),
      { operation: 'cleanup', datasetId, olderThan: '1d', concurrency: '1' },
      {},
      {
        interrupt: {
          signal: 'SIGTERM',
          when: () => {
            if (deletes().length < 2) return false
            signalledAt = emulator().now()
            return true
          }
        }
      }
    )
    expect(run.exitCode).not.toBe(0)
    expect(signalledAt).toBeLessThan(Infinity)
    expect(deletes().filter(r => r.startedAt > signalledAt)).toEqual([])

    const left = remaining(datasetId)
    const goneFromServer = ids.filter(id => !left.has(id)).sort()
    expect(goneFromServer.length).toBeGreaterThan(0)
    const deleted = (JSON.parse(run.outputs.deleted!) as string[]).sort()
    expect(deleted).toEqual(goneFromServer)
    const notAttempted = JSON.parse(run.outputs.notAttempted!) as string[]
    expect(notAttempted.sort()).toEqual(ids.filter(id => left.has(id)).sort())
    for (const id of deleted)
      expect(run.summary).toMatch(new RegExp(`\\| \`${id}\` \\|.*\\| deleted \\|`))
    expect(run.summary).toContain(`| Deleted | ${deleted.length} |`)
    expect(errors(run)).toEqual([
      `Cancelled: cleanup started no new deletion after the workflow was cancelled; ${deleted.length} deleted, ` +
        `${notAttempted.length} versions were not attempted and are left for the next run`
    ])
  })
})
