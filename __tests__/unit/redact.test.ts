import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { redactor, secretForms } from '../../src/shared/redact.ts'

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
