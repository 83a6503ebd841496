import { afterAll, describe, expect, test } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import { DAY } from '../../emulator/seed.ts'
import { run } from '../../src/main.ts'
import { freshDataset, useEmulator } from '../helpers/emulator.ts'
import { cleanUpRuns, runAgainst } from '../helpers/runner.ts'

/**
 * Where features built apart meet: the circuit breaker, 401s and cancellation across a cleanup of
 * several datasets; promote with a version deleted mid-way; resolve over a listing that never
 * ends. Each run goes through run() against the emulator.
 */
const emulator = useEmulator()
afterAll(cleanUpRuns)

const step = (inputs: Record<string, string>) => runAgainst(run, emulator(), inputs)

const calls = (method: string) => emulator().requests.filter(r => r.method === method)

/** `count` datasets, each with `versions` stale uncommitted versions (all candidates). */
function staleDatasets(count: number, versions: number): { datasetId: string; ids: string[] }[] {
  return Array.from({ length: count }, () => {
    const datasetId = freshDataset(emulator())
    const seeded = emulator().store.seedVersions(
      datasetId,
      Array.from({ length: versions }, (_, i) => ({ ageMs: 3 * DAY - i * 60_000 }))
    )
    return { datasetId, ids: seeded.map(v => v.version) }
  })
}

const refs = (sets: { datasetId: string; ids: string[] }[]) =>
  sets.flatMap(s => s.ids.map(id => `${s.datasetId}:${id}`))

const held = (datasetId: string) =>
  emulator()
    .store.versions(datasetId)
    .map(v => `${datasetId}:${v.version}`)

