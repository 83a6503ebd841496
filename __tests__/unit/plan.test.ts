import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import {
  keptByRule,
  planCleanup,
  planRun,
  type CleanupRules,
  type Plan
} from '../../src/operations/cleanup/plan.ts'
import type { DatasetVersion } from '../../src/paperspace/types.ts'
import { deletableIds, globMatches, newestKept } from '../helpers/cleanup.ts'
import { cleanupExample, versionFixture } from '../helpers/versions.ts'

const NOW = Date.parse('2026-11-28T12:00:00.000Z')
const DAY = 86_400_000
const TAGS = ['keep', 'prod', 'nightly', 'exp', 'exp-2024', 'release-1']
/** Exact tags and wildcard patterns, for the filter and the protection. */
const PATTERNS = [...TAGS, 'release-*', 'exp-202?', 'ni*', '*p*', '?eep']

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
      ),
      // Creation order independent of modification: a version can be old yet recently touched.
      createdAgoMs: fc.integer({ min: 0, max: 20 }).map(days => days * DAY)
    }),
    { selector: v => v.id, maxLength: 250, size: 'medium' }
  )
  .map(specs =>
    specs.map(s =>
      versionFixture({
        version: s.id,
        isCommitted: s.isCommitted,
        tags: s.tags,
        dtCreated: at(s.createdAgoMs),
        dtModified: at(s.ageMs)
      })
    )
  )

const rulesArb: fc.Arbitrary<CleanupRules> = fc.record({
  olderThanMs: fc.oneof(fc.integer({ min: 1000, max: 40 * DAY }), fc.constantFrom(DAY, 7 * DAY)),
  maxDeletions: fc.integer({ min: 1, max: 300 }),
  protectTags: fc.subarray(PATTERNS, { maxLength: 3 }),
  onlyTags: fc.subarray(PATTERNS, { maxLength: 3 }),
  keepLatest: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 30 }))
})

const ids = (decisions: Plan['candidates']) => decisions.map(d => d.version.version)
const age = (v: DatasetVersion) => NOW - Date.parse(v.dtModified)
/** Does a come before b in deletion order: older first, then by ID. */
const before = (a: DatasetVersion, b: DatasetVersion) =>
  age(a) > age(b) || (age(a) === age(b) && a.version < b.version)

