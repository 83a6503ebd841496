import { describe, expect, test } from '@jest/globals'
import { DAY } from '../../emulator/seed.ts'
import { ActionError } from '../../src/shared/errors.ts'
import { pollDelay, POLL_TIMING, wait } from '../../src/operations/wait.ts'
import { ApiError } from '../../src/paperspace/errors.ts'
import type { WaitSettings } from '../../src/interface/settings.ts'
import { emulatorClient, rejection } from '../helpers/client.ts'
import { freshDataset, useEmulator } from '../helpers/emulator.ts'
import { recordingLog } from '../helpers/log.ts'
import { manualClock, operationContext } from '../helpers/context.ts'
import type { OperationContext } from '../../src/operations/context.ts'

const emulator = useEmulator()

/** What wait is given: the emulator's client, a clock that never waits, and `overrides`. */
const context = (overrides: Partial<OperationContext> = {}, client = emulatorClient(emulator())) =>
  operationContext(client, { log: recordingLog(), ...overrides })

function settings(datasetId: string, version: string, waitTimeoutMs: number): WaitSettings {
  return {
    operation: 'wait',
    connection: { baseUrl: emulator().url, apiKey: emulator().apiKey, timeoutMs: 5000, retries: 0 },
    datasetId,
    ignored: [],
    version,
    waitTimeout: `${waitTimeoutMs}ms`,
    waitTimeoutMs
  }
}

function uncommitted(): { datasetId: string; version: string } {
  const datasetId = freshDataset(emulator())
  const [seeded] = emulator().store.seedVersions(datasetId, [{ ageMs: DAY }])
  emulator().requests.splice(0)
  return { datasetId, version: seeded!.version }
}

const failure = (promise: Promise<unknown>) => rejection(promise, Error)

const gets = () => emulator().requests.filter(r => r.method === 'GET')

describe('pollDelay', () => {
  test('starts at 2 s and grows by half each poll to at most 30 s', () => {
    const delays = Array.from({ length: 12 }, (_, i) => pollDelay(i + 1))
    expect(delays.slice(0, 4)).toEqual([2000, 3000, 4500, 6750])
    expect(delays.every((d, i) => i === 0 || d >= delays[i - 1]!)).toBe(true)
    expect(Math.max(...delays)).toBe(POLL_TIMING.capMs)
    expect(POLL_TIMING.capMs).toBe(30_000)
  })
})

