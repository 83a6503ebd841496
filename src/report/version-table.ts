import type { DatasetVersion } from '../paperspace/types.ts'
import { formatBytes, formatDate, table } from './format.ts'
import { inertCell, inertList } from './inert.ts'

/** What a step adds about the version it handled: whether it created it, how a commit was known. */
export interface VersionNotes {
  readonly createdBy?: string
  readonly confirmedByRead?: boolean
}

/** Every field of one version as a two-column Markdown table, API text inert. */
export function versionTable(
  datasetId: string,
  v: DatasetVersion,
  notes: VersionNotes = {}
): string {
  const rows: [string, string][] = [
    ['Dataset', inertCell(datasetId)],
    ['Version', inertCell(v.version)],
    ...(notes.createdBy === undefined
      ? []
      : ([['Created by this step', notes.createdBy]] as [string, string][])),
    [
      'Committed',
      v.isCommitted
        ? 'yes' + (notes.confirmedByRead === true ? ' (confirmed by reading it back)' : '')
        : 'no'
    ],
    ['Message', v.message === null ? '—' : inertCell(v.message, 200)],
    ['Tags', inertList(v.tags)],
    ['Size', formatBytes(v.usageBytes)],
    ['URL', v.url === null ? '—' : inertCell(v.url, 200)],
    ['Created', formatDate(v.dtCreated)],
    ['Modified', formatDate(v.dtModified)],
    ['Metadata', v.metadata === null ? '—' : inertCell(JSON.stringify(v.metadata), 300)]
  ]
  return table(['Field', 'Value'], rows)
}
