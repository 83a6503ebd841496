/**
 * One version as a summary shows it: a short table of facts, the run that made it, and its
 * metadata collapsed, pretty-printed in a code block. Pure.
 *
 * The only link is to the run that made the version, and only when that run is this one: the
 * `github.runUrl` the action records is read back from the API, where anyone who can edit the
 * version can change it, so the link is built from this run's own context (the runner's) and
 * used only when the recorded URL is the one this run would record. Any other recorded run is
 * shown as inert text.
 */
import {
  PROVENANCE_KEY,
  provenanceMetadata,
  type RunContext
} from '../operations/create/provenance.ts'
import type { DatasetVersion } from '../paperspace/types.ts'
import { isObject } from '../shared/json.ts'
import { moreLine, type Part } from './budget.ts'
import { formatBytes, formatDate, table } from './format.ts'
import { inert, inertBlock, inertCell, inertList } from './inert.ts'

/** A row a step adds about the version it handled (whether it created it, how a commit was known). */
export type Note = readonly [label: string, markdown: string]

/** Lines of metadata shown before the rest are counted. */
const METADATA_LINES = 200

/** The facts table, the run that made the version, and its metadata. */
export function versionParts(
  datasetId: string,
  v: DatasetVersion,
  run: RunContext,
  notes: readonly Note[] = []
): Part[] {
  const provenance = provenanceLine(v, run)
  return [
    versionTable(datasetId, v, notes),
    ...(provenance === undefined ? [] : ['', provenance]),
    ...(v.metadata === null ? [] : ['', metadataBlock(v.metadata)])
  ]
}

function versionTable(datasetId: string, v: DatasetVersion, notes: readonly Note[]): string {
  const rows: Note[] = [
    ['Version', inertCell(v.version)],
    ['Dataset', inertCell(datasetId)],
    ...notes,
    ['Committed', v.isCommitted ? 'yes' : 'no'],
    ['Message', v.message === null ? '—' : inertCell(v.message, 120)],
    ['Tags', inertList(v.tags)],
    ['Size', formatBytes(v.usageBytes)],
    ['Created', formatDate(v.dtCreated)],
    ['URL', v.url === null ? '—' : inertCell(v.url, 200)]
  ]
  return table(['Field', 'Value'], rows)
}

/** The run URL in provenance metadata (a version's, or what this run would record), if any. */
export function runUrlIn(metadata: Record<string, unknown> | null): string | undefined {
  const provenance = metadata?.[PROVENANCE_KEY]
  const url = isObject(provenance) ? provenance.runUrl : undefined
  return typeof url === 'string' && url !== '' ? url : undefined
}

/** A run URL made of the runner's context, fit to be a Markdown link target as it is. */
const LINKABLE = /^https?:\/\/[^\s()<>[\]`]+$/

function provenanceLine(v: DatasetVersion, run: RunContext): string | undefined {
  const recorded = runUrlIn(v.metadata)
  if (recorded === undefined) return undefined
  const own = runUrlIn(provenanceMetadata(run))
  if (own === recorded && LINKABLE.test(own)) {
    return `Made by [this workflow run](${own}).`
  }
  return `Made by the workflow run ${inert(recorded, 200)} (as its metadata records it).`
}

function metadataBlock(metadata: Record<string, unknown>): Part {
  const block = inertBlock(JSON.stringify(metadata, null, 2), METADATA_LINES)
  return {
    head: ['<details><summary>Metadata</summary>', '', block.open],
    lines: block.lines,
    foot: [block.close, '', '</details>'],
    hidden: block.hidden,
    cut: left => moreLine(left, 'lines of metadata')
  }
}
