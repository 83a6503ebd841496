import { ActionError, messageOf } from '../shared/errors.ts'
import type { Log } from '../shared/log.ts'
import type { PaperspaceClient } from '../paperspace/client.ts'
import { ApiError } from '../paperspace/errors.ts'
import type { DatasetVersion } from '../paperspace/types.ts'
import { formatAge } from '../shared/age.ts'
import type { WaitSettings } from '../interface/settings.ts'
import type { OperationContext } from './context.ts'
import type { WaitResult } from './result.ts'

/** How often wait polls and reports. */
export interface PollTiming {
  /** The pause after the first poll; each next pause is half as long again, up to `capMs`. */
  readonly baseMs: number
  readonly capMs: number
  /** The least time between two progress lines in the log. */
  readonly progressEveryMs: number
  /**
   * The least time one poll is given, retries included. The last poll comes at the deadline with
   * no time left, so this is how long `wait` may run past `waitTimeout`.
   */
  readonly lastPollMs: number
}

/**
 * Polls start a couple of seconds apart, so a version committed moments later is seen at once,
 * and slow to every 30 s, so a long wait costs about two requests a minute.
 */
export const POLL_TIMING: PollTiming = {
  baseMs: 2000,
  capMs: 30_000,
  progressEveryMs: 60_000,
  lastPollMs: 5000
}

/** The pause after poll number `poll` (1 for the first). */
export function pollDelay(poll: number, timing: PollTiming = POLL_TIMING): number {
  return Math.min(timing.capMs, Math.round(timing.baseMs * 1.5 ** (poll - 1)))
}

/**
 * Waits until the version is committed, as a Paperspace job that writes and commits its output
 * will do. Fails at the deadline (after one last poll there), at once when the version or the
 * key is wrong (404, 401, 403 and other client errors), and when the run is cancelled. A poll
 * that fails for a passing reason (no answer, 408, 429, 5xx; already retried by the client) is
 * reported and the polling goes on. Each poll, its retries included, may take only what is left
 * before the deadline (at least `lastPollMs`), so a hung API cannot hold wait far past it.
 */
export async function wait(
  settings: WaitSettings,
  { client, log, signal, clock }: OperationContext
): Promise<WaitResult> {
  const { datasetId, version: id, waitTimeout } = settings
  const timing = POLL_TIMING
  const now = () => clock.now()
  const started = now()
  const deadline = started + settings.waitTimeoutMs
  let lastProgress = started
  let failed = 0
  log.info(`Waiting up to ${waitTimeout} for version ${id} of ${datasetId} to be committed`)
  for (let polls = 1; ; polls++) {
    const timeLeftMs = Math.max(deadline - now(), timing.lastPollMs)
    const version = await poll(client, datasetId, id, { polls, timeLeftMs }, log)
    if (version === undefined) failed++
    const at = now()
    const waited = formatAge(at - started)
    if (version?.isCommitted) {
      log.info(`Version ${id} is committed (after ${waited}, ${polls} poll(s))`)
      return { kind: 'wait', datasetId, version, polls, waitedMs: at - started }
    }
    if (signal.aborted) throw cancelled(id, waited, pollCount(polls, failed))
    if (at >= deadline) {
      throw new ActionError(
        `Version ${id} of ${datasetId} is not committed after ${waited} ` +
          `(${pollCount(polls, failed)}); waitTimeout (${waitTimeout}) sets how long to wait`
      )
    }
    const delay = Math.min(pollDelay(polls, timing), deadline - at)
    log.debug(`poll ${polls}: ${id} is not committed after ${waited}; next poll in ${delay} ms`)
    if (at - lastProgress >= timing.progressEveryMs) {
      log.info(`Still waiting for ${id} to be committed: ${waited} of ${waitTimeout}`)
      lastProgress = at
    }
    try {
      await clock.sleep(delay, signal)
    } catch {
      // The pause rejects only when the signal aborts.
      throw cancelled(id, formatAge(now() - started), pollCount(polls, failed))
    }
  }
}

/** "3 polls, 1 failed": how many polls were made, and how many of them failed. */
function pollCount(polls: number, failed: number): string {
  return `${polls} poll${polls === 1 ? '' : 's'}${failed > 0 ? `, ${failed} failed` : ''}`
}

/** One read of the version; undefined when it failed for a passing reason. */
async function poll(
  client: PaperspaceClient,
  datasetId: string,
  id: string,
  { polls, timeLeftMs }: { polls: number; timeLeftMs: number },
  log: Log
): Promise<DatasetVersion | undefined> {
  try {
    return await client.getVersion(datasetId, id, { timeLeftMs })
  } catch (error) {
    if (!passing(error)) throw error
    log.warning(`Poll ${polls} of version ${id} failed; polling goes on: ${messageOf(error)}`)
    return undefined
  }
}

/** Failures that may clear up by the next poll: no answer, a timeout, throttling, server errors. */
function passing(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false
  const { status } = error
  return status === undefined || status === 408 || status === 429 || status >= 500
}

function cancelled(id: string, waited: string, polls: string): ActionError {
  return new ActionError(
    `Stopped waiting for version ${id}: the run was cancelled after ${waited} (${polls})`
  )
}
