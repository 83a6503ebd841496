/**
 * The step outputs of a result, as the strings the runner stores. Pure; `main.ts` writes them.
 * Every operation sets `json`, and those on datasets `datasetId`; the rest depends on the result.
 * An output larger than GitHub keeps is shortened or left unset, never a reason to fail: the
 * complete result is in the result file (`resultFile`), which `main.ts` adds.
 */
import { versionRef } from '../operations/cleanup/outcomes.ts'
import { Inputs, Outputs, type OutputName } from '../interface/names.ts'
import type { Result, ResultKind } from '../operations/result.ts'
import type { DatasetVersion } from '../paperspace/types.ts'
import { shorten } from '../shared/quote.ts'
import { cleanupReport } from './cleanup.ts'
import { candidateBytes } from './cleanup-view.ts'

export type OutputValues = Partial<Record<OutputName, string>>

/** GitHub stores an output of at most 1 MB. */
export const MAX_OUTPUT_BYTES = 1_000_000

/** The outputs too large for GitHub to keep, with their size in bytes. */
export function oversizedOutputs(values: OutputValues): { name: string; bytes: number }[] {
  return Object.entries(values)
    .map(([name, value]) => ({ name, bytes: Buffer.byteLength(value) }))
    .filter(output => output.bytes > MAX_OUTPUT_BYTES)
}

export function outputsFor(result: Result): OutputValues {
  switch (result.kind) {
    case 'version':
      return {
        [Outputs.datasetId]: result.datasetId,
        ...versionOutputs(result.version),
        ...(result.created !== undefined && { [Outputs.created]: String(result.created) })
      }
    case 'resolve':
    case 'wait':
      return { [Outputs.datasetId]: result.datasetId, ...versionOutputs(result.version) }
    case 'promote':
      return {
        [Outputs.datasetId]: result.datasetId,
        ...versionOutputs(result.version),
        [Outputs.moved]: JSON.stringify(result.moved)
      }
    case 'list':
      // The versions are in `versions` (and the result file); `json` does not repeat them.
      return {
        [Outputs.datasetId]: result.datasetId,
        [Outputs.versions]: JSON.stringify(result.versions),
        [Outputs.count]: String(result.versions.length),
        [Outputs.hasMore]: String(result.hasMore),
        [Outputs.nextPage]: result.nextPage ?? '',
        [Outputs.json]: JSON.stringify({
          datasetId: result.datasetId,
          count: result.versions.length,
          hasMore: result.hasMore,
          nextPage: result.nextPage
        })
      }
    case 'delete':
      return {
        [Outputs.datasetId]: result.datasetId,
        [Outputs.version]: result.version,
        [Outputs.json]: JSON.stringify({
          datasetId: result.datasetId,
          version: result.version,
          deleted: true,
          alreadyGone: result.alreadyGone
        })
      }
    case 'datasets':
      return {
        [Outputs.datasets]: JSON.stringify(result.datasets),
        [Outputs.datasetIds]: JSON.stringify(result.datasets.map(d => d.id)),
        [Outputs.count]: String(result.datasets.length),
        [Outputs.hasMore]: String(result.hasMore),
        // Each group one string, as datasetId takes several IDs: `datasetId: ${{ matrix.ids }}`.
        ...(result.batches !== undefined && {
          [Outputs.batches]: JSON.stringify(result.batches.map(group => group.join(',')))
        }),
        [Outputs.json]: JSON.stringify({
          count: result.datasets.length,
          hasMore: result.hasMore,
          datasetIds: result.datasets.map(d => d.id)
        })
      }
    case 'cleanup': {
      const t = result.tally
      return {
        [Outputs.datasetId]: result.datasetId,
        [Outputs.candidates]: JSON.stringify(
          result.plan.candidates.map(d => versionRef(d, result.several))
        ),
        [Outputs.candidateCount]: String(result.plan.candidates.length),
        [Outputs.candidateBytes]: String(candidateBytes(result.plan)),
        [Outputs.deleted]: JSON.stringify(t.deleted),
        [Outputs.deletedCount]: String(t.deleted.length),
        [Outputs.remaining]: String(result.plan.deferred.length),
        [Outputs.failed]: JSON.stringify(t.failed),
        [Outputs.notAttempted]: JSON.stringify(t.notAttempted),
        [Outputs.freedBytes]: String(t.freedBytes),
        [Outputs.json]: JSON.stringify(cleanupReport(result))
      }
    }
  }
}

