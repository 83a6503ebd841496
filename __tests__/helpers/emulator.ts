import { afterAll, afterEach, beforeAll } from '@jest/globals'
import type { EmulatorClock } from '../../emulator/clock.ts'
import { DEFAULT_READINGS } from '../../emulator/readings.ts'
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator/server.ts'
import type { DatasetSeed } from '../../emulator/store.ts'

/**
 * Starts one emulator (with `options`) for the test file or describe block and gives each test
 * its own dataset; faults, the request log and the readings (`store.readings`) are reset after
 * every test.
 */
export function useEmulator(options: EmulatorOptions = {}): () => Emulator {
  let emulator: Emulator | undefined
  beforeAll(async () => {
    emulator = await startEmulator(options)
  })
  afterEach(() => {
    emulator?.clearFaults()
    emulator?.requests.splice(0)
    if (emulator !== undefined)
      emulator.store.readings = { ...DEFAULT_READINGS, ...options.readings }
  })
  afterAll(async () => {
    await emulator?.close()
  })
  return () => {
    if (emulator === undefined) throw new Error('the emulator is not running')
    return emulator
  }
}

/** Creates a dataset and forgets the request log of that setup. */
export function freshDataset(emulator: Emulator, name = 'test-data'): string {
  return emulator.store.createDataset({ name }).id
}

/** Creates `count` datasets, the i-th shaped by `seed(i)` (name, privacy, age, versions). */
export function freshDatasets(
  emulator: Emulator,
  count: number,
  seed: (index: number) => DatasetSeed = () => ({})
): string[] {
  return emulator.store
    .seedDatasets(Array.from({ length: count }, (_, i) => seed(i)))
    .map(dataset => dataset.id)
}

export interface ApiAnswer {
  status: number
  /** The parsed JSON body; undefined when empty. */
  body: any
  headers: Headers
}

/** One request to the emulator with its key (or `key`; null sends none), JSON in and out. */
export async function callApi(
  emulator: Emulator,
  method: string,
  path: string,
  options: { body?: unknown; key?: string | null } = {}
): Promise<ApiAnswer> {
  const key = options.key === undefined ? emulator.apiKey : options.key
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(key !== null && { authorization: `Bearer ${key}` })
    },
    ...(options.body !== undefined && { body: JSON.stringify(options.body) })
  })
  const text = await response.text()
  return {
    status: response.status,
    body: text === '' ? undefined : JSON.parse(text),
    headers: response.headers
  }
}

/** Every item of a listing, following `nextPage` until `hasMore` is false (at most 10,000 pages). */
export async function walkPages(
  emulator: Emulator,
  path: string,
  query: Record<string, string> = {}
): Promise<{ items: any[]; pages: number }> {
  const items: any[] = []
  let after: string | undefined
  for (let pages = 1; pages <= 10_000; pages++) {
    const params = new URLSearchParams({ ...query, ...(after !== undefined && { after }) })
    const page = await callApi(emulator, 'GET', `${path}?${params.toString()}`)
    if (page.status !== 200) throw new Error(`${path} answered ${page.status}`)
    items.push(...page.body.items)
    if (!page.body.hasMore) return { items, pages }
    after = page.body.nextPage
  }
  throw new Error(`${path} did not end within 10,000 pages`)
}

/** An emulator clock that stands still until the test moves it. */
export interface HeldClock extends EmulatorClock {
  /** The deadlines waited for and not reached yet, in the order the waits began. */
  readonly waiting: readonly number[]
  /** Moves time forward by `ms`, ending every wait whose deadline that reaches. */
  advance(ms: number): void
}

/**
 * A clock for `startEmulator({ clock })` (or a Store) that never waits on real time: a wait for
 * a deadline already reached ends at once; any other is held until `advance` reaches it.
 * `onWait` runs as each held wait begins, so a test can act at that moment; with
 * `endWaitsAtOnce`, time moves on to the deadline of each wait as it begins.
 */
export function heldClock(
  options: { start?: number; onWait?: (deadline: number) => void; endWaitsAtOnce?: boolean } = {}
): HeldClock {
  let time = options.start ?? Date.parse('2026-06-01T12:00:00.000Z')
  const held: { deadline: number; end: () => void }[] = []
  const release = (wait: (typeof held)[number]) => held.splice(held.indexOf(wait), 1)
  const clock: HeldClock = {
    get waiting() {
      return held.map(wait => wait.deadline)
    },
    now: () => time,
    until(deadline, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason as Error)
      if (deadline <= time) return Promise.resolve()
      return new Promise((resolve, reject) => {
        const wait = { deadline, end: resolve }
        held.push(wait)
        signal?.addEventListener(
          'abort',
          () => {
            release(wait)
            reject(signal.reason as Error)
          },
          { once: true }
        )
        options.onWait?.(deadline)
        if (options.endWaitsAtOnce) clock.advance(deadline - time)
      })
    },
    advance(ms) {
      time += ms
      for (const wait of held.filter(w => w.deadline <= time)) {
        release(wait)
        wait.end()
      }
    }
  }
  return clock
}
