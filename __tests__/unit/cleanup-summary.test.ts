import { describe, expect, test } from '@jest/globals'
import type { OutcomeStatus } from '../../src/operations/cleanup/outcomes.ts'
import { RUNNER_SUMMARY_LIMIT, SUMMARY_BUDGET } from '../../src/report/budget.ts'
import { summaryFor } from '../../src/report/summary.ts'
import { cleanupResult, DAY, NOW, type DatasetSpec } from '../helpers/cleanup-result.ts'
import { linkTargets, renderMarkdown, visibleText } from '../helpers/markdown.ts'
import { versionFixture } from '../helpers/versions.ts'

const MiB = 1024 * 1024

/** `count` uncommitted versions of a dataset, the first `oldest` days old, a day apart. */
function versions(
  datasetId: string,
  count: number,
  oldest: number,
  bytes = MiB,
  tags: string[] = []
) {
  return Array.from({ length: count }, (_, i) =>
    versionFixture({
      version: `${datasetId}-v${i}`,
      datasetId,
      dtModified: new Date(NOW - (oldest - i) * DAY).toISOString(),
      usageBytes: String(bytes),
      tags
    })
  )
}

/** The text of each table cell of rendered HTML. */
const cells = (html: string) => [...html.matchAll(/<td>([\s\S]*?)<\/td>/g)].map(([, c]) => c!)

/**
 * A bad morning: `team-fail` has two candidates and one deletion fails; `team-big` has five
 * eligible versions and maxDeletions (4) leaves three for later; `team-idle` has nothing to delete.
 */
function badMorning(dryRun = false) {
  const specs: DatasetSpec[] = [
    { datasetId: 'dsidle', name: 'team-idle', versions: versions('dsidle', 1, 0.5) },
    { datasetId: 'dsbig', name: 'team-big', versions: versions('dsbig', 5, 20, 3 * MiB) },
    {
      datasetId: 'dsfail',
      name: 'team-fail',
      versions: versions('dsfail', 2, 30),
      status: i => (i === 0 ? 'failed' : 'deleted')
    }
  ]
  return cleanupResult({ datasetId: '*', maxDeletions: '4', dryRun: String(dryRun) }, specs)
}

