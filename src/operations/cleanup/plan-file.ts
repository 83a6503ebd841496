/**
 * The plan file: what a cleanup dry run would delete, kept so that a person can review it and a
 * later step can apply exactly it (the `plan` input). `format` and `version` name this layout (see
 * docs/cleanup.md): a later layout changes `version`, and an action that does not know it refuses
 * the file rather than guess. Pure: the plan of a dry run, and the per-dataset plans an applied
 * file starts from.
 */
import type { DatasetVersion } from '../../paperspace/types.ts'
import type { DatasetTargets } from '../../interface/settings.ts'
import { firstMatchingTag } from './patterns.ts'
import type { CleanupRules, Decision, Keep, Plan } from './plan.ts'

export const PLAN_FORMAT = 'paperspace-dataset-versions/cleanup-plan'
export const PLAN_VERSION = 1

/** The settings of the dry run that made a plan, under their input names. */
export interface PlanSettings {
  /** The datasets: an ID, several joined with commas, or `*`. */
  readonly datasetId: string
  readonly olderThan: string
  readonly keepLatest: number
  readonly maxDeletions: number
  /** These still protect a version when the plan is applied. */
  readonly protectTags: readonly string[]
  readonly tags: readonly string[]
}

/** One version the plan deletes, as the dry run read it. */
export interface PlannedVersion {
  readonly datasetId: string
  /** The dataset's name; null when the API gave none or it could not be read. */
  readonly datasetName: string | null
  readonly version: string
  readonly message: string | null
  readonly dtCreated: string
  /** Applying skips the version if its dtModified is no longer this. */
  readonly dtModified: string
  readonly tags: readonly string[]
  readonly usageBytes: string | null
  /**
   * The rule that selected it. Every other rule is one that keeps a version; a candidate is one
   * none of them kept and that is older than olderThan.
   */
  readonly rule: 'olderThan'
  /** Time since dtModified when the plan was made. */
  readonly ageMs: number
}

export interface CleanupPlanFile {
  readonly format: typeof PLAN_FORMAT
  readonly version: typeof PLAN_VERSION
  /** When the versions were judged, ISO 8601: planMaxAge counts from here. */
  readonly createdAt: string
  readonly settings: PlanSettings
  /** Dataset after dataset, each oldest first: the order a run deletes them in. */
  readonly versions: readonly PlannedVersion[]
}

/** A plan file given to the `plan` input, parsed and checked (see interface/plan-input.ts). */
export interface PlanToApply {
  /** The path as given. */
  readonly path: string
  readonly file: CleanupPlanFile
}

/** How the datasetId input names the datasets of a run: `*`, or the IDs joined with commas. */
export function targetsText(targets: DatasetTargets): string {
  return 'all' in targets ? '*' : targets.ids.join(',')
}

/** The plan of a dry run, from the rules it ran with and the candidates it chose. */
export function buildPlanFile(run: {
  readonly createdAtMs: number
  readonly targets: DatasetTargets
  readonly olderThan: string
  readonly rules: CleanupRules
  /** Every candidate of the run, in the order it would delete them. */
  readonly candidates: readonly Decision[]
  /** Dataset names by ID, where known. */
  readonly names: ReadonlyMap<string, string | null>
}): CleanupPlanFile {
  const { rules } = run
  return {
    format: PLAN_FORMAT,
    version: PLAN_VERSION,
    createdAt: new Date(run.createdAtMs).toISOString(),
    settings: {
      datasetId: targetsText(run.targets),
      olderThan: run.olderThan,
      keepLatest: rules.keepLatest,
      maxDeletions: rules.maxDeletions,
      protectTags: rules.protectTags,
      tags: rules.onlyTags
    },
    versions: run.candidates.map(({ version: v, ageMs, datasetId = v.datasetId }) => ({
      datasetId,
      datasetName: run.names.get(datasetId) ?? null,
      version: v.version,
      message: v.message,
      dtCreated: v.dtCreated,
      dtModified: v.dtModified,
      tags: v.tags,
      usageBytes: v.usageBytes,
      rule: 'olderThan',
      ageMs
    }))
  }
}

/** The file's text: indented, as a person reads it before approving it. */
export function planFileText(file: CleanupPlanFile): string {
  return `${JSON.stringify(file, null, 2)}\n`
}

/**
 * The plan of each dataset of an applied file, datasets and versions in the file's order, each
 * version's age counted to `nowMs`. A decision holds the version as the plan recorded it; what
 * the plan does not record (url, metadata, userId) is null until the read before the DELETE.
 */
export function plansOf(file: CleanupPlanFile, nowMs: number): Map<string, Plan> {
  const plans = new Map<string, Decision[]>()
  for (const planned of file.versions) {
    const version: DatasetVersion = {
      version: planned.version,
      datasetId: planned.datasetId,
      message: planned.message,
      metadata: null,
      isCommitted: false,
      url: null,
      tags: planned.tags,
      usageBytes: planned.usageBytes,
      userId: null,
      dtCreated: planned.dtCreated,
      dtModified: planned.dtModified
    }
    const ageMs = nowMs - Date.parse(planned.dtModified)
    const decisions = plans.get(planned.datasetId) ?? []
    decisions.push({ version, ageMs, datasetId: planned.datasetId })
    plans.set(planned.datasetId, decisions)
  }
  return new Map(
    [...plans].map(([datasetId, candidates]) => [datasetId, { candidates, deferred: [], kept: [] }])
  )
}

/**
 * What keeps a planned version when the plan is applied, besides being committed or modified
 * since (see `apply.ts`): a tag matching the plan's protectTags or the applying step's own.
 */
export function plannedProtection(
  file: CleanupPlanFile,
  stepProtectTags: readonly string[]
): (current: DatasetVersion) => Keep | undefined {
  const patterns = [...new Set([...file.settings.protectTags, ...stepProtectTags])]
  return current => {
    const tag = firstMatchingTag(current.tags, patterns)
    return tag === undefined ? undefined : { rule: 'protected', tag }
  }
}
