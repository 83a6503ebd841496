import { afterAll, afterEach, beforeAll } from '@jest/globals'
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
