import { describe, expect, test } from '@jest/globals'
import type { ListResult } from '../../src/operations/result.ts'
import { formatAge } from '../../src/shared/age.ts'
import { formatBytes, formatDate, MAX_SUMMARY_ROWS } from '../../src/report/format.ts'
import { outputsFor } from '../../src/report/outputs.ts'
import { summaryFor } from '../../src/report/summary.ts'
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
    expect(markdown).toContain('…and 50 more.')
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
})
