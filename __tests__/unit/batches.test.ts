import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { splitEvenly } from '../../src/operations/datasets.ts'

describe('splitEvenly: the groups of the batches output', () => {
  test('every item once, in order, in at most count groups that differ in size by at most one', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string(), { maxLength: 600 }),
        fc.integer({ min: 1, max: 256 }),
        (items, count) => {
          const groups = splitEvenly(items, count)
          expect(groups.flat()).toEqual(items)
          expect(groups).toHaveLength(Math.min(count, items.length))
          const sizes = groups.map(g => g.length)
          expect(Math.min(...sizes)).toBeGreaterThan(0)
          expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1)
        }
      )
    )
  })

  test('130 IDs in 4 groups: 33, 33, 32, 32', () => {
    const ids = Array.from({ length: 130 }, (_, i) => `ds${i}`)
    expect(splitEvenly(ids, 4).map(g => g.length)).toEqual([33, 33, 32, 32])
  })

  test('no items, no groups', () => {
    expect(splitEvenly([], 4)).toEqual([])
  })
})
