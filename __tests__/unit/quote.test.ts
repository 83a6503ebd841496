import { describe, expect, test } from '@jest/globals'
import { oneLine } from '../../src/paperspace/errors.ts'
import { outputLine } from '../../src/report/outputs.ts'
import { quote, shorten } from '../../src/shared/quote.ts'

const EMOJI = '\u{1F600}'

describe('cutting text never splits a character', () => {
  test('text within the limit is kept; longer text is cut and marked', () => {
    expect(shorten('abc', 3)).toBe('abc')
    expect(shorten('abcd', 3)).toBe('abc…')
  })

  test('a surrogate pair at the cut is left out whole, never halved', () => {
    // The pair takes code units 2 and 3: a cut after 3 units would keep its first half only.
    expect(shorten(`ab${EMOJI}cd`, 3)).toBe('ab…')
    expect(shorten(`ab${EMOJI}cd`, 4)).toBe(`ab${EMOJI}…`)
  })

  test('every cut made of API text goes through it', () => {
    const text = `${'x'.repeat(299)}${EMOJI}${'y'.repeat(300)}`
    const shown = [
      oneLine(text, t => t),
      quote(text.slice(240), 60),
      outputLine('json', `${'x'.repeat(199)}${EMOJI}`)
    ]
    for (const line of shown) {
      expect(line).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/)
      expect(Buffer.from(line).toString()).toBe(line)
    }
  })
})
