import { DAY, HOUR, history } from '../../emulator/seed.ts'
import type { Emulator } from '../../emulator/server.ts'
import type { Version } from '../../emulator/store.ts'

/**
 * Seeds `count` versions over six weeks: half committed, 5% tagged keep, 30% nightly. No version is
 * modified within an hour of `olderThanMs` ago, so the few seconds between computing the
 * expectation and the action's own clock cannot move a version across the line.
 */
export function seedWeeks(
  emulator: Emulator,
  datasetId: string,
  count: number,
  olderThanMs: number,
  seed = 1
): void {
  const seeds = history({
    count,
    spanMs: 42 * DAY,
    seed,
    tags: [
      { tag: 'keep', share: 0.05 },
      { tag: 'nightly', share: 0.3 }
    ]
  }).map(s => (Math.abs(s.ageMs - olderThanMs) < HOUR ? { ...s, ageMs: s.ageMs + 2 * HOUR } : s))
  emulator.store.seedVersions(datasetId, seeds)
}

/** What a cleanup should delete, computed from the emulator's state by the rules themselves. */
export function expectedCandidates(
  versions: readonly Version[],
  rules: { olderThanMs: number; maxDeletions: number; protectTags?: string[]; onlyTags?: string[] }
): string[] {
  const now = Date.now()
  const age = (v: Version) => now - Date.parse(v.dtModified)
  return versions
    .filter(
      v =>
        !v.isCommitted &&
        !v.tags.some(t => (rules.protectTags ?? []).includes(t)) &&
        ((rules.onlyTags ?? []).length === 0 || v.tags.some(t => rules.onlyTags!.includes(t))) &&
        age(v) >= rules.olderThanMs
    )
    .sort((a, b) => age(b) - age(a) || (a.version < b.version ? -1 : 1))
    .slice(0, rules.maxDeletions)
    .map(v => v.version)
}
