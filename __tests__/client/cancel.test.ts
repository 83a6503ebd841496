import { afterAll, describe, expect, test } from '@jest/globals'
import { DAY } from '../../emulator/seed.ts'
import { run } from '../../src/main.ts'
import { freshDataset, useEmulator } from '../helpers/emulator.ts'
import { cleanUpRuns, runInProcess } from '../helpers/runner.ts'

const emulator = useEmulator()
afterAll(cleanUpRuns)

describe('cancelling a run, in process', () => {
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
      const result = await runInProcess(run, {
        baseUrl: emulator().url,
        apiKey: emulator().apiKey,
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
