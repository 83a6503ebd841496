import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import {
  anyTagMatches,
  firstMatchingTag,
  hasWildcard,
  matchesPattern
} from '../../src/operations/cleanup/patterns.ts'
import { globMatches } from '../helpers/cleanup.ts'

/** An independent oracle: the pattern as a regular expression of the tests' own. */
const oracle = globMatches

describe('tag patterns', () => {
  test.each([
    ['release-1', 'release-*', true],
    ['release-', 'release-*', true],
    ['prerelease-1', 'release-*', false],
    ['exp-2024', 'exp-202?', true],
    ['exp-20245', 'exp-202?', false],
    ['exp-202', 'exp-202?', false],
    ['keep', 'keep', true],
    ['keeper', 'keep', false],
    ['a.b', 'a?b', true],
    ['anything', '*', true],
    ['', '*', true],
    ['x*y', 'x*y', true],
    ['nightly-resnet-50', '*resnet*', true]
  ])('%j against %j is %s', (tag, pattern, expected) => {
    expect(matchesPattern(tag, pattern)).toBe(expected)
  })

  test('agrees with a regular-expression oracle on random tags and patterns', () => {
    const alphabet = fc.constantFrom('a', 'b', '-', '.', '*', '?')
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', '-', '.'), maxLength: 12 }),
        fc.string({ unit: alphabet, maxLength: 8 }),
        (tag, pattern) => {
          expect(matchesPattern(tag, pattern)).toBe(oracle(tag, pattern))
        }
      ),
      { numRuns: 2000 }
    )
  })

  test('a pattern built to make backtracking matchers slow still gives the right answer', () => {
    expect(matchesPattern('a'.repeat(100), `${'*a'.repeat(50)}b`)).toBe(false)
    expect(matchesPattern(`${'a'.repeat(99)}b`, `${'*a'.repeat(50)}b`)).toBe(true)
  })

  test('several patterns combine with OR', () => {
    expect(anyTagMatches(['nightly'], ['release-*', 'night*'])).toBe(true)
    expect(anyTagMatches(['nightly'], ['release-*', 'exp-?'])).toBe(false)
    expect(firstMatchingTag(['a', 'release-2', 'release-3'], ['release-*'])).toBe('release-2')
  })

  test('only * and ? are wildcards', () => {
    expect(hasWildcard('release-*')).toBe(true)
    expect(hasWildcard('exp-202?')).toBe(true)
    expect(hasWildcard('v1.0+build')).toBe(false)
  })
})
