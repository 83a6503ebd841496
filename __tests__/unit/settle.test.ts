import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { ACTION_METADATA_KEY } from '../../src/operations/create/marks.ts'
import { earliest, planSettle } from '../../src/operations/create/settle.ts'
import type { DatasetVersion } from '../../src/paperspace/types.ts'
import { versionFixture } from '../helpers/versions.ts'

const at = (second: number) => new Date(Date.UTC(2026, 10, 1, 10, 0, second)).toISOString()

/** A version created at `second`, carrying `marks` under the action's key. */
function made(
  version: string,
  second: number,
  marks: { token?: string; idempotencyKey?: string } = {}
): DatasetVersion {
  return versionFixture({
    version,
    dtCreated: at(second),
    metadata: { [ACTION_METADATA_KEY]: marks }
  })
}

const ids = (versions: readonly DatasetVersion[]) => versions.map(v => v.version)

describe('earliest', () => {
  test('is the first created; a tie goes to the lower version ID', () => {
    expect(earliest([made('b', 2), made('c', 1), made('a', 3)]).version).toBe('c')
    expect(earliest([made('zz', 1), made('0a', 1), made('m', 1)]).version).toBe('0a')
  })

  test('is the same whatever order the versions come in, so every run agrees', () => {
    const spec = fc.record({
      id: fc.stringMatching(/^[a-z0-9]{7}$/),
      second: fc.integer({ min: 0, max: 3 })
    })
    const specsInTwoOrders = fc
      .uniqueArray(spec, { minLength: 1, maxLength: 8, selector: s => s.id })
      .chain(specs =>
        fc.tuple(
          fc.constant(specs),
          fc.shuffledSubarray(specs, { minLength: specs.length, maxLength: specs.length })
        )
      )
    fc.assert(
      fc.property(specsInTwoOrders, ([specs, shuffled]) => {
        const first = specs.reduce((a, b) =>
          b.second < a.second || (b.second === a.second && b.id < a.id) ? b : a
        )
        expect(earliest(specs.map(s => made(s.id, s.second))).version).toBe(first.id)
        expect(earliest(shuffled.map(s => made(s.id, s.second))).version).toBe(first.id)
      })
    )
  })
})

describe('planSettle', () => {
  const marks = { token: 'mine' }

  test('without a key: keeps the earliest of its own token and removes the rest of its own', () => {
    const own = made('retry01', 5, marks)
    const late = made('first01', 7, marks)
    const theirs = made('other01', 1, { token: 'theirs' })
    const plan = planSettle([late, theirs, own], own, marks)
    expect(plan.keep.version).toBe('retry01')
    expect(ids(plan.remove)).toEqual(['first01'])
  })

  test('without a key: another version created earlier never wins, whatever it carries', () => {
    const own = made('own0001', 5, marks)
    const plan = planSettle([made('other01', 1, { idempotencyKey: 'k' })], own, marks)
    expect(plan.keep.version).toBe('own0001')
    expect(plan.remove).toEqual([])
  })

  test("the POST's own version counts as this create's even when the search did not list it", () => {
    const own = made('own0001', 9, marks)
    const plan = planSettle([made('late001', 3, marks)], own, marks)
    expect(plan.keep.version).toBe('late001')
    expect(ids(plan.remove)).toEqual(['own0001'])
  })

  test('with a key: an earlier version of another run is kept and all of this run is removed', () => {
    const keyed = { token: 'mine', idempotencyKey: 'k' }
    const own = made('own0001', 5, keyed)
    const extra = made('own0002', 6, keyed)
    const theirs = made('their01', 4, { token: 'theirs', idempotencyKey: 'k' })
    const plan = planSettle([extra, own, theirs], own, keyed)
    expect(plan.keep.version).toBe('their01')
    expect(ids(plan.remove).sort()).toEqual(['own0001', 'own0002'])
  })

  test('with a key: a later version of another run is not this run to remove', () => {
    const keyed = { token: 'mine', idempotencyKey: 'k' }
    const own = made('own0001', 5, keyed)
    const plan = planSettle(
      [made('their01', 6, { token: 'theirs', idempotencyKey: 'k' }), own],
      own,
      keyed
    )
    expect(plan.keep.version).toBe('own0001')
    expect(plan.remove).toEqual([])
  })
})
