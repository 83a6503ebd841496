/** Small pure formatters for the job summary. */
import { inertCell } from './inert.ts'

/**
 * Most rows of a long table (versions listed, datasets, the candidates of a run of one dataset);
 * the rest are counted.
 */
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

/** "200,000": every count a summary shows, its thousands grouped the same way whatever the locale. */
export function formatCount(count: number | bigint): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** "1 version", "2,000 versions". */
export function plural(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`
}

const BAR_WIDTH = 10

/**
 * `part` of `whole` as a text bar and a percentage (`█████░░░░░ 50%`): text renders in every
 * viewer. A part above zero gets at least one block, so it never looks like nothing.
 */
export function shareBar(part: bigint, whole: bigint): string {
  if (whole <= 0n || part <= 0n) return `${'░'.repeat(BAR_WIDTH)} 0%`
  const filled = Math.max(1, Math.round((Number(part) / Number(whole)) * BAR_WIDTH))
  const percent = Math.round((Number(part) / Number(whole)) * 100)
  return `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ${percent === 0 ? '<1' : percent}%`
}

/** "2026-11-28 09:15 UTC" from an ISO date-time. */
export function formatDate(iso: string): string {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return inertCell(iso)
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/** A Markdown table; every cell must already be Markdown (API text through `inert.ts`). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [...tableHead(header), ...rows.map(tableRow)].join('\n')
}

/** A table's header line and the rule under it. */
export function tableHead(header: readonly string[]): string[] {
  return [tableRow(header), tableRow(header.map(() => '---'))]
}

/** One row of a table. */
export function tableRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`
}
