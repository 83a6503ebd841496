import { describe, expect, test } from '@jest/globals'
import {
  cutDeeperThan,
  MAX_METADATA_DEPTH,
  nestsDeeperThan,
  sameJson,
  TOO_DEEP_MARKER
} from '../../src/shared/json.ts'

/** `{"a":{"a":…1…}}`, `levels` objects deep, built without recursion. */
function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 1 }
  for (let i = 1; i < levels; i++) value = { a: value }
  return value
}

describe('nesting depth', () => {
  test('counts objects and arrays; the top object is level 1', () => {
    expect(nestsDeeperThan({}, 1)).toBe(false)
    expect(nestsDeeperThan({ a: {} }, 1)).toBe(true)
    expect(nestsDeeperThan({ a: [[1]] }, 2)).toBe(true)
    expect(nestsDeeperThan({ a: [[1]] }, 3)).toBe(false)
    expect(nestsDeeperThan('text', 0)).toBe(false)
    expect(nestsDeeperThan(nested(MAX_METADATA_DEPTH), MAX_METADATA_DEPTH)).toBe(false)
    expect(nestsDeeperThan(nested(MAX_METADATA_DEPTH + 1), MAX_METADATA_DEPTH)).toBe(true)
  })

  test('100,000 levels are measured without overflowing the stack', () => {
    expect(() => JSON.stringify(nested(100_000))).toThrow(RangeError)
    expect(nestsDeeperThan(nested(100_000), MAX_METADATA_DEPTH)).toBe(true)
  })

  test('cutting keeps the first levels and marks the rest; the result can be written', () => {
    const cut = cutDeeperThan(nested(100_000), 3, 'MARK')
    expect(cut).toEqual({ a: { a: { a: 'MARK' } } })
    const deep = cutDeeperThan(nested(50_000), MAX_METADATA_DEPTH, TOO_DEEP_MARKER)
    expect(JSON.stringify(deep)).toContain(TOO_DEEP_MARKER)
    expect(nestsDeeperThan(deep, MAX_METADATA_DEPTH)).toBe(false)
    const shallow = { a: [1, { b: 'c' }], d: null }
    expect(cutDeeperThan(shallow, 3, 'MARK')).toEqual(shallow)
  })
})

describe('sameJson', () => {
  test('equal values are equal whatever the order of their keys; anything else differs', () => {
    expect(
      sameJson({ a: 1, b: { c: [1, { d: 2, e: 3 }] } }, { b: { c: [1, { e: 3, d: 2 }] }, a: 1 })
    ).toBe(true)
    expect(sameJson([1, 2], [2, 1])).toBe(false)
    expect(sameJson({ a: 1 }, { a: '1' })).toBe(false)
    expect(sameJson({ a: undefined }, {})).toBe(true)
    expect(sameJson(null, undefined)).toBe(false)
  })
})
