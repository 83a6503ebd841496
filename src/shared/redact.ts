/**
 * Removes secrets from text we are about to print or write. `core.setSecret` only asks the runner
 * to mask its log; outputs, the job summary and messages the API echoes back are ours to clean.
 * A server may echo a key the way it stored or logged it, so besides the key itself its
 * JSON-escaped, URL-encoded and base64-encoded forms are removed too.
 */
export type Redact = (text: string) => string

/** Encoded fragments shorter than this are not removed: they would match ordinary text. */
const MIN_FRAGMENT = 8

export function redactor(secrets: readonly string[]): Redact {
  const forms = [...new Set(secrets.filter(s => s.length > 0).flatMap(secretForms))]
    // Longest first, so a form that contains another is removed whole.
    .sort((a, b) => b.length - a.length)
  return text => forms.reduce((out, form) => out.split(form).join('***'), text)
}

/** Every form in which `secret` may appear in text: as is, escaped and encoded. */
export function secretForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1)
  // Some encoders also escape '/' or everything beyond ASCII.
  const ascii = json.replace(
    /[\u007f-\uffff]/g,
    c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
  const url = encodeURIComponent(secret)
  const encoded = [
    ...[json, ascii].flatMap(form => [form, form.replace(/\//g, '\\/')]),
    url,
    url.replace(/%[0-9A-F]{2}/g, escape => escape.toLowerCase()),
    ...base64Forms(secret)
  ]
  return [secret, ...encoded.filter(form => form !== secret && form.length >= MIN_FRAGMENT)]
}

/**
 * The base64 text of `secret` wherever it sits in a longer encoded string (as in the base64 of
 * "Bearer <key>"): its bytes may start at any of the three positions of a 3-byte group, which
 * changes every character. For each alignment, only the characters made of the secret's bits
 * alone are kept; those are the same whatever surrounds it. Standard and URL-safe alphabets.
 */
function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8')
  const forms: string[] = []
  for (let offset = 0; offset < 3; offset++) {
    const text = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64')
    // Character i carries bits [6i, 6i + 6); the secret's bits are [8 * offset, 8 * (offset + n)).
    const first = Math.ceil((8 * offset) / 6)
    const end = Math.floor((8 * (offset + bytes.length)) / 6)
    const fragment = text.slice(first, end)
    forms.push(fragment, fragment.replace(/\+/g, '-').replace(/\//g, '_'))
  }
  return forms
}
