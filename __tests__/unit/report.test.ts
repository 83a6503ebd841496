import { describe, expect, test } from '@jest/globals'
import type { ListResult } from '../../src/operations/result.ts'
import { formatAge } from '../../src/shared/age.ts'
import { RUNNER_SUMMARY_LIMIT } from '../../src/report/budget.ts'
import { failureSummary } from '../../src/report/failure.ts'
import {
  formatBytes,
  formatCount,
  formatDate,
  MAX_SUMMARY_ROWS,
  shareBar
} from '../../src/report/format.ts'
import { outputsFor } from '../../src/report/outputs.ts'
import { summaryFor } from '../../src/report/summary.ts'
import type { RunContext } from '../../src/operations/create/provenance.ts'
import { decodeEntities, linkTargets, renderMarkdown, visibleText } from '../helpers/markdown.ts'
import { versionFixture } from '../helpers/versions.ts'

describe('formatters', () => {
  test.each([
    [null, '—'],
    ['0', '0 B'],
    ['1023', '1023 B'],
    ['1536', '1.50 KiB'],
    [String(5 * 1024 ** 3), '5.00 GiB'],
    [String(123.4 * 1024 ** 4), '123.4 TiB'],
    ['not a number', '—']
  ])('formatBytes(%j) is %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text)
  })

  test.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [200_000, '200,000'],
    [1_234_567, '1,234,567'],
    [12_345_678_901_234n, '12,345,678,901,234']
  ])('formatCount(%p) is %s', (count, text) => {
    expect(formatCount(count)).toBe(text)
  })

  test.each([
    [0n, 10n, '░░░░░░░░░░ 0%'],
    [5n, 10n, '█████░░░░░ 50%'],
    [10n, 10n, '██████████ 100%'],
    [1n, 1000n, '█░░░░░░░░░ <1%'],
    [3n, 0n, '░░░░░░░░░░ 0%']
  ])('shareBar(%p of %p) is %s', (part, whole, text) => {
    expect(shareBar(part, whole)).toBe(text)
  })

  test('formatDate shows minutes in UTC', () => {
    expect(formatDate('2026-11-28T09:15:42.123Z')).toBe('2026-11-28 09:15 UTC')
  })

  test.each([
    [0, '0s'],
    [42_000, '42s'],
    [3_720_000, '1h 2m'],
    [90_000_000, '1d 1h'],
    [86_400_000 * 3, '3d'],
    [61_000, '1m 1s'],
    [59_999, '59s'],
    [3_600_000, '1h'],
    [86_400_000 + 59_000, '1d'],
    [-5_000, '0s']
  ])('formatAge(%i) is %s', (ms, text) => {
    expect(formatAge(ms)).toBe(text)
  })
})

describe('outputs', () => {
  test('a version gives every single-version output, nulls as empty strings', () => {
    const version = versionFixture({
      tags: ['a', 'b'],
      url: null,
      usageBytes: null,
      isCommitted: true
    })
    expect(outputsFor({ kind: 'version', datasetId: 'dsx', outcome: 'fetched', version })).toEqual({
      datasetId: 'dsx',
      version: 'abc1234',
      url: '',
      isCommitted: 'true',
      tags: 'a,b',
      usageBytes: '',
      json: JSON.stringify(version)
    })
  })

  test('a listing gives versions, count, hasMore and nextPage', () => {
    const versions = [versionFixture(), versionFixture({ version: 'def5678' })]
    const outputs = outputsFor({
      kind: 'list',
      datasetId: 'dsx',
      versions,
      hasMore: true,
      nextPage: 'c1',
      pages: 1
    })
    expect(outputs).toMatchObject({
      count: '2',
      hasMore: 'true',
      nextPage: 'c1',
      versions: JSON.stringify(versions)
    })
    expect(JSON.parse(outputs.json!)).toMatchObject({
      datasetId: 'dsx',
      count: 2,
      hasMore: true,
      nextPage: 'c1'
    })
    expect(
      outputsFor({
        kind: 'list',
        datasetId: 'dsx',
        versions,
        hasMore: false,
        nextPage: null,
        pages: 1
      }).nextPage
    ).toBe('')
  })

  test('a delete gives the version and a json record', () => {
    expect(
      outputsFor({ kind: 'delete', datasetId: 'dsx', version: 'abc1234', alreadyGone: false })
    ).toEqual({
      datasetId: 'dsx',
      version: 'abc1234',
      json: '{"datasetId":"dsx","version":"abc1234","deleted":true,"alreadyGone":false}'
    })
  })
})

