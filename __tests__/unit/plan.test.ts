import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { keptByRule, planCleanup, type CleanupRules, type Plan } from '../../src/cleanup/plan.ts'
import type { DatasetVersion } from '../../src/paperspace/types.ts'
import { mayDelete } from '../helpers/cleanup.ts'
import { cleanupExample, versionFixture } from '../helpers/versions.ts'

const NOW = Date.parse('2026-11-28T12:00:00.000Z')
const DAY = 86_400_000
const TAGS = ['keep', 'prod', 'nightly', 'exp']

const at = (ageMs: number) => new Date(NOW - ageMs).toISOString()

/** Version sets with unique IDs, mixed states and tags, and many equal ages (ties). */
const versionsArb = fc
  .uniqueArray(
    fc.record({
      id: fc.stringMatching(/^[a-z0-9]{1,7}$/),
      isCommitted: fc.boolean(),
      tags: fc.subarray(TAGS),
      // Whole days half the time, so that many versions share an age.
      ageMs: fc.oneof(
        fc.integer({ min: 0, max: 60 * DAY }),
        fc.integer({ min: 0, max: 60 }).map(days => days * DAY)
      )
    }),
    { selector: v => v.id, maxLength: 250, size: 'medium' }
  )
  .map(specs =>
    specs.map(s =>
      versionFixture({
        version: s.id,
        isCommitted: s.isCommitted,
        tags: s.tags,
        dtCreated: at(s.ageMs + DAY),
        dtModified: at(s.ageMs)
      })
    )
  )

const rulesArb: fc.Arbitrary<CleanupRules> = fc.record({
  olderThanMs: fc.oneof(fc.integer({ min: 1000, max: 40 * DAY }), fc.constantFrom(DAY, 7 * DAY)),
  maxDeletions: fc.integer({ min: 1, max: 300 }),
  protectTags: fc.subarray(TAGS),
  onlyTags: fc.subarray(TAGS)
})

const eligible = (v: DatasetVersion, rules: CleanupRules) => mayDelete(v, rules, NOW)

const ids = (decisions: Plan['candidates']) => decisions.map(d => d.version.version)
const age = (v: DatasetVersion) => NOW - Date.parse(v.dtModified)
/** Does a come before b in deletion order: older first, then by ID. */
const before = (a: DatasetVersion, b: DatasetVersion) =>
  age(a) > age(b) || (age(a) === age(b) && a.version < b.version)

describe('planCleanup, over random version sets', () => {
  test('never selects a committed, protected, untagged-for-the-filter or too-young version', () => {
    fc.assert(
      fc.property(versionsArb, rulesArb, (versions, rules) => {
        const plan = planCleanup(versions, NOW, rules)
        for (const d of [...plan.candidates, ...plan.deferred]) {
          expect(d.version.isCommitted).toBe(false)
          expect(d.version.tags.some(t => rules.protectTags.includes(t))).toBe(false)
          expect(age(d.version)).toBeGreaterThanOrEqual(rules.olderThanMs)
          expect(eligible(d.version, rules)).toBe(true)
        }
      })
    )
  })

  test('selects every eligible version up to the cap; the rest are deferred, the others kept', () => {
    fc.assert(
      fc.property(versionsArb, rulesArb, (versions, rules) => {
        const plan = planCleanup(versions, NOW, rules)
        const expected = versions.filter(v => eligible(v, rules)).map(v => v.version)
        expect(plan.candidates).toHaveLength(Math.min(rules.maxDeletions, expected.length))
        expect([...ids(plan.candidates), ...ids(plan.deferred)].sort()).toEqual(
          [...expected].sort()
        )
        expect(ids(plan.kept).sort()).toEqual(
          versions
            .filter(v => !eligible(v, rules))
            .map(v => v.version)
            .sort()
        )
      })
    )
  })

  test('takes the oldest first, ties broken by version ID', () => {
    fc.assert(
      fc.property(versionsArb, rulesArb, (versions, rules) => {
        const plan = planCleanup(versions, NOW, rules)
        const order = [...plan.candidates, ...plan.deferred].map(d => d.version)
        for (let i = 1; i < order.length; i++) expect(before(order[i - 1]!, order[i]!)).toBe(true)
      })
    )
  })

  test('is deterministic: the order versions arrive in changes nothing', () => {
    fc.assert(
      fc.property(
        versionsArb.chain(versions =>
          fc.tuple(
            fc.constant(versions),
            fc.shuffledSubarray(versions, { minLength: versions.length })
          )
        ),
        rulesArb,
        ([versions, shuffled], rules) => {
          expect(planCleanup(shuffled, NOW, rules)).toEqual(planCleanup(versions, NOW, rules))
        }
      )
    )
  })

  test('gives every version one decision; exactly the kept ones name a rule', () => {
    fc.assert(
      fc.property(versionsArb, rulesArb, (versions, rules) => {
        const plan = planCleanup(versions, NOW, rules)
        const all = [...plan.candidates, ...plan.deferred, ...plan.kept]
        expect(all).toHaveLength(versions.length)
        for (const d of plan.kept) expect(d.keep).toBeDefined()
        for (const d of [...plan.candidates, ...plan.deferred]) expect(d.keep).toBeUndefined()
      })
    )
  })
})

describe('planCleanup, by example', () => {
  const rules: CleanupRules = {
    olderThanMs: 7 * DAY,
    maxDeletions: 2,
    protectTags: ['keep'],
    onlyTags: []
  }
  const versions = cleanupExample(NOW)

  test('names the rule that keeps each version, and its age', () => {
    const plan = planCleanup(versions, NOW, rules)
    expect(plan.candidates.map(d => [d.version.version, d.ageMs])).toEqual([
      ['old0001', 20 * DAY],
      ['old0002', 20 * DAY]
    ])
    expect(plan.deferred.map(d => d.version.version)).toEqual(['old0003'])
    expect(plan.kept.map(d => [d.version.version, d.keep])).toEqual([
      ['commit1', { rule: 'committed' }],
      ['protect', { rule: 'protected', tag: 'keep' }],
      ['young01', { rule: 'young' }]
    ])
    expect(keptByRule(plan)).toEqual({ committed: 1, protected: 1, young: 1 })
  })

  test('age is measured from dtModified, not dtCreated', () => {
    const touched = versionFixture({
      version: 'touched',
      dtCreated: at(90 * DAY),
      dtModified: at(DAY)
    })
    const [kept] = planCleanup([touched], NOW, rules).kept
    expect(kept).toMatchObject({ ageMs: DAY, keep: { rule: 'young' } })
  })

  test('the tags filter keeps versions that carry none of the tags', () => {
    const plan = planCleanup(versions, NOW, { ...rules, onlyTags: ['nightly'] })
    expect(plan.candidates).toEqual([])
    expect(plan.kept.find(d => d.version.version === 'old0001')!.keep).toEqual({ rule: 'tags' })
  })
})
