/**
 * Makes text safe to print as one log line. The runner reads every line a step prints and acts on
 * the ones that look like workflow commands: a line starting (after blanks) with `::`, or holding
 * `##[` anywhere (the older command form). API text (tags, messages, URLs, cursors, error bodies)
 * is written by whoever can edit a dataset, so it must never start a line or carry a command in.
 * Pure; the runner's log (`runner/log.ts`) applies it to every line it prints raw, and error lines
 * (`paperspace/errors.ts`) and the job summary's inert text (`report/inert.ts`) show control
 * characters the same way.
 */

/**
 * Characters never shown raw: those that end a line for the runner or a log viewer, the other C0
 * and C1 controls and DEL (tab is kept), the bidirectional controls (which make text read in
 * another order than it is stored) and lone surrogates (half a character).
 */
const CONTROLS =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]|[\ud800-\udfff]/gu

const ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r' }

/** `text` with each of those characters shown as a visible escape (`\n`, `\u001b`). */
export function showControls(text: string): string {
  return text.replace(
    CONTROLS,
    c => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
}

/** One line that cannot begin or contain a workflow command; printable text is kept as it is. */
export function neutralise(text: string): string {
  return (
    showControls(text)
      // `##[command]` is recognised anywhere in a line; a backslash breaks the marker.
      .replace(/##\[/g, '##\\[')
      // `::command::` is recognised at the start of a line, after any blanks.
      .replace(/^(\s*)::/, '$1\\::')
  )
}
