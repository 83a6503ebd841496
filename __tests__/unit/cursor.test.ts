import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { createHash } from 'node:crypto'
import {
  decodeCursor,
  encodeCursor,
  isOwnCursor,
  type CursorQuery,
  type WalkPoint
} from '../../src/operations/list/cursor.ts'

const queryArb: fc.Arbitrary<CursorQuery> = fc.record({
  datasetId: fc.stringMatching(/^ds[a-z0-9]{1,13}$/),
  order: fc.constantFrom('asc' as const, 'desc' as const),
  tags: fc.uniqueArray(fc.string({ minLength: 1, maxLength: 10 }), { minLength: 2, maxLength: 5 })
})

const walkArb: fc.Arbitrary<WalkPoint> = fc.oneof(
  fc.constant({ at: 'start' as const }),
  fc.constant({ at: 'end' as const }),
  fc
    .string({ minLength: 1, maxLength: 200 })
    .filter(s => !/\p{Cc}/u.test(s))
    .map(cursor => ({ at: 'cursor' as const, cursor }))
)

/** A query and a resume point for it, with at least one walk not at its end. */
const pairArb = queryArb.chain(query =>
  fc
    .record({
      last: fc.record({
        time: fc.integer({ min: 0, max: 4_102_444_800_000 }),
        id: fc.stringMatching(/^[a-z0-9]{7}$/)
      }),
      walks: fc.array(walkArb, { minLength: query.tags.length, maxLength: query.tags.length })
    })
    .filter(point => point.walks.some(walk => walk.at !== 'end'))
    .map(point => ({ query, point }))
)

describe('the list cursor', () => {
  test('reads back as the point it was made from, for its own query only', () => {
    fc.assert(
      fc.property(pairArb, queryArb, ({ query, point }, other) => {
        const cursor = encodeCursor(query, point)
        expect(isOwnCursor(cursor)).toBe(true)
        expect(cursor).toMatch(/^pdv1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{11}$/)
        expect(decodeCursor(cursor, query)).toEqual(point)
        // The tags are a set: given in another order, they are the same query.
        expect(decodeCursor(cursor, { ...query, tags: [...query.tags].reverse() })).toEqual(point)
        const same =
          other.datasetId === query.datasetId &&
          other.order === query.order &&
          [...other.tags].sort().join('\n') === [...query.tags].sort().join('\n')
        if (!same) expect(decodeCursor(cursor, other)).toBe('other-query')
      })
    )
  })

  test('one damaged anywhere is refused', () => {
    fc.assert(
      fc.property(pairArb, fc.nat(), fc.constantFrom('A', 'z', '-', '9', '.'), (pair, at, c) => {
        const cursor = encodeCursor(pair.query, pair.point)
        const i = 5 + (at % (cursor.length - 5))
        const damaged = cursor.slice(0, i) + c + cursor.slice(i + 1)
        if (damaged !== cursor) expect(decodeCursor(damaged, pair.query)).toBe('damaged')
      })
    )
  })

  const query: CursorQuery = { datasetId: 'dsx', order: 'desc', tags: ['a', 'b'] }
  /** A cursor signed as the action signs its own, holding `value`. */
  const body = (value: unknown) => {
    const signed = `pdv1.${Buffer.from(JSON.stringify(value)).toString('base64url')}`
    return `${signed}.${createHash('sha256').update(signed).digest('base64url').slice(0, 11)}`
  }
  const made = encodeCursor(query, {
    last: { time: 1, id: 'abc1234' },
    walks: [{ at: 'start' }, { at: 'start' }]
  })
  const bound = JSON.parse(
    Buffer.from(made.slice(5, made.lastIndexOf('.')), 'base64url').toString()
  )[0] as string

  test.each<[string, string]>([
    ['without its check', made.slice(0, made.lastIndexOf('.'))],
    ['not JSON', body('x').replace(/^pdv1\.[^.]+/, 'pdv1.bm90IGpzb24')],
    [
      'signed, but not JSON',
      `pdv1.bm90IGpzb24.${createHash('sha256').update('pdv1.bm90IGpzb24').digest('base64url').slice(0, 11)}`
    ],
    ['not an array', body({ q: bound })],
    ['a version ID that is not a plain ID', body([bound, 1, '../x', [null, null]])],
    ['a time that is not a whole number', body([bound, 1.5, 'abc1234', [null, null]])],
    ['one walk too few', body([bound, 1, 'abc1234', [null]])],
    ['a walk that is neither null, 0 nor a cursor', body([bound, 1, 'abc1234', [null, 1]])],
    ['an empty API cursor', body([bound, 1, 'abc1234', [null, '']])],
    ['every walk at its end', body([bound, 1, 'abc1234', [0, 0]])]
  ])('%s is damaged', (_name, cursor) => {
    expect(decodeCursor(cursor, query)).toBe('damaged')
  })

  test("an API cursor is not the action's own", () => {
    expect(isOwnCursor('eyJzY29wZSI6InZlcnNpb25zIn0')).toBe(false)
  })
})
