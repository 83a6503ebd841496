/**
 * API text as inert Markdown. Messages, tags, URLs, metadata, dataset names, IDs and error text are
 * written by whoever can edit a dataset, or by the API itself. GitHub renders the job summary as
 * GFM, which makes a link of any bare `http(s)://` or `www.` address or e-mail address and reads
 * raw HTML, emphasis and entities; inside a code span it does none of that. So every piece of such
 * text enters the summary only through here: one line, control characters shown as escapes, cut
 * (secrets are removed where the answer is read, so a cut cannot leave part of one), and wrapped in
 * a code span. The only links in a summary are the ones the action writes itself. Pure.
 */
import { showControls } from '../shared/neutralise.ts'
import { shorten } from '../shared/quote.ts'

/** `text` as a code span, at most `max` characters of it shown; empty text gives ''. */
export function inert(text: string, max = 80): string {
  return codeSpan(shown(text, max))
}

/**
 * The same inside a table cell. GFM splits a row at every `|` not escaped, inside a code span too,
 * and removes the backslash of a `\|` before reading the cell, so the span shows `|` again.
 */
export function inertCell(text: string, max = 80): string {
  return codeSpan(shown(text, max).replace(/\|/g, '\\|'))
}

/** Several values (tags) as table-cell spans, comma-separated; a dash when there are none. */
export function inertList(values: readonly string[], max = 40): string {
  return values.length === 0 ? '—' : values.map(value => inertCell(value, max)).join(', ')
}

/** One line, controls visible, at most `max` characters of the text. */
function shown(text: string, max: number): string {
  return showControls(shorten(text.replace(/\s+/g, ' ').trim(), max))
}

/**
 * A code span around `text`: fenced with one backtick more than the longest run inside it, and
 * padded with a space where it starts or ends with a backtick (GFM strips one space each side).
 */
function codeSpan(text: string): string {
  if (text === '') return ''
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map(run => run.length))
  const fence = '`'.repeat(longest + 1)
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${text}${pad}${fence}`
}