describe('a cleanup of several datasets stops as one run', () => {
  test('[F-cleanup-breaker] the breaker counts failures in a row across datasets, and later datasets are not attempted', async () => {
    // Three candidates each: no single dataset reaches five failures in a row on its own.
    const sets = staleDatasets(4, 3)
    emulator().inject({ method: 'DELETE', status: 503, times: Infinity })
    const result = await step({
      operation: 'cleanup',
      datasetId: sets.map(s => s.datasetId).join(','),
      olderThan: '1d',
      concurrency: '1'
    })
    expect(result.exitCode).toBe(1)
    expect(calls('DELETE')).toHaveLength(5)
    const all = refs(sets)
    const failed = (JSON.parse(result.outputs.failed!) as { version: string }[]).map(f => f.version)
    const notAttempted = JSON.parse(result.outputs.notAttempted!) as string[]
    expect(failed).toEqual(all.slice(0, 5))
    expect(notAttempted).toEqual(all.slice(5))
    expect(JSON.parse(result.outputs.deleted!)).toEqual([])
    // The server still holds every version, as the outputs say.
    expect(sets.flatMap(s => held(s.datasetId)).sort()).toEqual([...all].sort())
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^The API seems unavailable: 5 deletions in a row failed .* 0 deleted, 7 versions were not attempted/
      )
    ])
    const json = JSON.parse(result.outputs.json!) as {
      stopped: string
      datasets: { datasetId: string; failed: number; notAttempted: number }[]
    }
    expect(json.stopped).toBe('unavailable')
    expect(json.datasets.map(d => [d.failed, d.notAttempted])).toEqual([
      [3, 0],
      [2, 1],
      [0, 3],
      [0, 3]
    ])
    const file = JSON.parse(await readFile(result.outputs.resultFile!, 'utf8')) as {
      outcomes: { datasetId: string; version: string; outcome: string }[]
    }
    expect(file.outcomes.map(o => `${o.datasetId}:${o.version}:${o.outcome}`)).toEqual(
      all.map((ref, i) => `${ref}:${i < 5 ? 'failed' : 'not-attempted'}`)
    )
  })

  test('a success between failures resets the count, across datasets too', async () => {
    const sets = staleDatasets(3, 2)
    // Fail 4, let one through, fail the last: never five in a row.
    emulator().inject({ method: 'DELETE', status: 503, times: 4 })
    emulator().inject({ method: 'DELETE', skip: 1, status: 503, times: 1 })
    const result = await step({
      operation: 'cleanup',
      datasetId: sets.map(s => s.datasetId).join(','),
      olderThan: '1d',
      concurrency: '1'
    })
    expect(result.exitCode).toBe(1)
    expect(calls('DELETE')).toHaveLength(6)
    expect(JSON.parse(result.outputs.notAttempted!)).toEqual([])
    expect(JSON.parse(result.outputs.deleted!)).toEqual(refs(sets).slice(4, 5))
    expect(result.errors).toEqual([expect.stringMatching(/^5 of 6 deletions failed: /)])
  })

  test('[F-cleanup-key-refused] a 401 in the second dataset stops the run; nothing of the third is touched', async () => {
    const sets = staleDatasets(3, 2)
    emulator().inject({ method: 'DELETE', status: 401, skip: 3, times: Infinity })
    const result = await step({
      operation: 'cleanup',
      datasetId: sets.map(s => s.datasetId).join(','),
      olderThan: '1d',
      concurrency: '1'
    })
    expect(result.exitCode).toBe(1)
    expect(calls('DELETE')).toHaveLength(4)
    expect(emulator().requests.at(-1)).toMatchObject({ method: 'DELETE', status: 401 })
    const all = refs(sets)
    expect(JSON.parse(result.outputs.deleted!)).toEqual(all.slice(0, 3))
    expect(JSON.parse(result.outputs.notAttempted!)).toEqual(all.slice(4))
    expect(held(sets[2]!.datasetId)).toHaveLength(2)
    expect(result.errors).toEqual([
      expect.stringMatching(/^Cleanup stopped at once because the API refused the key: /)
    ])
  })

  test('[F-cleanup-key-refused] a 401 while listing the second dataset stops the run before any deletion', async () => {
    const sets = staleDatasets(3, 2)
    emulator().inject({
      method: 'GET',
      path: `/datasets/${sets[1]!.datasetId}/versions`,
      status: 401
    })
    const result = await step({
      operation: 'cleanup',
      datasetId: sets.map(s => s.datasetId).join(','),
      olderThan: '1d'
    })
    expect(result.exitCode).toBe(1)
    expect(calls('DELETE')).toHaveLength(0)
    expect(result.warnings.filter(w => w.startsWith('Skipping dataset'))).toEqual([])
    expect(result.errors).toEqual([expect.stringMatching(/ 401 .*Check that apiKey/)])
  })

  test('[F-cancel-cleanup] a cancellation while listing lists nothing more, deletes nothing and blames no dataset', async () => {
    const sets = staleDatasets(4, 2)
    emulator().inject({
      method: 'GET',
      path: `/datasets/${sets[1]!.datasetId}/versions`,
      before: () => process.emit('SIGTERM')
    })
    const result = await step({
      operation: 'cleanup',
      datasetId: sets.map(s => s.datasetId).join(','),
      olderThan: '1d'
    })
    expect(result.exitCode).toBe(1)
    expect(calls('DELETE')).toHaveLength(0)
    // The listing of the second dataset was answered; no request started after the signal.
    expect(calls('GET')).toHaveLength(2)
    expect(result.warnings.filter(w => w.startsWith('Skipping dataset'))).toEqual([])
    expect(result.errors).toEqual([expect.stringMatching(/^Cancelled: /)])
    expect(result.errors.join('\n')).not.toContain('could not be listed')
    for (const s of sets) expect(held(s.datasetId)).toHaveLength(2)
  })

  test('[F-cancel-cleanup] a cancellation in the first dataset leaves every later dataset not attempted', async () => {
    const sets = staleDatasets(3, 3)
    emulator().inject({
      method: 'DELETE',
      skip: 1,
      before: () => process.emit('SIGTERM')
    })
    const result = await step({
      operation: 'cleanup',
      datasetId: sets.map(s => s.datasetId).join(','),
      olderThan: '1d',
      concurrency: '1'
    })
    expect(result.exitCode).toBe(1)
    const all = refs(sets)
    // The second DELETE was in flight when the signal came: it finished, and nothing followed.
    expect(calls('DELETE')).toHaveLength(2)
    expect(JSON.parse(result.outputs.deleted!)).toEqual(all.slice(0, 2))
    expect(JSON.parse(result.outputs.notAttempted!)).toEqual(all.slice(2))
    const gone = all.filter(ref => !sets.some(s => held(s.datasetId).includes(ref)))
    expect(gone).toEqual(all.slice(0, 2))
    expect(result.summary).toContain('| Not attempted (left for the next run) | 7 |')
    expect(result.errors).toEqual([
      'Cancelled: cleanup started no new deletion after the workflow was cancelled; 2 deleted, ' +
        '7 versions were not attempted and are left for the next run'
    ])
  })
})

describe('promote and resolve against a changing or broken API', () => {
  test('[F-promote-changed-meanwhile] promote: a carrier deleted between its fresh read and its PUT counts as nothing to take', async () => {
    const datasetId = freshDataset(emulator())
    const [old, target] = emulator().store.seedVersions(datasetId, [
      { ageMs: 2 * DAY, isCommitted: true, tags: ['production', 'keep'] },
      { ageMs: DAY, isCommitted: true }
    ])
    emulator().inject({
      method: 'PUT',
      path: `/datasets/${datasetId}/versions/${old!.version}`,
      before: store => store.deleteVersion(datasetId, old!.version)
    })
    const result = await step({
      operation: 'promote',
      datasetId,
      version: target!.version,
      tags: 'production'
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.tags).toBe('production')
    expect(JSON.parse(result.outputs.moved!)).toEqual([{ tag: 'production', from: [] }])
    expect(result.errors).toEqual([])
  })

  test('[F-list-endless] resolve stops after a few empty pages that keep promising more', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ method: 'GET', endlessEmptyPages: true, times: Infinity })
    const result = await step({ operation: 'resolve', datasetId, tags: 'production' })
    expect(result.exitCode).toBe(1)
    expect(calls('GET').length).toBeLessThanOrEqual(3)
    expect(result.errors).toEqual([
      expect.stringMatching(/^The listing is unusable: 3 pages in a row .* held no versions/)
    ])
  })
})