describe('the cleanup summary, as GitHub renders it', () => {
  test('headline first, then what needs attention, then the datasets by name; no cell holds an error', () => {
    const markdown = summaryFor(badMorning())
    const html = renderMarkdown(markdown)
    const text = visibleText(html)
    const headline =
      'Deleted 3 of 4 candidate versions from 2 of 3 datasets, freeing 7.00 MiB; ' +
      '3 more are left for later runs.'
    // The headline is the first thing after the title.
    expect(html).toMatch(/^<h2>Dataset version cleanup: 3 datasets<\/h2>\n<p><strong>Deleted 3 of/)
    expect(text).toContain(headline)
    const attention = text.indexOf('Needs attention')
    const failing = text.indexOf('1 deletion failed in team-fail (dsfail)')
    const capped = text.indexOf(
      'maxDeletions (4) reached: 3 more eligible versions are left for later runs.'
    )
    const table = html.indexOf('<table>')
    expect([text.indexOf(headline), attention, failing, capped].every(i => i >= 0)).toBe(true)
    expect(text.indexOf(headline)).toBeLessThan(attention)
    expect(attention).toBeLessThan(capped)
    expect(capped).toBeLessThan(failing)
    expect(visibleText(html.slice(0, table))).toContain('team-fail')
    // The per-dataset table: names and IDs, the failing dataset first, then by bytes.
    const firstTable = html.slice(table, html.indexOf('</table>'))
    const rows = [...firstTable.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(([, row]) =>
      cells(row!).map(cell => visibleText(cell))
    )
    expect(rows.slice(1).map(row => row.slice(0, 2))).toEqual([
      ['team-fail', 'dsfail'],
      ['team-big', 'dsbig'],
      ['', 'All 3']
    ])
    expect(text).toContain('1 dataset had nothing to delete: team-idle (dsidle).')
    // The error is in a list item, and in no cell of any table.
    expect(html).toMatch(
      /<li><code>dsfail-v0<\/code>: <code>DELETE failed: 409 CONFLICT: busy<\/code><\/li>/
    )
    expect(cells(html).filter(cell => cell.includes('409'))).toEqual([])
  })

  test("each row has a bar of the dataset's share of the bytes freed", () => {
    const markdown = summaryFor(badMorning())
    // team-big freed 2 × 3 MiB of 7 MiB, team-fail 1 MiB.
    expect(markdown).toContain(
      '| `team-big` | `dsbig` | 5 | 2 | 6.00 MiB | █████████░ 86% | 3 | — |'
    )
    expect(markdown).toContain(
      '| `team-fail` | `dsfail` | 2 | 1 | 1.00 MiB | █░░░░░░░░░ 14% | 0 | 1 failed |'
    )
  })

  test('candidates are grouped per dataset, each in a collapsed block, oldest first', () => {
    const html = renderMarkdown(summaryFor(badMorning()))
    const blocks = [
      ...html.matchAll(/<details><summary>([\s\S]*?)<\/summary>([\s\S]*?)<\/details>/g)
    ]
    const groups = blocks.filter(([, summary]) => summary !== 'Settings')
    expect(groups.map(([, summary]) => visibleText(summary!))).toEqual([
      'team-fail (dsfail): 1 deleted, 1 failed',
      'team-big (dsbig): 2 deleted'
    ])
    const bigRows = [...groups[1]![2]!.matchAll(/<td><code>(dsbig-v\d)<\/code><\/td>/g)].map(
      ([, v]) => v
    )
    expect(bigRows).toEqual(['dsbig-v0', 'dsbig-v1'])
  })

  test('a dry run says what it would delete, above its banner', () => {
    const markdown = summaryFor(badMorning(true))
    expect(markdown).toContain(
      '**Would delete 4 versions** from 2 of 3 datasets, which would free **8.00 MiB**; ' +
        '3 more are left for later runs.\n\n> [!IMPORTANT]\n> **Dry run**: nothing was deleted.'
    )
    expect(markdown).toContain('| Name | ID | Scanned | Would delete | Bytes to free |')
  })

  test('overview rows that would say zero are left out', () => {
    const markdown = summaryFor(
      cleanupResult({ datasetId: 'dsx' }, [{ datasetId: 'dsx', versions: versions('dsx', 3, 10) }])
    )
    expect(markdown).toContain('| Deleted | 3 |')
    for (const zero of [
      'Already gone',
      'Skipped',
      'Failed',
      'Not attempted',
      'Remaining',
      'Kept'
    ]) {
      expect(markdown).not.toContain(`| ${zero}`)
    }
    expect(markdown).not.toContain('Needs attention')
  })

  test('numbers are grouped by thousands wherever they appear', () => {
    const markdown = summaryFor(
      cleanupResult({ datasetId: 'dsx', maxDeletions: '10000', dryRun: 'true' }, [
        {
          datasetId: 'dsx',
          versions: [
            ...versions('dsx', 12_345, 20_000),
            ...Array.from({ length: 1500 }, (_, i) =>
              versionFixture({ version: `c${i}`, isCommitted: true })
            )
          ]
        }
      ])
    )
    expect(markdown).toContain('**Would delete 10,000 versions**')
    expect(markdown).toContain('2,345 more are left for later runs')
    expect(markdown).toContain('| Versions scanned | 13,845 (1 list request) |')
    expect(markdown).toContain('| Kept | 1,500 committed |')
    expect(markdown).toContain('| maxDeletions | 10,000 |')
    expect(markdown).toContain(
      '…and 9,800 more candidates, in the result file (the `resultFile` output).'
    )
  })

  test('a run with nothing to delete says so in its headline', () => {
    const markdown = summaryFor(
      cleanupResult({ datasetId: 'dsx', olderThan: '7d' }, [
        { datasetId: 'dsx', versions: versions('dsx', 2, 3) }
      ])
    )
    expect(markdown).toContain(
      '**Nothing to delete**: no version is uncommitted, old enough and unprotected.'
    )
    expect(markdown).not.toContain('### Versions')
  })

  test('a run of * that found no private dataset says there was nothing to clean', () => {
    const markdown = summaryFor(cleanupResult({ datasetId: '*' }, []))
    expect(markdown).toContain(
      '## Dataset version cleanup: 0 datasets\n\nNo private dataset was found: there was nothing to clean.'
    )
    expect(markdown).toContain('No dataset had anything to delete.')
  })

  test('a stop, a dataset not listed and public datasets left alone each get one line', () => {
    const specs: DatasetSpec[] = [
      {
        datasetId: 'dsa',
        versions: versions('dsa', 4, 10),
        status: i => (['deleted', 'not-attempted', 'not-attempted', 'not-attempted'] as const)[i]!
      }
    ]
    const markdown = summaryFor(
      cleanupResult({ datasetId: '*' }, specs, {
        stop: { cause: 'cancelled' },
        unlisted: [
          { datasetId: 'dsu', name: 'team-u', error: 'GET /datasets/dsu/versions failed: 500' }
        ],
        notPrivate: [{ datasetId: 'dsp', name: 'shared' }]
      })
    )
    const attention = markdown.slice(
      markdown.indexOf('### Needs attention'),
      markdown.indexOf('### Per dataset')
    )
    expect(attention.split('\n').filter(line => line.startsWith('- '))).toEqual([
      '- **Cancelled**: no deletion was started after the workflow was cancelled; 3 versions were not attempted and are left for the next run.',
      '- **1 dataset the API listed as private is public** and was left alone (nothing of it was read or changed): `shared` (`dsp`).',
      '- `team-u` (`dsu`) **could not be listed**, so nothing of it was deleted: `GET /datasets/dsu/versions failed: 500`'
    ])
    expect(markdown).toContain('| `team-u` | `dsu` | — | — | — | — | — | not listed |')
    expect(markdown).toContain(
      '| — | `dsa` | 4 | 1 | 1.00 MiB | ██████████ 100% | 3 | 3 not attempted |'
    )
  })

  test('the breaker names the last error, inert', () => {
    const markdown = summaryFor(
      cleanupResult(
        { datasetId: 'dsx' },
        [{ datasetId: 'dsx', versions: versions('dsx', 2, 10), status: () => 'not-attempted' }],
        { stop: { cause: 'unavailable', failures: 5, error: '503 see https://evil.example' } }
      )
    )
    const html = renderMarkdown(markdown)
    expect(visibleText(html)).toContain(
      'The API seemed unavailable: 5 deletions in a row failed, so the run stopped; 2 versions were not attempted'
    )
    expect(linkTargets(html)).toEqual([])
  })

  test('names from the API are inert in the collapsed blocks too', () => {
    const name = '<img src=x onerror=alert(1)> https://evil.example **b**'
    const html = renderMarkdown(
      summaryFor(
        cleanupResult({ datasetId: '*' }, [
          { datasetId: 'dsa', name, versions: versions('dsa', 1, 10) },
          { datasetId: 'dsb', versions: versions('dsb', 1, 10) }
        ])
      )
    )
    expect(html).not.toContain('<img')
    expect(html).not.toContain('<strong>b</strong>')
    expect(linkTargets(html)).toEqual([])
    expect(visibleText(html)).toContain(`${name} (dsa): 1 deleted`)
  })

  test('200 datasets of 50 candidates with long tags: under the budget, saying what was left out', () => {
    const tags = Array.from({ length: 10 }, (_, i) => `${'t'.repeat(60)}-${i}`)
    const specs = Array.from({ length: 200 }, (_, d) => {
      const id = `ds${String(d).padStart(4, '0')}`
      return { datasetId: id, name: `team ${d}`, versions: versions(id, 50, 60, MiB, tags) }
    })
    const markdown = summaryFor(cleanupResult({ datasetId: '*', maxDeletions: '10000' }, specs))
    const size = Buffer.byteLength(markdown)
    expect(size).toBeLessThanOrEqual(SUMMARY_BUDGET)
    expect(size).toBeLessThan(RUNNER_SUMMARY_LIMIT)
    expect(markdown).toContain('**Deleted 10,000 versions** from 200 of 200 datasets')
    expect(markdown).toContain('…and 30 more candidates, in the result file')
    // The byte budget, not only the cap of 50 datasets, cut the blocks.
    const left =
      /…and (\d+) more datasets' candidates, in the result file \(the `resultFile` output\)\./.exec(
        markdown
      )
    expect(Number(left?.[1])).toBeGreaterThan(150)
    // The figures and the settings, after the cut lists, are still there.
    expect(markdown).toContain('| Deleted | 10,000 |')
    expect(markdown).toContain('<details><summary>Settings</summary>')
  })
})

describe('the outcome of every candidate', () => {
  test.each<[OutcomeStatus, string]>([
    ['deleted', 'deleted'],
    ['gone', 'already gone'],
    ['skipped', 'skipped: `committed since the listing`'],
    ['failed', 'failed (see Needs attention)'],
    ['not-attempted', 'not attempted']
  ])('%s reads "%s"', (status, words) => {
    const markdown = summaryFor(
      cleanupResult({ datasetId: 'dsx' }, [
        { datasetId: 'dsx', versions: versions('dsx', 1, 10), status: () => status }
      ])
    )
    expect(markdown).toContain(`| \`dsx-v0\` | 10d | 1.00 MiB | — | ${words} |`)
  })
})
