/** How a value someone else wrote appears inside one of our messages. */

/** Quotes a user-supplied value for an error message: JSON-escaped and shortened. */
export function quote(value: string, max = 60): string {
  const shown = value.length > max ? `${value.slice(0, max)}…` : value
  return JSON.stringify(shown)
}
