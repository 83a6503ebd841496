import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import type { DatasetVersion } from '../../src/paperspace/types.ts'
import {
  planPromotion,
  unsendableTag,
  type PromotionPlan
} from '../../src/operations/promote/plan.ts'
import { versionFixture } from '../helpers/versions.ts'

const POOL = ['production', 'candidate', 'staging', 'nightly', 'keep', 'resnet50']

/** Versions with unique IDs, each with a few distinct tags from the pool, in any order. */
const versionsArb = fc
  .uniqueArray(
    fc.record({
      id: fc.stringMatching(/^[a-z0-9]{1,7}$/),
      tags: fc.shuffledSubarray(POOL),
      message: fc.option(fc.string(), { nil: null }),
      isCommitted: fc.boolean()
    }),
    { selector: v => v.id, minLength: 1, maxLength: 40 }
  )
  .map(specs =>
    specs.map(s =>
      versionFixture({
        version: s.id,
        tags: s.tags,
        message: s.message,
        isCommitted: s.isCommitted,
        metadata: { id: s.id }
      })
    )
  )

/** A dataset, the index of the target in it, and the aliases to move (at least one). */
const caseArb = versionsArb.chain(versions =>
  fc.record({
    versions: fc.constant(versions),
    targetIndex: fc.nat({ max: versions.length - 1 }),
    aliases: fc.shuffledSubarray(POOL, { minLength: 1 }),
    // The listing may or may not include the target (it does when the target carries an alias).
    listTarget: fc.boolean()
  })
)

/** The dataset after the plan: each change replaces that version's tags, as a PUT does. */
function applied(versions: readonly DatasetVersion[], plan: PromotionPlan): DatasetVersion[] {
  const changes = new Map(
    [...(plan.target === undefined ? [] : [plan.target]), ...plan.others].map(c => [c.version, c])
  )
  return versions.map(v => {
    const change = changes.get(v.version)
    return change === undefined ? v : { ...v, tags: [...change.after] }
  })
}

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never

/** The target, the plan from a listing of the alias carriers, and the dataset after it. */
function setup(c: Case) {
  const target = c.versions[c.targetIndex]!
  const listed = c.versions.filter(
    v => (c.listTarget || v.version !== target.version) && v.tags.some(t => c.aliases.includes(t))
  )
  const plan = planPromotion(target, listed, c.aliases)
  return { target, plan, after: applied(c.versions, plan) }
}

describe('planPromotion, over random datasets', () => {
  test('leaves exactly one carrier of each alias tag: the target', () => {
    fc.assert(
      fc.property(caseArb, c => {
        const { target, after } = setup(c)
        for (const alias of c.aliases) {
          const carriers = after.filter(v => v.tags.includes(alias)).map(v => v.version)
          expect(carriers).toEqual([target.version])
        }
      })
    )
  })

  test('changes nothing but the alias tags, and keeps the order of the other tags', () => {
    fc.assert(
      fc.property(caseArb, c => {
        const { target, after } = setup(c)
        c.versions.forEach((before, i) => {
          const now = after[i]!
          const { tags: _t1, ...restBefore } = before
          const { tags: _t2, ...restNow } = now
          expect(restNow).toEqual(restBefore)
          const others = (tags: readonly string[]) => tags.filter(t => !c.aliases.includes(t))
          expect(others(now.tags)).toEqual(others(before.tags))
          if (before.version === target.version) {
            // The target keeps every tag it had, aliases included, in place.
            expect(now.tags.slice(0, before.tags.length)).toEqual(before.tags)
          }
        })
      })
    )
  })

  test('plans a change only for versions whose tags change, each version at most once', () => {
    fc.assert(
      fc.property(caseArb, c => {
        const { plan } = setup(c)
        const changes = [...(plan.target === undefined ? [] : [plan.target]), ...plan.others]
        for (const change of changes) expect(change.after).not.toEqual(change.before)
        const ids = changes.map(change => change.version)
        expect(new Set(ids).size).toBe(ids.length)
      })
    )
  })

  test('promoting again plans nothing', () => {
    fc.assert(
      fc.property(caseArb, c => {
        const { target, after } = setup(c)
        const again = planPromotion(
          after.find(v => v.version === target.version)!,
          after.filter(v => v.tags.some(t => c.aliases.includes(t))),
          c.aliases
        )
        expect(again.target).toBeUndefined()
        expect(again.others).toEqual([])
        expect(again.moved.every(move => move.from.length === 0)).toBe(true)
      })
    )
  })

  test('moved names, per alias in the given order, exactly the other versions that carried it', () => {
    fc.assert(
      fc.property(caseArb, c => {
        const { target, plan } = setup(c)
        expect(plan.moved.map(move => move.tag)).toEqual(c.aliases)
        for (const move of plan.moved) {
          const carried = c.versions
            .filter(v => v.version !== target.version && v.tags.includes(move.tag))
            .map(v => v.version)
          expect(move.from).toEqual(carried)
        }
      })
    )
  })
})

describe('planPromotion, examples', () => {
  const v = (version: string, tags: string[]) => versionFixture({ version, tags })

  test('adds the alias to the target and takes only the alias from the others', () => {
    const target = v('target1', ['nightly'])
    const plan = planPromotion(
      target,
      [v('old0001', ['production', 'keep']), v('old0002', ['resnet50', 'production'])],
      ['production']
    )
    expect(plan).toEqual({
      target: { version: 'target1', before: ['nightly'], after: ['nightly', 'production'] },
      others: [
        { version: 'old0001', before: ['production', 'keep'], after: ['keep'] },
        { version: 'old0002', before: ['resnet50', 'production'], after: ['resnet50'] }
      ],
      moved: [{ tag: 'production', from: ['old0001', 'old0002'] }]
    })
  })

  test("the target's own read wins over its listed entry, and a version listed twice counts once", () => {
    const target = v('target1', ['production'])
    const stale = v('target1', [])
    const other = v('old0001', ['production', 'candidate'])
    const plan = planPromotion(target, [stale, other, other], ['production', 'candidate'])
    expect(plan.target).toEqual({
      version: 'target1',
      before: ['production'],
      after: ['production', 'candidate']
    })
    expect(plan.others).toEqual([
      { version: 'old0001', before: ['production', 'candidate'], after: [] }
    ])
    expect(plan.moved).toEqual([
      { tag: 'production', from: ['old0001'] },
      { tag: 'candidate', from: ['old0001'] }
    ])
  })

  test('a tag with a comma cannot be sent back', () => {
    expect(unsendableTag(['a', 'b,c'])).toBe('b,c')
    expect(unsendableTag(['a', 'b'])).toBeUndefined()
  })
})
