/**
 * Removes secrets from text we are about to print or write. `core.setSecret` only asks the runner
 * to mask its log; outputs, the job summary and messages the API echoes back are ours to clean.
 * A server may echo a key the way it stored or logged it, so besides the key itself its
 * JSON-escaped, URL-encoded and base64-encoded forms are removed too.
 */
export type Redact = (text: string) => string

/** Encoded fragments shorter than this are not removed: they would match ordinary text. */
const MIN_FRAGMENT = 8

/**
 * One precompiled pass over the text: every form in one alternation, longest first, so that where
 * forms start at the same place the longest is removed whole. Text holding none of them (nearly
 * all text: every string of every answer goes through here) is returned as it is after one scan.
 */
export function redactor(secrets: readonly string[]): Redact {
  const forms = [...new Set(secrets.filter(s => s.length > 0).flatMap(secretForms))].sort(
    (a, b) => b.length - a.length
  )
  if (forms.length === 0) return text => text
  const source = forms.map(escapeRegExp).join('|')
  const probe = new RegExp(source)
  const every = new RegExp(source, 'g')
  return text => (probe.test(text) ? text.replace(every, '***') : text)
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')
}

/**
 * Redacts every string and every object key of a JSON value as JSON.parse made it, in place, and
 * returns it (a string is returned redacted). Done where an answer is read, before anything
 * escapes, cuts or re-encodes its text into a form the redactor would no longer recognise (a
 * Markdown `\_`, a cut, JSON.stringify doubling the backslash of a `\/`). Never recurses: the
 * API may nest metadata thousands of levels deep.
 */
export function redactJson(value: unknown, redact: Redact): unknown {
  if (typeof value === 'string') return redact(value)
  const stack: unknown[] = [value]
  while (stack.length > 0) {
    const current = stack.pop()
    if (typeof current !== 'object' || current === null) continue
    const fields = current as Record<string, unknown>
    // An array's keys are its indices; an object's are text the API chose.
    const keyed = !Array.isArray(fields)
    let renamed = false
    for (const key of Object.keys(fields)) {
      const item = fields[key]
      if (typeof item === 'string') {
        const clean = redact(item)
        if (clean !== item) define(fields, key, clean)
      } else if (typeof item === 'object' && item !== null) {
        stack.push(item)
      }
      if (keyed && !renamed) renamed = redact(key) !== key
    }
    // Rebuilt in the same order, each key redacted.
    if (renamed) {
      const entries = Object.entries(fields)
      for (const [key] of entries) delete fields[key]
      for (const [key, item] of entries) define(fields, redact(key), item)
    }
  }
  return value
}

/** Sets an own property; plain assignment to a key `__proto__` would set the prototype instead. */
function define(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true
  })
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
