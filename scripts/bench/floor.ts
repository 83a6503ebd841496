/**
 * The latency floor: the least time a run can take when every request costs `latency` and nothing
 * else costs anything. Requests that must wait for one another (the pages of a listing, which each
 * need the cursor of the one before; a version's re-read and its DELETE) add up; requests made in
 * parallel overlap. So the floor is the number of requests on the critical path times the latency.
 */
import type { Figure } from './figures.ts'
import type { MeasuredRun } from './measure.ts'

/** Requests on a cleanup's critical path: the listing, then the deletions `concurrency` at a time. */
export function cleanupCriticalPath(
  listRequests: number,
  deletions: number,
  concurrency: number
): number {
  return listRequests + 2 * Math.ceil(deletions / concurrency)
}

export function floorMs(criticalRequests: number, latencyMs: number): number {
  return criticalRequests * latencyMs
}

export interface FloorCase {
  readonly id: string
  readonly section: string
  readonly label: string
  readonly run: MeasuredRun
  /** Requests on the critical path. */
  readonly critical: number
  readonly latencyMs: number
  /** The most time / floor may be; none, and the ratio is shown for context (INFO). */
  readonly limit?: number
  readonly note?: string
}

/**
 * Two rows for a run timed against its floor: the ratio as measured (the budget, if any), and the same
 * with the emulator's own time beyond its latency taken off the critical path, which is what the
 * ratio would be against an emulator that answered in exactly `latency`. That second row shows how
 * much of an excess is the action's and how much the emulator's.
 */
export function floorFigures(c: FloorCase): Figure[] {
  const { run: m } = c
  const floor = floorMs(c.critical, c.latencyMs)
  const emulatorMs = m.emulatorExcessMs * c.critical
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`
  return [
    {
      id: `${c.id}.ratio`,
      section: c.section,
      label: `${c.label}: time / floor`,
      value: m.spanMs / floor,
      unit: 'x',
      ...(c.limit !== undefined && { budget: { op: '<=', limit: c.limit } }),
      note:
        `${s(m.spanMs)} first request to last answer, floor ${s(floor)} ` +
        `(${c.critical} of ${m.requests} requests on the critical path); wall ${s(m.run.durationMs)}; ` +
        `action CPU ${s(m.usage.cpuMs)}, peak RSS ${m.usage.peakRssMb.toFixed(0)} MB` +
        (c.note === undefined ? '' : `; ${c.note}`)
    },
    {
      id: `${c.id}.ratioWithoutEmulator`,
      section: c.section,
      label: `${c.label}: same, less the emulator's own time`,
      value: (m.spanMs - emulatorMs) / floor,
      unit: 'x',
      note:
        `the emulator took ${m.emulatorExcessMs.toFixed(2)} ms per request beyond its latency, ` +
        `${s(emulatorMs)} on the critical path` +
        (c.critical === m.requests
          ? `; the action's median turnaround from an answer to its next request ${m.medianGapMs.toFixed(2)} ms`
          : '')
    }
  ]
}
