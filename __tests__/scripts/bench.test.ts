import { describe, expect, test } from '@jest/globals'
import { join } from 'node:path'
import { listRequests } from '../../scripts/bench/datasets.ts'
import { cleanupCriticalPath, floorMs } from '../../scripts/bench/floor.ts'
import { ROOT } from '../../scripts/run-action.ts'
import { act } from '../helpers/action.ts'
import { freshDataset, useEmulator } from '../helpers/emulator.ts'
import { runCommand } from '../helpers/process.ts'

const BARE = join(ROOT, 'scripts', 'bench', 'bare-get.js')

describe('the cold-start baseline (scripts/bench/bare-get.js)', () => {
  const emulator = useEmulator()

  function bare(datasetId: string, version: string, key = emulator().apiKey) {
    return runCommand(process.execPath, [BARE], {
      env: {
        BENCH_URL: `${emulator().url}/datasets/${datasetId}/versions/${version}`,
        BENCH_KEY: key
      }
    })
  }

  const seen = () =>
    emulator().requests.map(({ method, path, query, authorized, status }) => ({
      method,
      path,
      query,
      authorized,
      status
    }))

  test('sends the one GET the action sends for a get', async () => {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, [{ ageMs: 60_000 }])
    const version = seeded!.version

    const run = await act(emulator(), { operation: 'get', datasetId, version })
    expect(run.exitCode).toBe(0)
    const action = seen()
    emulator().requests.splice(0)

    const baseline = await bare(datasetId, version)
    expect(baseline.code).toBe(0)
    expect(action).toHaveLength(1)
    expect(seen()).toEqual(action)
  })

  test('fails when its GET is refused, so the bench never times a failed request', async () => {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, [{ ageMs: 60_000 }])

    const baseline = await bare(datasetId, seeded!.version, 'not-the-key')

    expect(emulator().requests.map(r => r.status)).toEqual([401])
    expect(baseline.code).not.toBe(0)
  })
})

describe('the latency floor', () => {
  test('a listing takes one request per 120 versions, and one for an empty dataset', () => {
    expect([0, 1, 120, 121, 10_000, 100_000].map(listRequests)).toEqual([1, 1, 1, 2, 84, 834])
  })

  test("a cleanup's critical path is its listing and two requests per round of deletions", () => {
    expect(cleanupCriticalPath(17, 1000, 1)).toBe(2017)
    expect(cleanupCriticalPath(17, 1000, 4)).toBe(517)
    // 1,000 deletions 16 at a time take 63 rounds, the last one of 8.
    expect(cleanupCriticalPath(17, 1000, 16)).toBe(143)
    expect(floorMs(143, 50)).toBe(7150)
  })
})
