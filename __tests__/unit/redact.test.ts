import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { redactJson, redactor, secretForms } from '../../src/shared/redact.ts'

const KEY = 'psk_live_4f1d9c2b8a7e6d5c3b2a1f0e'

describe('redaction removes the key in every form a server may echo it', () => {
  const redact = redactor([KEY])

  test('as is', () => {
    expect(redact(`Bearer ${KEY} rejected`)).toBe('Bearer *** rejected')
  })

  test('JSON-escaped, including escaped slashes and non-ASCII escapes', () => {
    const odd = 'k/e"y\\é_0123456789'
    const r = redactor([odd])
    expect(r(`{"message":${JSON.stringify(`bad key ${odd}`)}}`)).toBe('{"message":"bad key ***"}')
    expect(r('bad k\\/e\\"y\\\\\\u00e9_0123456789')).toBe('bad ***')
  })

  test('URL-encoded, upper- or lower-case escapes', () => {
    const odd = 'key/with+odd=chars&0123'
    const r = redactor([odd])
    expect(r(`?token=${encodeURIComponent(odd)}`)).toBe('?token=***')
    const lower = encodeURIComponent(odd).replace(/%[0-9A-F]{2}/g, e => e.toLowerCase())
    expect(r(`?token=${lower}`)).toBe('?token=***')
  })

  test('base64-encoded at each of the three byte alignments, inside longer base64', () => {
    for (const prefix of ['', 'B', 'Be', 'Bearer ', 'Basic x', 'Authorization: Bearer ']) {
      for (const suffix of ['', '!', '!!', ' trailing']) {
        const encoded = Buffer.from(`${prefix}${KEY}${suffix}`).toString('base64')
        const cleaned = redact(`echo: ${encoded}`)
        expect(cleaned).toContain('***')
        // What is left of the encoding carries at most the bits of two characters of the key.
        const left = cleaned.replace('echo: ', '').split('***').join('')
        expect(left.length).toBeLessThanOrEqual(encoded.length - (KEY.length * 4) / 3 + 4)
      }
    }
  })

  test('base64url too', () => {
    const key = 'k>>>???~~~0123456789'
    const url = Buffer.from(`Bearer ${key}`).toString('base64url')
    expect(redactor([key])(url)).toContain('***')
  })

  test('for any key and any surrounding bytes, its base64 never survives whole', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 12, maxLength: 60 }),
        fc.string({ maxLength: 8 }),
        fc.string({ maxLength: 8 }),
        (key, before, after) => {
          const encoded = Buffer.from(before + key + after).toString('base64')
          const keyAlone = Buffer.from(key).toString('base64').slice(0, -4)
          const r = redactor([key])(encoded)
          expect(r).toContain('***')
          if (keyAlone.length > 0 && before.length === 0) expect(r).not.toContain(keyAlone)
        }
      )
    )
  })

  test('short encoded fragments are not used: they would match ordinary text', () => {
    expect(secretForms('abc')).toEqual(['abc'])
    expect(redactor(['abc'])('YWJj abc')).toBe('YWJj ***')
  })

  test('an empty secret redacts nothing', () => {
    expect(redactor([''])('text')).toBe('text')
  })
})

describe('the redactor is one pass over the text', () => {
  test('where forms start at the same place, the longest is removed whole', () => {
    expect(redactor(['abcdefgh', 'abcdefghijkl'])('x abcdefghijkl y')).toBe('x *** y')
    expect(redactor(['abcdefghijkl', 'abcdefgh'])('x abcdefghijkl y abcdefgh')).toBe('x *** y ***')
  })

  test('every occurrence of every form goes, of every secret', () => {
    const r = redactor(['first_secret', 'second/secret'])
    expect(r('first_secret second/secret second\\/secret first_secret')).toBe('*** *** *** ***')
  })

  test('text holding no secret comes back as it was', () => {
    const text = 'Listed 120 versions; nothing to hide here.'
    expect(redactor([KEY])(text)).toBe(text)
  })

  test('characters that mean something in a pattern are matched as themselves', () => {
    const key = 'a.c*(x|y)+[z]{2}^$?\\/-'
    const r = redactor([key])
    expect(r(`<${key}>`)).toBe('<***>')
    // As a pattern, 'k.y*(a|b)+z' would match this.
    expect(redactor(['k.y*(a|b)+z'])('kxyyabz')).toBe('kxyyabz')
  })

  test('for any key, however odd, an occurrence between other text is replaced exactly', () => {
    const keyChars = fc.constantFrom(...'ABCXYZ0189_*/+.()[]{}|^$?\\-%"'.split(''))
    const textChars = fc.constantFrom(...'abcxyz ,;:'.split(''))
    fc.assert(
      fc.property(
        fc.string({ unit: keyChars, minLength: 1, maxLength: 30 }),
        fc.string({ unit: textChars, maxLength: 20 }),
        fc.string({ unit: textChars, maxLength: 20 }),
        (key, before, after) => {
          expect(redactor([key])(before + key + after)).toBe(`${before}***${after}`)
        }
      )
    )
  })
})

describe('redactJson: every string and key of a parsed answer', () => {
  const redact = redactor([KEY])

  test('values and keys at any level, arrays included, in place and in order', () => {
    const body = JSON.parse(
      JSON.stringify({
        message: `leaked ${KEY}`,
        tags: ['ok', KEY],
        metadata: { [KEY]: { inner: [{ deep: `x${KEY}y` }] }, after: 1 },
        count: 3,
        flag: false,
        none: null
      })
    ) as Record<string, unknown>
    const result = redactJson(body, redact)
    expect(result).toBe(body)
    expect(body).toEqual({
      message: 'leaked ***',
      tags: ['ok', '***'],
      metadata: { '***': { inner: [{ deep: 'x***y' }] }, after: 1 },
      count: 3,
      flag: false,
      none: null
    })
    expect(Object.keys(body.metadata as object)).toEqual(['***', 'after'])
  })

  test('a key echoed JSON-escaped with \\/ inside a string of nested details', () => {
    const key = 'pk_7*Q/x+2Zm_9*R/w+'
    const escaped = key.replace(/\//g, '\\/')
    const body = JSON.parse(
      JSON.stringify({ details: { issues: [{ echoed: `{"token":"${escaped}"}` }] } })
    ) as unknown
    expect(JSON.stringify(redactJson(body, redactor([key])))).toBe(
      '{"details":{"issues":[{"echoed":"{\\"token\\":\\"***\\"}"}]}}'
    )
  })

  test('a string on its own comes back redacted', () => {
    expect(redactJson(`a ${KEY}`, redact)).toBe('a ***')
    expect(redactJson(42, redact)).toBe(42)
  })

  test('a key named __proto__ is redacted as a field, and no prototype changes', () => {
    const body = JSON.parse(`{"__proto__": "${KEY}", "x": {"__proto__": {"${KEY}": 1}}}`) as object
    redactJson(body, redact)
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype)
    expect(JSON.stringify(body)).toBe('{"__proto__":"***","x":{"__proto__":{"***":1}}}')
  })

  test('100,000 levels of nesting are walked without overflowing the stack', () => {
    let body: Record<string, unknown> = { leaf: KEY }
    for (let i = 1; i < 100_000; i++) body = { a: body }
    redactJson(body, redact)
    let node = body
    while (node.a !== undefined) node = node.a as Record<string, unknown>
    expect(node.leaf).toBe('***')
  })
})
