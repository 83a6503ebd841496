/**
 * A benchmark figure, its budget and verdict, and the two ways they are shown: the table printed
 * to the terminal and the JSON written under bench/results/.
 */

export interface Budget {
  readonly op: '<=' | '>=' | '=='
  readonly limit: number
}

export interface Figure {
  /** Stable key for the JSON, e.g. "cleanup.c4.ratio". */
  readonly id: string
  readonly section: string
  readonly label: string
  readonly value: number
  /** 'x' (a ratio), 'ms', 's', 'MB', 'KB' or 'requests'. */
  readonly unit: string
  /** No budget: the figure is shown for context (INFO). */
  readonly budget?: Budget
  readonly note?: string
}

export type Verdict = 'PASS' | 'FAIL' | 'INFO'

export function verdict(figure: Figure): Verdict {
  const { budget, value } = figure
  if (budget === undefined) return 'INFO'
  const ok =
    budget.op === '<='
      ? value <= budget.limit
      : budget.op === '>='
        ? value >= budget.limit
        : value === budget.limit
  return ok ? 'PASS' : 'FAIL'
}

export function formatValue(value: number, unit: string): string {
  switch (unit) {
    case 'x':
      return `${value.toFixed(2)}x`
    case 'ms':
      return `${value.toFixed(1)} ms`
    case 's':
      return `${value.toFixed(2)} s`
    case 'MB':
      return `${value.toFixed(1)} MB`
    case 'KB':
      return `${Math.round(value)} KB`
    default:
      return `${value} ${unit}`
  }
}

function formatBudget(figure: Figure): string {
  const { budget } = figure
  if (budget === undefined) return ''
  const op = budget.op === '==' ? '=' : budget.op === '<=' ? '≤' : '≥'
  return `${op} ${formatValue(budget.limit, figure.unit)}`
}

/** The table, one section header per group of figures, notes under the row they explain. */
export function renderTable(figures: readonly Figure[]): string {
  const header = ['figure', 'value', 'budget', 'verdict']
  const rows = figures.map(f => [
    f.label,
    formatValue(f.value, f.unit),
    formatBudget(f),
    verdict(f) === 'INFO' ? '' : verdict(f)
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i]!.length)))
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 1 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd()
  const out = [line(header), widths.map(w => '-'.repeat(w)).join('  ')]
  let section: string | undefined
  figures.forEach((figure, i) => {
    if (figure.section !== section) {
      section = figure.section
      out.push('', section)
    }
    out.push(line(rows[i]!))
    if (figure.note !== undefined) out.push(`    ${figure.note}`)
  })
  return out.join('\n')
}

export function summaryLine(figures: readonly Figure[]): string {
  const verdicts = figures.map(verdict)
  const passed = verdicts.filter(v => v === 'PASS').length
  const failed = figures.filter(f => verdict(f) === 'FAIL')
  return (
    `${passed} of ${passed + failed.length} budgets pass` +
    (failed.length > 0 ? `; failing: ${failed.map(f => f.id).join(', ')}` : '')
  )
}
