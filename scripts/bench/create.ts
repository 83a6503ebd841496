/**
 * Figure 5, `create` with `commit: true` at the run's latency: exactly a POST and a PUT (the
 * budget), the PUT sent as soon as the POST is answered (the time, shown for context). Median of a
 * few runs.
 */
import { startEmulator } from '../../emulator/server.ts'
import type { Figure } from './figures.ts'
import { floorFigures } from './floor.ts'
import { expect, measureAction, type MeasuredRun } from './measure.ts'

export interface CreateOptions {
  readonly runs: number
  readonly latencyMs: number
}

export async function createFigures(options: CreateOptions): Promise<Figure[]> {
  const { latencyMs } = options
  const section = `5. create with commit: true, ${latencyMs} ms per request`
  const emulator = await startEmulator({ latencyMs })
  try {
    const datasetId = emulator.store.createDataset({ name: 'bench-create' }).id
    const runs: MeasuredRun[] = []
    let requests = 0
    let methods = ''
    for (let i = 0; i < options.runs; i++) {
      const before = emulator.requests.length
      const m = await measureAction(emulator, latencyMs, {
        operation: 'create',
        datasetId,
        message: `bench run ${i + 1}`,
        tags: 'bench',
        commit: 'true'
      })
      expect(
        m.run.exitCode === 0 && m.run.outputs.isCommitted === 'true',
        'create did not commit',
        m.run
      )
      requests = Math.max(requests, m.requests)
      methods = emulator.requests
        .slice(before)
        .map(r => r.method)
        .join(' + ')
      runs.push(m)
    }
    // The run with the median time stands for all of them.
    const typical = [...runs].sort((a, b) => a.spanMs - b.spanMs)[runs.length >> 1]!
    return [
      {
        id: 'create.requests',
        section,
        label: 'requests (most in any run)',
        value: requests,
        unit: 'requests',
        budget: { op: '==', limit: 2 },
        note: methods
      },
      ...floorFigures({
        id: 'create',
        section,
        label: `median of ${options.runs} runs`,
        run: typical,
        critical: 2,
        latencyMs
      })
    ]
  } finally {
    await emulator.close()
  }
}
