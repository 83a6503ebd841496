/**
 * Figure 1, cold start: one `get` through dist/index.js against a bare Node script that makes the
 * same request with the built-in fetch (bare-get.js), at zero latency so that start-up is all
 * there is to see. The two run in alternating pairs (who goes first alternates too) and the
 * verdict is on the median of the per-pair ratios, which load from elsewhere on the machine
 * shifts far less than it shifts either time.
 */
import { spawn } from 'node:child_process'
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { startEmulator } from '../../emulator/server.ts'
import { bundlePath, runAction } from '../run-action.ts'
import type { Figure } from './figures.ts'
import { expect, median, withUsage } from './measure.ts'

const BARE = join(import.meta.dirname, 'bare-get.js')
const SECTION = '1. Cold start of `get` (zero latency)'

export interface ColdStartOptions {
  readonly pairs: number
  /** Extra runs of each with the memory probe (kept apart from the timed pairs). */
  readonly usageRuns: number
}

export async function coldStart(options: ColdStartOptions): Promise<Figure[]> {
  const emulator = await startEmulator()
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

    const action = async (nodeArgs: string[] = [], env: Record<string, string> = {}) => {
      const run = await runAction(inputs, { nodeArgs, env })
      expect(run.exitCode === 0 && run.outputs.version === version, 'get failed', run)
      return run.durationMs
    }
    const bare = (nodeArgs: string[] = [], env: Record<string, string> = {}) =>
      timeBare(nodeArgs, { BENCH_URL: url, BENCH_KEY: emulator.apiKey, ...env })

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
    const ratios = actionMs.map((ms, i) => ms / bareMs[i]!)

    const actionRss: number[] = []
    const bareRss: number[] = []
    for (let i = 0; i < options.usageRuns; i++) {
      actionRss.push((await withUsage(action)).usage.peakRssMb)
      bareRss.push((await withUsage(bare)).usage.peakRssMb)
    }

    const bundleKb = (await bundleBytes()) / 1024
    const short = options.pairs < 20 ? ' (fewer than the 20 pairs the budget asks for)' : ''
    return [
      {
        id: 'coldStart.ratio',
        section: SECTION,
        label: `action / bare fetch, median of ${options.pairs} pairs`,
        value: median(ratios),
        unit: 'x',
        budget: { op: '<=', limit: 1.25 },
        note:
          `pair ratios range ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}, ` +
          `ratio of the medians ${(median(actionMs) / median(bareMs)).toFixed(2)}${short}`
      },
      {
        id: 'coldStart.actionMs',
        section: SECTION,
        label: 'action `get`, median wall time',
        value: median(actionMs),
        unit: 'ms'
      },
      {
        id: 'coldStart.bareMs',
        section: SECTION,
        label: 'bare fetch script, median wall time',
        value: median(bareMs),
        unit: 'ms'
      },
      {
        id: 'coldStart.bundleKb',
        section: SECTION,
        label: 'bundle size (dist/*.js)',
        value: bundleKb,
        unit: 'KB'
      },
      {
        id: 'coldStart.actionRssMb',
        section: SECTION,
        label: `action peak RSS, median of ${options.usageRuns}`,
        value: median(actionRss),
        unit: 'MB'
      },
      {
        id: 'coldStart.bareRssMb',
        section: SECTION,
        label: `bare fetch peak RSS, median of ${options.usageRuns}`,
        value: median(bareRss),
        unit: 'MB'
      }
    ]
  } finally {
    await emulator.close()
  }
}

/** Wall time of the bare script, spawned the way runAction spawns the bundle. */
function timeBare(nodeArgs: string[], env: Record<string, string>): Promise<number> {
  const started = performance.now()
  const child = spawn(process.execPath, [...nodeArgs, BARE], {
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

/** The bundle and any chunks ncc split from it. */
async function bundleBytes(): Promise<number> {
  const dist = join(bundlePath(), '..')
  const files = (await readdir(dist)).filter(name => name.endsWith('.js'))
  const sizes = await Promise.all(files.map(async name => (await stat(join(dist, name))).size))
  return sizes.reduce((a, b) => a + b, 0)
}
