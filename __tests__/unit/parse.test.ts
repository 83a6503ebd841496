import { describe, expect, test } from '@jest/globals'
import { parsePage, parseVersion } from '../../src/paperspace/parse.ts'
import { versionFixture } from '../helpers/versions.ts'

describe('parseVersion', () => {
  test('accepts the documented shape', () => {
    const version = versionFixture({ tags: ['a'], usageBytes: '1024', metadata: { k: 1 } })
    expect(parseVersion(JSON.parse(JSON.stringify(version)))).toEqual(version)
  })

  test('absent nullable fields read as null; unknown fields are dropped', () => {
    const {
      message: _m,
      url: _u,
      usageBytes: _b,
      userId: _i,
      metadata: _d,
      ...rest
    } = versionFixture()
    expect(parseVersion({ ...rest, extra: 1 })).toEqual(
      versionFixture({ message: null, url: null, usageBytes: null, userId: null, metadata: null })
    )
  })

  test.each([
    [{ isCommitted: 'false' }, 'version.isCommitted is not a boolean'],
    [{ isCommitted: undefined }, 'version.isCommitted is not a boolean'],
    [{ tags: undefined }, 'version.tags is not an array of strings'],
    [{ tags: 'a,b' }, 'version.tags is not an array of strings'],
    [{ tags: [1] }, 'version.tags is not an array of strings'],
    [{ dtModified: 'yesterday' }, 'version.dtModified is not a date-time'],
    [{ dtCreated: undefined }, 'version.dtCreated is not a string'],
    [{ version: '../x' }, 'version.version is not a plain ID'],
    [{ usageBytes: '-1' }, 'version.usageBytes is not a byte count or null'],
    [{ metadata: [] }, 'version.metadata is not an object']
  ])('rejects %j', (change, message) => {
    expect(() => parseVersion({ ...versionFixture(), ...change })).toThrow(message)
  })

  test('a numeric usageBytes is accepted as its string', () => {
    expect(parseVersion({ ...versionFixture(), usageBytes: 2048 }).usageBytes).toBe('2048')
  })
})

describe('parsePage', () => {
  test.each([null, undefined, ''])('nextPage %j means none', nextPage => {
    expect(parsePage({ hasMore: false, items: [], nextPage }).nextPage).toBeNull()
  })

  test('names the item that does not parse', () => {
    expect(() =>
      parsePage({
        hasMore: false,
        items: [versionFixture(), { ...versionFixture(), isCommitted: 1 }]
      })
    ).toThrow('page.items[1].isCommitted is not a boolean')
  })

  test('[F-list-wrong-shape] requires hasMore and items', () => {
    expect(() => parsePage({ items: [] })).toThrow('page.hasMore is not a boolean')
    expect(() => parsePage({ hasMore: false })).toThrow('page.items is not an array')
  })
})

describe('versions keep the values the API gave', () => {
  const version = (id: string, tags: unknown[], dates = {}) =>
    parseVersion({ ...versionFixture({ version: id }), tags, ...dates })

  test('tag lists are kept as they are, whatever they hold', () => {
    expect(version('vcccccc', ['a\nb']).tags).toEqual(['a\nb'])
    expect(version('vdddddd', ['a', 'b']).tags).toEqual(['a', 'b'])
    expect(version('veeeeee', []).tags).toEqual([])
    const many = Array.from({ length: 20 }, (_, i) => `t${i}`)
    expect(version('vffffff', many).tags).toEqual(many)
    expect(version('viiiiii', ['x'.repeat(300)]).tags).toEqual(['x'.repeat(300)])
  })

  test('dates and IDs keep their values', () => {
    const same = version('vgggggg', [], {
      dtCreated: '2026-01-02T03:04:05.000Z',
      dtModified: '2026-01-02T03:04:05.000Z'
    })
    expect([same.dtCreated, same.dtModified]).toEqual([
      '2026-01-02T03:04:05.000Z',
      '2026-01-02T03:04:05.000Z'
    ])
    const later = version('vhhhhhh', [], {
      dtCreated: '2026-01-02T03:04:05.000Z',
      dtModified: '2026-02-02T03:04:05.000Z'
    })
    expect(later.dtModified).toBe('2026-02-02T03:04:05.000Z')
    expect(later.datasetId).toBe(versionFixture().datasetId)
  })
})