function versionOutputs(version: DatasetVersion): OutputValues {
  return {
    [Outputs.version]: version.version,
    [Outputs.url]: version.url ?? '',
    [Outputs.isCommitted]: String(version.isCommitted),
    [Outputs.tags]: version.tags.join(','),
    [Outputs.usageBytes]: version.usageBytes ?? '',
    [Outputs.json]: JSON.stringify(version)
  }
}

/** Outputs as they can be set, and what had to give way to GitHub's limit. */
export interface FittedOutputs {
  readonly values: OutputValues
  /** Too large even in a shorter form: left unset. */
  readonly notSet: readonly { name: string; bytes: number }[]
  /** Set in a shorter form (a cleanup's `json` without its ID lists). */
  readonly shortened: readonly string[]
}

/**
 * Keeps every output within GitHub's limit: a cleanup's `json` falls back to its counts, any
 * other output too large is left unset. The work is done by now, so size never fails the step.
 */
export function fitOutputs(result: Result, values: OutputValues): FittedOutputs {
  const kept: OutputValues = { ...values }
  const notSet: { name: string; bytes: number }[] = []
  const shortened: string[] = []
  for (const { name, bytes } of oversizedOutputs(values)) {
    // A cleanup's json without its ID lists, then also without its breakdown per dataset.
    const shorter =
      name === Outputs.json && result.kind === 'cleanup'
        ? [cleanupReport(result, false), cleanupReport(result, false, false)]
            .map(report => JSON.stringify(report))
            .find(text => Buffer.byteLength(text) <= MAX_OUTPUT_BYTES)
        : undefined
    if (shorter !== undefined) {
      kept[Outputs.json] = shorter
      shortened.push(name)
    } else {
      delete kept[name as OutputName]
      notSet.push({ name, bytes })
    }
  }
  return { values: kept, notSet, shortened }
}

/** The warning for outputs that did not fit; undefined when all did. */
export function fitWarning(
  fitted: FittedOutputs,
  kind: ResultKind,
  resultFile: boolean
): string | undefined {
  if (fitted.notSet.length === 0 && fitted.shortened.length === 0) return undefined
  const parts: string[] = []
  if (fitted.notSet.length > 0) {
    const list = fitted.notSet.map(o => `${o.name} (${(o.bytes / 1e6).toFixed(1)} MB)`).join(', ')
    parts.push(`Not set, larger than the 1 MB GitHub allows for one output: ${list}.`)
  }
  if (fitted.shortened.length > 0) {
    parts.push(
      `${Outputs.json} holds counts only: with its ID lists it would pass the 1 MB GitHub allows for one output.`
    )
  }
  parts.push(
    resultFile
      ? `The complete result is in the file named by the ${Outputs.resultFile} output.`
      : 'The result file could not be written either (see the warning above).'
  )
  if (kind === 'list' && fitted.notSet.some(o => o.name === Outputs.versions)) {
    parts.push(
      `To get the versions as outputs, ask for fewer (${Inputs.limit}) and page on with ${Inputs.after} set to the ${Outputs.nextPage} output.`
    )
  }
  return parts.join(' ')
}

/** How an output is shown in the log: long values are cut. */
export function outputLine(name: string, value: string): string {
  return `${name}: ${value.length > 200 ? `${shorten(value, 200)} (${value.length} characters)` : value}`
}
