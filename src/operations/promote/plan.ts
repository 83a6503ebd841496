/**
 * Which versions a promotion changes, and how: the alias tags are added to the target and taken
 * from every other version that carries them, and nothing else about any version changes. Pure
 * data, property-tested; `promote.ts` carries it out.
 *
 * Each change holds the version's complete new tag list, because a PUT replaces a version's tags:
 * sending only the tags leaves its message and metadata as they are.
 */
import type { DatasetVersion } from '../../paperspace/types.ts'

/** One version's tags before and after. */
export interface TagChange {
  readonly version: string
  readonly before: readonly string[]
  readonly after: readonly string[]
}

/** Where one alias tag was before the promotion. */
export interface Move {
  readonly tag: string
  /** The other versions that carried it, in listing order; empty when none did. */
  readonly from: readonly string[]
}

export interface PromotionPlan {
  /** The alias tags added to the target; undefined when it already carries all of them. */
  readonly target: TagChange | undefined
  /** Every other version that carries an alias tag, losing just those. */
  readonly others: readonly TagChange[]
  /** One entry per alias tag, in the order given. */
  readonly moved: readonly Move[]
}

/** `tags` with every alias that is missing appended, in the order given. */
export function withAliases(tags: readonly string[], aliases: readonly string[]): string[] {
  return [...tags, ...aliases.filter(alias => !tags.includes(alias))]
}

/** `tags` without the aliases; the order of the rest is kept. */
export function withoutAliases(tags: readonly string[], aliases: readonly string[]): string[] {
  return tags.filter(tag => !aliases.includes(tag))
}

/**
 * The plan for moving `aliases` to `target`. `listed` is what a listing found (it may contain
 * the target too, in an older state: the target's own read wins, so its entry is skipped, as is a
 * version listed twice).
 */
export function planPromotion(
  target: DatasetVersion,
  listed: readonly DatasetVersion[],
  aliases: readonly string[]
): PromotionPlan {
  const others: TagChange[] = []
  const seen = new Set([target.version])
  for (const version of listed) {
    if (seen.has(version.version)) continue
    seen.add(version.version)
    const after = withoutAliases(version.tags, aliases)
    if (after.length !== version.tags.length) {
      others.push({ version: version.version, before: version.tags, after })
    }
  }
  const added = withAliases(target.tags, aliases)
  return {
    target:
      added.length === target.tags.length
        ? undefined
        : { version: target.version, before: target.tags, after: added },
    others,
    moved: aliases.map(tag => ({
      tag,
      from: others.filter(change => change.before.includes(tag)).map(change => change.version)
    }))
  }
}

/**
 * The first tag that would not survive the trip to the API, where tags travel as one
 * comma-delimited string: one with a comma in it would come back as two.
 */
export function unsendableTag(tags: readonly string[]): string | undefined {
  return tags.find(tag => tag.includes(','))
}
