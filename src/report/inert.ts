/**
 * API text as inert Markdown. Messages, tags, URLs, metadata, dataset names, IDs and error text are
 * written by whoever can edit a dataset, or by the API itself. GitHub renders the job summary as
 * GFM, which makes a link of any bare `http(s)://` or `www.` address or e-mail address and reads
 * raw HTML, emphasis and entities; inside a code span or code block it does none of that. So every
 * piece of such text enters the summary only through here: one line (or the lines of a fenced
 * block), control characters shown as escapes, cut (secrets are removed where the answer is read,
 * so a cut cannot leave part of one), and wrapped in a code span or block (inside raw HTML, a
 * `<code>` element with its characters as entities). The only links in a summary are the ones the
 * action writes itself. Pure.
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

/**
 * Several values (tags) as table-cell spans, comma-separated, at most `most` of them and a count
 * of the rest; a dash when there are none.
 */
export function inertList(values: readonly string[], max = 40, most = 10): string {
  if (values.length === 0) return '—'
  const shown = values.slice(0, most).map(value => inertCell(value, max))
  const rest = values.length - shown.length
  return shown.join(', ') + (rest > 0 ? ` and ${rest} more` : '')
}

/**
 * The same inside raw HTML (a `<details>` block's `<summary>`, where Markdown is not read): a
 * `<code>` element whose every character that HTML reads is written as an entity.
 */
export function inertHtml(text: string, max = 80): string {
  const line = shown(text, max)
  if (line === '') return ''
  return `<code>${line.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)}</code>`
}

/** A fenced code block, as `inertBlock` gives it: the lines may be cut, the fences may not. */
export interface InertBlock {
  readonly open: string
  readonly lines: readonly string[]
  readonly close: string
  /** Lines past `maxLines`, not in `lines`. */
  readonly hidden: number
}

/**
 * Text of several lines (metadata as JSON) as a fenced code block, where nothing is a link,
 * markup or HTML: each line with controls visible and cut to `maxLine` characters, at most
 * `maxLines` of them. The fence is longer than any run of backticks inside, so no line closes it.
 */
export function inertBlock(text: string, maxLines: number, maxLine = 200): InertBlock {
  const all = text.split('\n')
  const lines = all.slice(0, maxLines).map(line => showControls(shorten(line, maxLine)))
  const longest = Math.max(0, ...lines.flatMap(line => line.match(/`+/g) ?? []).map(r => r.length))
  const fence = '`'.repeat(Math.max(3, longest + 1))
  return { open: `${fence}json`, lines, close: fence, hidden: all.length - lines.length }
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
