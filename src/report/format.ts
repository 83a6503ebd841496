/** Small pure formatters for the job summary. */
import { inertCell } from './inert.ts'

/** Most rows in one summary table; the rest are counted in an "and N more" line. */
export const MAX_SUMMARY_ROWS = 200

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB']

/** "1.5 GiB" for a byte count (the API's string), "—" when unknown. */
export function formatBytes(bytes: string | number | bigint | null): string {
  if (bytes === null) return '—'
  let value = Number(bytes)
  if (!Number.isFinite(value) || value < 0) return '—'
  let unit = 0
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${UNITS[unit]}`
}

/** "2026-11-28 09:15 UTC" from an ISO date-time. */
export function formatDate(iso: string): string {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return inertCell(iso)
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/** A Markdown table; every cell must already be Markdown (API text through `inert.ts`). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}
