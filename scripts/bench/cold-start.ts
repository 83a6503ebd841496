/**
 * Figure 1, cold start: one `get` through the bundle beside a bare Node script that makes the
 * same GET with `node:http` (bare-get.js), both at the run's latency, so the difference between
 * them is what the action's start-up and its one request cost beyond the least a script can do.
 * The two run in alternating pairs (who goes first alternates too), and the difference is the
 * median of the per-pair differences, which load from elsewhere on the machine shifts far less
 * than it shifts either time. Shown for context: no budget.
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { startEmulator } from '../../emulator/server.ts'
import { runAction } from '../run-action.ts'
import type { Figure } from './figures.ts'
import { expect, median } from './measure.ts'

const BARE = join(import.meta.dirname, 'bare-get.js')

export interface ColdStartOptions {
  readonly pairs: number
  readonly latencyMs: number
}

export async function coldStart(options: ColdStartOptions): Promise<Figure[]> {
  const section = `1. Cold start of \`get\`, ${options.latencyMs} ms per request`
  const emulator = await startEmulator({ latencyMs: options.latencyMs })
  try {
    const datasetId = emulator.store.createDataset({ name: 'bench' }).id
    const [seeded] = emulator.store.seedVersions(datasetId, [{ ageMs: 60_000, tags: ['bench'] }])
    const version = seeded!.version
    const url = `${emulator.url}/datasets/${datasetId}/versions/${version}`
    const inputs = {
      operation: 'get',
      baseUrl: emulator.url,
      apiKey: emulator.apiKey,
      datasetId,
      version
    }

    const action = async () => {
      const run = await runAction(inputs)
      expect(run.exitCode === 0 && run.outputs.version === version, 'get failed', run)
      return run.durationMs
    }
    const bare = () => timeBare({ BENCH_URL: url, BENCH_KEY: emulator.apiKey })

    // One of each first, untimed: the first start of anything reads its files from disk.
    await action()
    await bare()
    const actionMs: number[] = []
    const bareMs: number[] = []
    for (let i = 0; i < options.pairs; i++) {
      if (i % 2 === 0) {
        actionMs.push(await action())
        bareMs.push(await bare())
      } else {
        bareMs.push(await bare())
        actionMs.push(await action())
      }
    }
    const differences = actionMs.map((ms, i) => ms - bareMs[i]!)
    const range = (values: number[]) =>
      `${Math.min(...values).toFixed(0)}-${Math.max(...values).toFixed(0)} ms`
    return [
      {
        id: 'coldStart.actionMs',
        section,
        label: `action \`get\`, median wall time of ${options.pairs}`,
        value: median(actionMs),
        unit: 'ms',
        note: `range ${range(actionMs)}; process start to exit, one GET answered after ${options.latencyMs} ms`
      },
      {
        id: 'coldStart.bareMs',
        section,
        label: `bare \`node:http\` GET script, median wall time of ${options.pairs}`,
        value: median(bareMs),
        unit: 'ms',
        note: `range ${range(bareMs)}`
      },
      {
        id: 'coldStart.extraMs',
        section,
        label: 'action less the bare script, median of the pairs',
        value: median(differences),
        unit: 'ms',
        note: `pair differences range ${range(differences)}`
      }
    ]
  } finally {
    await emulator.close()
  }
}

/** Wall time of the bare script, spawned the way runAction spawns the bundle. */
function timeBare(env: Record<string, string>): Promise<number> {
  const started = performance.now()
  const child = spawn(process.execPath, [BARE], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', code => {
      if (code === 0) resolve(performance.now() - started)
      else reject(new Error(`bare-get.js failed (exit ${code}): ${output}`))
    })
  })
}
