/**
 * scripts/bundle.ts writes the bundle as ASCII (Node decodes an all-ASCII module on a fast path).
 * The escapes must mean the same characters in every place the bundle can hold them.
 */
import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { runInNewContext } from 'node:vm'
import { asciiOnly, unsafeToEscape } from '../../scripts/bundle.ts'
import { bundlePath } from '../../scripts/run-action.ts'

const SAMPLE = 'a … b — c é ² § 😀 \t\n'

/** Evaluates JavaScript source text (the escaped form of a literal). */
function evaluate(source: string): unknown {
  return runInNewContext(source)
}

describe('asciiOnly', () => {
  test('leaves ASCII alone and escapes everything else', () => {
    expect(asciiOnly('plain ASCII, tabs\tand\nnewlines')).toBe('plain ASCII, tabs\tand\nnewlines')
    const escaped = asciiOnly(SAMPLE)
    expect(escaped).toMatch(/^[ -~\t\n]*$/)
    expect(escaped).toContain('\\u2026')
    expect(escaped).toContain('\\ud83d\\ude00')
  })

  test('an escaped string, template or regular expression means what the original did', () => {
    expect(evaluate(asciiOnly(`'${SAMPLE.replace(/\n/g, '\\n')}'`))).toBe(SAMPLE)
    expect(evaluate(asciiOnly(`\`${SAMPLE}\``))).toBe(SAMPLE)
    const regex = evaluate(asciiOnly('/^[…—]+😀$/u')) as { test(text: string): boolean }
    expect(regex.test('…—…😀')).toBe(true)
    expect(regex.test('...')).toBe(false)
  })

  test('a source where an escape would change the meaning is refused', () => {
    expect(unsafeToEscape('const a = `…`; // — fine')).toBeUndefined()
    expect(unsafeToEscape('String.raw`…`')).toContain('String.raw')
    expect(unsafeToEscape("'\\é'")).toContain('backslash')
    expect(unsafeToEscape('// a\u2028b')).toContain('separator')
  })

  test('the bundle the tests run is ASCII only', () => {
    const text = readFileSync(bundlePath(), 'utf8')
    expect(text.length).toBeGreaterThan(100_000)
    expect(text.match(/[\u0080-\uffff]/g) ?? []).toEqual([])
  })
})
