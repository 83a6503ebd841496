/**
 * How large a job summary may grow, enforced in one place. The runner drops a step's whole summary
 * when it passes 1 MiB, so every summary is put together here from its parts: fixed text is kept,
 * and the lines of each table or list are kept in order while they fit, earlier parts first; a
 * table or list that lost lines ends with a line saying how many, and where the whole result is.
 * Row caps elsewhere keep a summary readable; this keeps it under the limit whatever the result.
 * Pure.
 */
import { formatCount } from './format.ts'

/** The runner keeps a step's summary of at most 1 MiB and drops a larger one whole. */
export const RUNNER_SUMMARY_LIMIT = 1024 * 1024

/** What one summary may take: half the runner's limit, so a page stays quick to open. */
export const SUMMARY_BUDGET = RUNNER_SUMMARY_LIMIT / 2

/** Where a summary sends a reader for what it left out. */
export const IN_RESULT_FILE = 'in the result file (the `resultFile` output)'

/** "…and 9,800 more versions, in the result file (the `resultFile` output)." */
export function moreLine(count: number, noun: string): string {
  return `…and ${formatCount(count)} more ${noun}, ${IN_RESULT_FILE}.`
}

/** The lines of a table or list, kept in order while they fit. */
export interface Cuttable {
  /** Shown before the first line kept (a heading, a table's header); left out with every line. */
  readonly head?: readonly string[]
  /** Each one line of Markdown or several that belong together (a list item and its sub-list). */
  readonly lines: readonly string[]
  /** A blank line between lines (each is a block of its own, such as a `<details>`). */
  readonly apart?: boolean
  /** Shown after the last line kept (a total row); left out with every line. */
  readonly foot?: readonly string[]
  /** Lines a row cap left out before the budget was applied: counted in the cut. */
  readonly hidden?: number
  /** The line that says `left` lines were left out. */
  readonly cut: (left: number) => string
}

/** A piece of a summary: fixed text, or lines that may be cut. */
export type Part = string | Cuttable

const bytes = (text: string) => Buffer.byteLength(text)

/**
 * The parts as one Markdown text of at most `budget` bytes, one part per line. Fixed text should
 * be bounded (API text in it is cut by `inert.ts`); if it is not, the parts at the end are left
 * out for one line that says so.
 */
export function fitSummary(parts: readonly Part[], budget = SUMMARY_BUDGET): string {
  // Every fixed part, and each cuttable's head, foot and longest possible cut line, is paid for
  // first; the lines share what is left, in order.
  const fixed = parts.reduce(
    (sum, part) =>
      sum +
      1 +
      (typeof part === 'string'
        ? bytes(part)
        : [...(part.head ?? []), ...(part.foot ?? []), '', part.cut(total(part))].reduce(
            (n, line) => n + bytes(line) + 1,
            0
          )),
    0
  )
  let left = budget - fixed
  const rendered = parts.map(part => {
    if (typeof part === 'string') return part
    const kept: string[] = []
    for (const line of part.lines) {
      const cost = bytes(line) + (part.apart === true ? 2 : 1)
      if (cost > left) break
      kept.push(line)
      left -= cost
    }
    return renderCuttable(part, kept)
  })
  const text = rendered.filter(piece => piece !== undefined).join('\n')
  return bytes(text) <= budget ? text : cutFixed(rendered, budget)
}

function total(part: Cuttable): number {
  return part.lines.length + (part.hidden ?? 0)
}

function renderCuttable(part: Cuttable, kept: readonly string[]): string | undefined {
  const left = total(part) - kept.length
  if (kept.length === 0) return left === 0 ? undefined : part.cut(left)
  const lines = part.apart === true ? kept.join('\n\n') : kept.join('\n')
  const shown = [...(part.head ?? []), lines, ...(part.foot ?? [])].join('\n')
  // A blank line first: a line right after a table's last row would be read as one more row.
  return left === 0 ? shown : `${shown}\n\n${part.cut(left)}`
}

/** Fixed text past the budget: the pieces that fit, then one line for the rest. */
function cutFixed(rendered: readonly (string | undefined)[], budget: number): string {
  const last = `\n\n…the rest of this summary was left out; the whole result is ${IN_RESULT_FILE}.\n`
  const kept: string[] = []
  let used = bytes(last)
  for (const piece of rendered) {
    if (piece === undefined) continue
    if (used + bytes(piece) + 1 > budget) break
    kept.push(piece)
    used += bytes(piece) + 1
  }
  return kept.join('\n') + last
}