describe('planCleanup, over random version sets', () => {
  test('[F-cleanup-committed] never selects a committed, protected, filtered-out, too-young or among-the-newest-N version', () => {
    fc.assert(
      fc.property(versionsArb, rulesArb, (versions, rules) => {
        const plan = planCleanup(versions, NOW, rules)
        const newest = newestKept(versions, rules)
        const matches = (v: DatasetVersion, patterns: readonly string[]) =>
          v.tags.some(t => patterns.some(p => globMatches(t, p)))
        for (const d of [...plan.candidates, ...plan.deferred]) {
          expect(d.version.isCommitted).toBe(false)
          expect(matches(d.version, rules.protectTags)).toBe(false)
          if (rules.onlyTags.length > 0) expect(matches(d.version, rules.onlyTags)).toBe(true)
          expect(age(d.version)).toBeGreaterThanOrEqual(rules.olderThanMs)
          expect(newest.has(d.version.version)).toBe(false)
        }
      })
    )
  })

  test('[F-cleanup-cap] selects every deletable version up to the cap; the rest are deferred, the others kept', () => {
    fc.assert(
      fc.property(versionsArb, rulesArb, (versions, rules) => {
        const plan = planCleanup(versions, NOW, rules)
        const deletable = deletableIds(versions, rules, NOW)
        expect(plan.candidates).toHaveLength(Math.min(rules.maxDeletions, deletable.size))
        expect([...ids(plan.candidates), ...ids(plan.deferred)].sort()).toEqual(
          [...deletable].sort()
        )
        expect(ids(plan.kept).sort()).toEqual(
          versions
            .filter(v => !deletable.has(v.version))
            .map(v => v.version)
            .sort()
        )
      })
    )
  })

  test('keepLatest keeps exactly the N newest uncommitted versions that pass the tag filter', () => {
    fc.assert(
      fc.property(versionsArb, rulesArb, (versions, rules) => {
        const plan = planCleanup(versions, NOW, rules)
        const newest = newestKept(versions, rules)
        const passing = versions.filter(
          v =>
            !v.isCommitted &&
            (rules.onlyTags.length === 0 ||
              v.tags.some(t => rules.onlyTags.some(p => globMatches(t, p))))
        )
        expect(newest.size).toBe(Math.min(rules.keepLatest, passing.length))
        // Each of the N is kept, as 'latest' unless an earlier rule (protection) already keeps it.
        const keptBy = new Map(plan.kept.map(d => [d.version.version, d.keep!.rule]))
        for (const id of newest) expect(['latest', 'protected']).toContain(keptBy.get(id))
        // And 'latest' keeps nothing else.
        for (const [id, rule] of keptBy) if (rule === 'latest') expect(newest.has(id)).toBe(true)
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

describe('planRun, over several random datasets', () => {
  const datasetsArb = fc.uniqueArray(
    fc.record({ datasetId: fc.stringMatching(/^ds[a-z0-9]{1,4}$/), versions: versionsArb }),
    { selector: d => d.datasetId, minLength: 1, maxLength: 4 }
  )

  test('the run-wide cap takes the oldest deletable versions across all datasets', () => {
    fc.assert(
      fc.property(datasetsArb, rulesArb, (datasets, rules) => {
        const plans = planRun(datasets, NOW, rules)
        const all = datasets.flatMap(d =>
          [...deletableIds(d.versions, rules, NOW)].map(id => {
            const v = d.versions.find(x => x.version === id)!
            return { ref: `${d.datasetId}:${id}`, age: age(v), datasetId: d.datasetId, id }
          })
        )
        all.sort(
          (a, b) =>
            b.age - a.age ||
            (a.datasetId < b.datasetId ? -1 : a.datasetId > b.datasetId ? 1 : 0) ||
            (a.id < b.id ? -1 : 1)
        )
        const expected = all.slice(0, rules.maxDeletions).map(x => x.ref)
        const chosen = datasets.flatMap(d =>
          plans.get(d.datasetId)!.candidates.map(c => `${d.datasetId}:${c.version.version}`)
        )
        expect(chosen.sort()).toEqual(expected.sort())
        // Each dataset's plan holds its own versions, every one exactly once.
        for (const d of datasets) {
          const plan = plans.get(d.datasetId)!
          const own = [...plan.candidates, ...plan.deferred, ...plan.kept]
          expect(own.map(x => x.version.version).sort()).toEqual(
            d.versions.map(v => v.version).sort()
          )
          for (const x of own) expect(x.datasetId).toBe(d.datasetId)
        }
      })
    )
  })

  test('with one dataset it plans exactly as planCleanup', () => {
    fc.assert(
      fc.property(versionsArb, rulesArb, (versions, rules) => {
        const single = planCleanup(versions, NOW, rules)
        const run = planRun([{ datasetId: 'ds1', versions }], NOW, rules).get('ds1')!
        const strip = (p: Plan) =>
          [p.candidates, p.deferred, p.kept].map(list => list.map(d => d.version.version))
        expect(strip(run)).toEqual(strip(single))
      })
    )
  })
})

describe('planCleanup, by example', () => {
  const rules: CleanupRules = {
    olderThanMs: 7 * DAY,
    maxDeletions: 2,
    protectTags: ['keep'],
    onlyTags: [],
    keepLatest: 0
  }
  const versions = cleanupExample(NOW)

  test('[F-cleanup-young] names the rule that keeps each version, and its age', () => {
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

  test('[F-cleanup-young] age is measured from dtModified, not dtCreated', () => {
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

describe('keepLatest and patterns, by example', () => {
  const rules: CleanupRules = {
    olderThanMs: DAY,
    maxDeletions: 100,
    protectTags: ['release-*'],
    onlyTags: ['exp-*', 'nightly'],
    keepLatest: 2
  }
  const v = (version: string, createdDaysAgo: number, tags: string[]) =>
    versionFixture({
      version,
      tags,
      dtCreated: at(createdDaysAgo * DAY),
      dtModified: at(createdDaysAgo * DAY)
    })
  const versions = [
    v('newest1', 2, ['exp-1']),
    v('newest2', 3, ['nightly']),
    v('release', 4, ['exp-2', 'release-7']),
    v('older01', 5, ['exp-3']),
    v('untaggd', 1, ['other'])
  ]

  test('[F-cleanup-protected] the newest two that pass the filter are kept; patterns protect and filter', () => {
    const plan = planCleanup(versions, NOW, rules)
    expect(plan.kept.map(d => [d.version.version, d.keep])).toEqual([
      ['release', { rule: 'protected', tag: 'release-7' }],
      ['newest2', { rule: 'latest' }],
      ['newest1', { rule: 'latest' }],
      ['untaggd', { rule: 'tags' }]
    ])
    expect(plan.candidates.map(d => d.version.version)).toEqual(['older01'])
  })
})
