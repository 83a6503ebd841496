import type { DatasetVersion } from '../paperspace/types.ts'
import { cell, formatBytes, formatDate, table, tagList } from './format.ts'

/** Every field of one version as a two-column Markdown table, API text escaped. */
export function versionTable(datasetId: string, v: DatasetVersion): string {
  const rows: [string, string][] = [
    ['Dataset', `\`${datasetId}\``],
    ['Version', `\`${v.version}\``],
    ['Committed', v.isCommitted ? 'yes' : 'no'],
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