describe('wait, against the emulator', () => {
  test('returns the version once a job commits it, after polling until then', async () => {
    const { datasetId, version } = uncommitted()
    // The job commits it between the second and the third poll, however slow the machine is.
    emulator().inject({
      method: 'GET',
      path: `/datasets/${datasetId}/versions/${version}`,
      skip: 2,
      before: store => store.updateVersion(datasetId, version, { isCommitted: true })
    })
    const log = recordingLog()
    const result = await wait(settings(datasetId, version, 10_000), context({ log }))
    expect(result.version).toMatchObject({ version, isCommitted: true })
    expect(result.polls).toBe(gets().length)
    expect(result.polls).toBe(3)
    // One debug line for every poll that found it uncommitted.
    expect(log.at('debug').filter(line => line.startsWith('poll '))).toHaveLength(result.polls - 1)
  })

  test('an already committed version is returned at the first poll', async () => {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, [{ ageMs: DAY, isCommitted: true }])
    const clock = manualClock()
    const result = await wait(settings(datasetId, seeded!.version, 10_000), context({ clock }))
    expect(result.polls).toBe(1)
    expect(clock.slept).toEqual([])
  })

  test('[F-wait-never-committed] fails at the deadline after a last poll there', async () => {
    const { datasetId, version } = uncommitted()
    const clock = manualClock()
    const error = await failure(wait(settings(datasetId, version, 10_000), context({ clock })))
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toBe(
      `Version ${version} of ${datasetId} is not committed after 10s (5 polls); waitTimeout (10000ms) sets how long to wait`
    )
    // Polls at 0, 2, 5 and 9.5 s, then the last one exactly at the deadline.
    expect(clock.slept).toEqual([2000, 3000, 4500, 500])
    expect(gets()).toHaveLength(5)
  })

  test('[F-wait-hangs] each poll may take only what is left before the deadline, and at least lastPollMs', async () => {
    const { datasetId, version } = uncommitted()
    const api = emulatorClient(emulator())
    const given: (number | undefined)[] = []
    const client = {
      ...api,
      getVersion: (...args: Parameters<typeof api.getVersion>) => {
        given.push(args[2]?.timeLeftMs)
        return api.getVersion(...args)
      }
    }
    await failure(wait(settings(datasetId, version, 10_000), context({}, client)))
    // Polls at 0, 2, 5, 9.5 and 10 s: the time left, until it is less than lastPollMs.
    expect(POLL_TIMING.lastPollMs).toBe(5000)
    expect(given).toEqual([10_000, 8000, 5000, 5000, 5000])
  })

  test('[F-wait-hangs] the failure gives the time really waited and the polls, failed ones counted', async () => {
    const { datasetId, version } = uncommitted()
    const clock = manualClock()
    // The first poll fails at once; the second takes 6 s to be answered, past the 5 s deadline.
    emulator().inject({ method: 'GET', status: 503, code: 'UNAVAILABLE', message: 'later' })
    emulator().inject({ method: 'GET', before: () => clock.advance(6000) })
    const error = await failure(
      wait(
        settings(datasetId, version, 5000),
        context({ clock }, emulatorClient(emulator(), { retries: 0 }))
      )
    )
    expect(error.message).toBe(
      `Version ${version} of ${datasetId} is not committed after 8s (2 polls, 1 failed); waitTimeout (5000ms) sets how long to wait`
    )
    expect(clock.slept).toEqual([2000])
  })

  test('logs progress at most once a minute', async () => {
    const { datasetId, version } = uncommitted()
    const log = recordingLog()
    await failure(wait(settings(datasetId, version, 300_000), context({ log })))
    // Polls at 0, 2, 5, 9.5, 16.3, 26.4, 41.6 and 64.3 s, then every 30 s to 274.3 s, and the
    // last at the deadline: progress at 64.3 s and then at every second poll, a minute apart.
    expect(log.at('info').filter(line => line.startsWith('Still waiting'))).toEqual([
      `Still waiting for ${version} to be committed: 1m 4s of 300000ms`,
      `Still waiting for ${version} to be committed: 2m 4s of 300000ms`,
      `Still waiting for ${version} to be committed: 3m 4s of 300000ms`,
      `Still waiting for ${version} to be committed: 4m 4s of 300000ms`
    ])
    expect(log.at('debug').filter(line => line.startsWith('poll '))).toHaveLength(15)
  })

  test('[F-cancel-other] stops and fails when the run is cancelled', async () => {
    const { datasetId, version } = uncommitted()
    const controller = new AbortController()
    // The workflow is cancelled while wait sleeps after its first poll.
    const clock = manualClock({ onSleep: () => controller.abort() })
    const error = await failure(
      wait(settings(datasetId, version, 3_600_000), context({ clock, signal: controller.signal }))
    )
    expect(error.message).toMatch(
      new RegExp(
        `^Stopped waiting for version ${version}: the run was cancelled after .+ \\(1 poll\\)$`
      )
    )
    expect(gets()).toHaveLength(1)
  })

  test('a cancellation during a poll stops before the next one', async () => {
    const { datasetId, version } = uncommitted()
    const controller = new AbortController()
    emulator().inject({ method: 'GET', before: () => controller.abort() })
    const error = await failure(
      wait(settings(datasetId, version, 3_600_000), context({ signal: controller.signal }))
    )
    expect(error.message).toContain('the run was cancelled')
    expect(gets()).toHaveLength(1)
  })

  test.each([
    [404, 'NOT_FOUND'],
    [401, 'UNAUTHORIZED'],
    [403, 'FORBIDDEN']
  ])('fails at once on %i', async (status, code) => {
    const { datasetId, version } = uncommitted()
    emulator().inject({ method: 'GET', status, code, message: 'no' })
    const error = await failure(wait(settings(datasetId, version, 3_600_000), context()))
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).status).toBe(status)
    expect(gets()).toHaveLength(1)
  })

  test('[F-wait-poll-fails] a poll that fails for a passing reason is reported and polling goes on', async () => {
    const { datasetId, version } = uncommitted()
    // Faults match in order: the first poll gets the 503, the second finds the version committed.
    emulator().inject({ method: 'GET', status: 503, code: 'UNAVAILABLE', message: 'later' })
    emulator().inject({
      method: 'GET',
      before: store => store.updateVersion(datasetId, version, { isCommitted: true })
    })
    const log = recordingLog()
    const result = await wait(
      settings(datasetId, version, 10_000),
      context({ log }, emulatorClient(emulator(), { retries: 0 }))
    )
    expect(result.polls).toBe(2)
    expect(log.at('warning')).toEqual([
      expect.stringMatching(
        new RegExp(`^Poll 1 of version ${version} failed; polling goes on: .*503`)
      )
    ])
  })
})
