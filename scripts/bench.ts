/**
 * `npm run bench`: the performance budgets of the bundled action (dist/index.js, or the bundle
 * PDV_BUNDLE names), measured against the emulator answering every request LATENCY_MS after it
 * arrived, printed as a table (figure, budget, PASS/FAIL) and written as JSON under
 * bench/results/. bench/README.md says what each section measures.
 *
 *   --quick        a shorter pass: fewer pairs and runs, a smaller cleanup, 20,000 versions
 *                  instead of 100,000 (indicative only; written to latest-quick.json)
 *   --only LIST    run only these sections, e.g. --only 1,5
 *
 * The "latency floor" of a run is the number of requests on its critical path (requests that
 * must wait for one another; parallel ones overlap) times the emulator's per-request latency.
 * Times against the floor run from the emulator receiving the first request to it finishing the
 * last answer; process start-up is figure 1's business.
 */
import { execFileSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { cleanupFigures } from './bench/cleanup.ts'
import { coldStart } from './bench/cold-start.ts'
import { createFigures } from './bench/create.ts'
import { renderTable, summaryLine, verdict, type Figure } from './bench/figures.ts'
import { listingFigures } from './bench/listing.ts'
import { scaleFigures } from './bench/scale.ts'
import { ROOT } from './run-action.ts'

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' }
  }
})
const quick = values.quick
const only = values.only === undefined ? undefined : new Set(values.only.split(',').map(Number))
/**
 * A realistic distance to a public API. At 20 ms, a cleanup at concurrency 16 needed about three
 * quarters of a core (2.1 s of CPU against a 2.9 s floor) beside the emulator on the same two
 * cores, so its figure measured the machine rather than the design.
 */
const LATENCY_MS = 50

const sections: [number, () => Promise<Figure[]>][] = [
  [1, () => coldStart({ pairs: quick ? 8 : 20, latencyMs: LATENCY_MS })],
  [
    2,
    () =>
      cleanupFigures({
        total: quick ? 400 : 2000,
        eligible: quick ? 200 : 1000,
        latencyMs: LATENCY_MS,
        concurrencies: [1, 4, 8, 16],
        curlSample: quick ? 20 : 50
      })
  ],
  [3, () => listingFigures({ total: 10_000, latencyMs: LATENCY_MS })],
  [
    4,
    () => scaleFigures({ total: quick ? 20_000 : 100_000, latencyMs: LATENCY_MS, judged: !quick })
  ],
  [5, () => createFigures({ runs: quick ? 3 : 7, latencyMs: LATENCY_MS })]
]

/** Above this load average (one minute), other work on the machine moves the figures. */
const QUIET_LOAD = 1.0

const started = performance.now()
const loadBefore = loadavg()
const figures: Figure[] = []
for (const [number, run] of sections) {
  if (only !== undefined && !only.has(number)) continue
  const sectionStarted = performance.now()
  const result = await run()
  figures.push(...result)
  console.error(
    `section ${number} done in ${((performance.now() - sectionStarted) / 1000).toFixed(1)} s`
  )
}
const seconds = (performance.now() - started) / 1000
const loadAfter = loadavg()

console.log(
  `\nnpm run bench${quick ? ' --quick' : ''}: Node ${process.version}, ${cpus().length} CPUs, ` +
    `load average ${loadBefore[0]!.toFixed(1)} before, ${loadAfter[0]!.toFixed(1)} after; ${seconds.toFixed(0)} s\n`
)
console.log(renderTable(figures))
console.log(`\n${summaryLine(figures)}`)

const report = {
  date: new Date().toISOString(),
  commit: gitCommit(),
  quick,
  node: process.version,
  cpus: cpus().length,
  loadAverage: { before: loadBefore[0], after: loadAfter[0] },
  latencyMs: LATENCY_MS,
  durationS: Math.round(seconds),
  figures: figures.map(f => ({ ...f, verdict: verdict(f) }))
}
const dir = join(ROOT, 'bench', 'results')
await mkdir(dir, { recursive: true })
const file = join(dir, quick || only !== undefined ? 'latest-quick.json' : 'latest-full.json')
await writeFile(file, `${JSON.stringify(report, null, 2)}\n`)
console.log(`Written to ${file.slice(ROOT.length)}`)
if (!quick && only === undefined && Math.max(loadBefore[0]!, loadAfter[0]!) > QUIET_LOAD) {
  console.log(
    `The load average was above ${QUIET_LOAD.toFixed(1)}: a noisy run, not a reference to commit.`
  )
}

function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      encoding: 'utf8'
    }).trim()
  } catch {
    return undefined
  }
}