describe('summary', () => {
  test('a version summary is a table with a human-readable size', () => {
    const markdown = summaryFor({
      kind: 'version',
      datasetId: 'dsx',
      outcome: 'created-and-committed',
      version: versionFixture({
        usageBytes: String(3 * 1024 ** 3),
        tags: ['prod'],
        isCommitted: true
      })
    })
    expect(markdown).toContain('## Created and committed dataset version `abc1234`')
    expect(markdown).toContain('| Size | 3.00 GiB |')
    expect(markdown).toContain('| Tags | `prod` |')
    expect(markdown).toContain('| Committed | yes |')
  })

  test('a partial failure is shown as a warning', () => {
    const markdown = summaryFor({
      kind: 'version',
      datasetId: 'dsx',
      outcome: 'created',
      version: versionFixture(),
      failure: 'Created version abc1234, but committing it failed'
    })
    expect(markdown).toContain(
      '> [!WARNING]\n> `Created version abc1234, but committing it failed`'
    )
  })

  test('a create that made duplicates names each and what became of it, API text escaped', () => {
    const markdown = summaryFor({
      kind: 'version',
      datasetId: 'dsx',
      outcome: 'created',
      created: true,
      version: versionFixture(),
      duplicates: [
        { version: 'dup0001', status: 'deleted' },
        { version: 'dup0002', status: 'committed' },
        { version: 'dup0003', status: 'failed', error: 'DELETE failed: 500 | boom\n## injected' }
      ]
    })
    expect(markdown).toContain(
      'The create was sent more than once and made more than one version; the earliest is kept:\n\n' +
        '- `dup0001`: deleted\n- `dup0002`: left: committed meanwhile\n- `dup0003`: could not be deleted ('
    )
    expect(markdown).not.toMatch(/^## injected/m)
  })

  test('a run that adopted the version another run created first says so', () => {
    const markdown = summaryFor({
      kind: 'version',
      datasetId: 'dsx',
      outcome: 'adopted',
      created: false,
      version: versionFixture(),
      duplicates: [{ version: 'own0001', status: 'deleted' }]
    })
    expect(markdown).toContain(
      '| Created by this step | no: another run with the same idempotencyKey created it first, so it was reused |'
    )
    expect(markdown).toContain(
      'This step made a version too; another run with the same idempotencyKey created the one ' +
        'above first, so that one is kept:\n\n- `own0001`: deleted'
    )
  })

  test('a long listing is capped with "and N more"', () => {
    const versions = Array.from({ length: MAX_SUMMARY_ROWS + 50 }, (_, i) =>
      versionFixture({ version: `v${i}` })
    )
    const result: ListResult = {
      kind: 'list',
      datasetId: 'dsx',
      versions,
      hasMore: false,
      nextPage: null,
      pages: 3
    }
    const markdown = summaryFor(result)
    expect(markdown.split('\n').filter(line => line.startsWith('| `v'))).toHaveLength(
      MAX_SUMMARY_ROWS
    )
    expect(markdown).toContain(
      '\n\n…and 50 more versions, in the result file (the `resultFile` output).'
    )
  })

  test('an empty listing says so', () => {
    expect(
      summaryFor({
        kind: 'list',
        datasetId: 'dsx',
        versions: [],
        hasMore: false,
        nextPage: null,
        pages: 1
      })
    ).toContain('No versions matched.')
  })

  test('a listing whose whole table would pass 1 MiB gives a summary under it that says what it left out', () => {
    // 10,000 versions, each with 100 tags of 200 characters: 200 MB of tags.
    const tags = Array.from(
      { length: 100 },
      (_, i) => `${'t'.repeat(196)}-${String(i).padStart(3, '0')}`
    )
    const versions = Array.from({ length: 10_000 }, (_, i) =>
      versionFixture({ version: `v${i}`, message: 'm'.repeat(500), tags })
    )
    expect(versions.reduce((n, v) => n + v.tags.join('').length, 0)).toBeGreaterThan(
      RUNNER_SUMMARY_LIMIT
    )
    const markdown = summaryFor({
      kind: 'list',
      datasetId: 'dsx',
      versions,
      hasMore: false,
      nextPage: null,
      pages: 84
    })
    expect(Buffer.byteLength(markdown)).toBeLessThan(RUNNER_SUMMARY_LIMIT)
    expect(markdown).toContain('## 10,000 versions of dataset `dsx`')
    expect(markdown).toContain(
      '…and 9,800 more versions, in the result file (the `resultFile` output).'
    )
    // Each row shows ten tags and counts the rest.
    expect(markdown).toContain(' and 90 more |')
  })

  test('a failure summary is held to the budget too', () => {
    const markdown = failureSummary('list', 'x'.repeat(5 * RUNNER_SUMMARY_LIMIT))
    expect(markdown.startsWith('## `list` failed\n\n`')).toBe(true)
    expect(Buffer.byteLength(markdown)).toBeLessThan(4000)
  })
})

describe('the summary of one version', () => {
  const run: RunContext = {
    serverUrl: 'https://github.com',
    repository: 'acme/models',
    runId: 99,
    runAttempt: 2
  }
  const OWN_URL = 'https://github.com/acme/models/actions/runs/99/attempts/2'
  const created = (metadata: Record<string, unknown> | null, context: RunContext = run) =>
    summaryFor(
      {
        kind: 'version',
        datasetId: 'dsx',
        outcome: 'created',
        version: versionFixture({ metadata, usageBytes: '2048', tags: ['prod'] }),
        created: true
      },
      context
    )

  test('a short table of facts; the metadata is not in it', () => {
    const markdown = created({ epochs: 10 })
    const rows = markdown.split('\n').filter(line => /^\| \w[\w ]* \|/.test(line))
    expect(rows.map(row => row.split(' | ')[0]!.slice(2))).toEqual([
      'Field',
      'Version',
      'Dataset',
      'Created by this step',
      'Committed',
      'Message',
      'Tags',
      'Size',
      'Created',
      'URL'
    ])
    expect(markdown).toContain('| URL | `s3://team/datasets/dst364npcw6ccok/versions/abc1234/` |')
    expect(linkTargets(renderMarkdown(markdown))).toEqual([])
  })

  test('the metadata is pretty-printed in a code block, collapsed', () => {
    const metadata = { epochs: 10, data: { split: [0.8, 0.2] } }
    const html = renderMarkdown(created(metadata))
    const block =
      /<details><summary>Metadata<\/summary>\n<pre><code class="language-json">([\s\S]*?)<\/code><\/pre>\n<\/details>/.exec(
        html
      )
    expect(decodeEntities(block![1]!)).toBe(`${JSON.stringify(metadata, null, 2)}\n`)
  })

  test('no metadata can close the code block, become a link or markup, or end the details', () => {
    const metadata = {
      a: '```\n# heading\n```',
      b: '````````',
      c: '</details><script>alert(1)</script>',
      d: 'https://evil.example [x](https://evil.example) **bold**',
      e: 'right-to-left \u202e override'
    }
    const markdown = created(metadata)
    const html = renderMarkdown(markdown)
    expect(html.match(/<pre>/g)).toHaveLength(1)
    expect(html.match(/<\/details>/g)).toHaveLength(1)
    expect(html).not.toContain('<script')
    expect(html).not.toContain('<h1>')
    expect(linkTargets(html)).toEqual([])
    expect(visibleText(html)).toContain('"e": "right-to-left \\u202e override"')
  })

  test('metadata of thousands of lines is cut, saying how many lines are left out', () => {
    const metadata = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]))
    const markdown = created(metadata)
    // 5,002 lines: the braces and a line per key; 200 are shown.
    expect(markdown).toContain(
      '</details>\n\n…and 4,802 more lines of metadata, in the result file (the `resultFile` output).'
    )
  })

  test('the run that made the version is a link only when it is this run', () => {
    const provenance = (runUrl: string) => ({ github: { runId: 99, runUrl } })
    const html = renderMarkdown(created(provenance(OWN_URL)))
    expect(linkTargets(html)).toEqual([OWN_URL])
    expect(visibleText(html)).toContain('Made by this workflow run.')

    // Another run, or a URL that only looks like this run's: text, never a link.
    for (const [recorded, context] of [
      [OWN_URL, { ...run, runId: 100 }],
      [OWN_URL, {}],
      ['https://evil.example/acme/models/actions/runs/99/attempts/2', run],
      [`${OWN_URL} [x](https://evil.example)`, run]
    ] as const) {
      const other = renderMarkdown(created(provenance(recorded), context))
      expect(linkTargets(other)).toEqual([])
      expect(visibleText(other)).toContain(
        `Made by the workflow run ${recorded} (as its metadata records it).`
      )
    }
  })
})
