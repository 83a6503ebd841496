import type { DatasetVersion } from '../paperspace/types.ts'
import { cell, formatBytes, formatDate, table, tagList } from './format.ts'

/** What a step adds about the version it handled: whether it created it, how a commit was known. */
export interface VersionNotes {
  readonly createdBy?: string
  readonly confirmedByRead?: boolean
}

/** Every field of one version as a two-column Markdown table, API text escaped. */
export function versionTable(
  datasetId: string,
  v: DatasetVersion,
  notes: VersionNotes = {}
): string {
  const rows: [string, string][] = [
    ['Dataset', `\`${datasetId}\``],
    ['Version', `\`${v.version}\``],
    ...(notes.createdBy === undefined
      ? []
      : ([['Created by this step', notes.createdBy]] as [string, string][])),
    [
      'Committed',
      v.isCommitted
        ? 'yes' + (notes.confirmedByRead === true ? ' (confirmed by reading it back)' : '')
        : 'no'
    ],
    ['Message', v.message === null ? '—' : cell(v.message, 200)],
    ['Tags', tagList(v.tags)],
    ['Size', formatBytes(v.usageBytes)],
    ['URL', v.url === null ? '—' : cell(v.url, 200)],
    ['Created', formatDate(v.dtCreated)],
    ['Modified', formatDate(v.dtModified)],
    ['Metadata', v.metadata === null ? '—' : cell(JSON.stringify(v.metadata), 300)]
  ]
  return table(['Field', 'Value'], rows)
}
