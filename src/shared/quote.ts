/** How a value someone else wrote appears inside one of our messages. */

/** Quotes a user-supplied value for an error message: JSON-escaped and shortened. */
export function quote(value: string, max = 60): string {
  return JSON.stringify(shorten(value, max))
}

/**
 * `text` cut to at most `max` UTF-16 code units, marked with '…' when cut. A surrogate pair is
 * never split: half of one is no character, and it would be written out as U+FFFD.
 */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text
  const last = text.charCodeAt(max - 1)
  const end = last >= 0xd800 && last <= 0xdbff ? max - 1 : max
  return `${text.slice(0, end)}…`
}
