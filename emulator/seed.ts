/**
 * Generated version histories for seeding the emulator: many versions spread over a span of
 * time, some committed, some tagged, with sizes. Deterministic for a given `seed`.
 */
import type { VersionSeed } from './store.ts'

export interface HistoryOptions {
  readonly count: number
  /** Versions are created uniformly between now and this long ago. */
  readonly spanMs: number
  /** Share of committed versions, 0..1 (default 0.5). */
  readonly committedShare?: number
  /** Tags and the share of versions that carry each. */
  readonly tags?: readonly { readonly tag: string; readonly share: number }[]
  readonly seed?: number
}

export const HOUR = 3_600_000
export const DAY = 24 * HOUR

export function history(options: HistoryOptions): VersionSeed[] {
  const random = mulberry32(options.seed ?? 1)
  const seeds: VersionSeed[] = []
  for (let i = 0; i < options.count; i++) {
    const ageMs = Math.floor(random() * options.spanMs)
    const isCommitted = random() < (options.committedShare ?? 0.5)
    const tags = (options.tags ?? []).filter(t => random() < t.share).map(t => t.tag)
    seeds.push({
      ageMs,
      isCommitted,
      tags,
      message: `Training run #${i + 1}`,
      usageBytes: String(Math.floor(random() * 5 * 1024 ** 3))
    })
  }
  return seeds
}

/** A small, fast, seedable PRNG (public domain), so seeded histories repeat exactly. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
