/**
 * `npm run bench`: wall-clock time of the bundled action against the emulator with a fixed
 * latency on every request, beside the floor that latency sets.
 *
 * For a cleanup the floor is (list requests + 2 x deletions / concurrency) x latency: the listing
 * is sequential, and every deletion is a fresh read and a DELETE, `concurrency` at a time. A ratio
 * near 1 means the action adds little beyond the network's own cost; the rest is process start-up
 * and work of our own.
 *
 *   --latency MS     per-request latency of the emulator (default 20)
 *   --versions N     versions in the dataset (default 2000)
 *   --eligible N     how many of them a cleanup may delete (default 1000)
 */
import { parseArgs } from 'node:util'
import { DAY } from '../emulator/seed.ts'
import { startEmulator, type Emulator } from '../emulator/server.ts'
import { runAction } from './run-action.ts'

const { values } = parseArgs({
  options: {
    latency: { type: 'string', default: '20' },
    versions: { type: 'string', default: '2000' },
    eligible: { type: 'string', default: '1000' }
  }
})
const latencyMs = Number(values.latency)
const total = Number(values.versions)
const eligible = Number(values.eligible)
if (![latencyMs, total, eligible].every(Number.isSafeInteger) || eligible > total) {
  console.error(
    '--latency, --versions and --eligible must be whole numbers, with eligible <= versions'
  )
  process.exit(2)
}

const PAGE = 120
const listRequests = Math.max(1, Math.ceil(total / PAGE))

/** A dataset of `total` versions: `eligible` stale uncommitted ones, the rest committed. */
function seed(emulator: Emulator): string {
  const datasetId = emulator.store.createDataset({ name: 'bench' }).id
  emulator.store.seedVersions(
    datasetId,
    Array.from({ length: total }, (_, i) => ({
      ageMs: (2 + (i % 40)) * DAY + i * 1000,
      isCommitted: i >= eligible,
      usageBytes: String(1024 ** 3)
    }))
  )
  return datasetId
}

interface Row {
  scenario: string
  requests: number
  floorMs: number
  wallMs: number
}

async function measure(
  scenario: string,
  floorRequests: number,
  inputs: (datasetId: string) => Record<string, string>,
  check: (outputs: Record<string, string>) => boolean
): Promise<Row> {
  const emulator = await startEmulator({ latencyMs })
  try {
    const datasetId = seed(emulator)
    const run = await runAction({
      baseUrl: emulator.url,
      apiKey: emulator.apiKey,
      datasetId,
      ...inputs(datasetId)
    })
    if (run.exitCode !== 0 || !check(run.outputs)) {
      throw new Error(
        `${scenario}: the action did not do what was asked (exit ${run.exitCode})\n${run.stdout}`
      )
    }
    return {
      scenario,
      requests: emulator.requests.length,
      floorMs: floorRequests * latencyMs,
      wallMs: run.durationMs
    }
  } finally {
    await emulator.close()
  }
}

const rows: Row[] = []
rows.push(
  await measure(
    'list 1 version (mostly process start-up)',
    1,
    () => ({ operation: 'list', limit: '1' }),
    o => o.count === '1'
  )
)
rows.push(
  await measure(
    `list all ${total} versions`,
    listRequests,
    () => ({ operation: 'list', limit: String(total) }),
    o => o.count === String(total)
  )
)
for (const concurrency of [4, 16]) {
  rows.push(
    await measure(
      `cleanup ${eligible} of ${total}, concurrency ${concurrency}`,
      listRequests + (2 * eligible) / concurrency,
      () => ({
        operation: 'cleanup',
        olderThan: '1d',
        maxDeletions: String(eligible),
        concurrency: String(concurrency)
      }),
      o => o.deletedCount === String(eligible)
    )
  )
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`
console.log(
  `Emulator latency: ${latencyMs} ms per request. Wall time includes starting the action's process.\n`
)
const header = ['scenario', 'requests', 'latency floor', 'wall time', 'ratio']
const table = rows.map(r => [
  r.scenario,
  String(r.requests),
  seconds(r.floorMs),
  seconds(r.wallMs),
  (r.wallMs / r.floorMs).toFixed(2)
])
const widths = header.map((h, i) => Math.max(h.length, ...table.map(row => row[i]!.length)))
for (const row of [header, ...table]) {
  console.log(
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('   ')
  )
}
