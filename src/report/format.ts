/** Small pure formatters for the job summary. */

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
  if (Number.isNaN(ms)) return cell(iso)
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/**
 * Makes API-provided text safe inside a Markdown table cell: one line, HTML and Markdown
 * specials escaped, long text cut. Messages and tags are written by whoever created a version.
 */
export function cell(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  const cut = flat.length > max ? `${flat.slice(0, max)}…` : flat
  return cut
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|])/g, '\\$1')
}

/** A Markdown table; every cell must already be escaped. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

/** Tags as an escaped, comma-separated list; a dash when there are none. */
export function tagList(tags: readonly string[]): string {
  return tags.length === 0 ? '—' : tags.map(t => cell(t, 40)).join(', ')
}
