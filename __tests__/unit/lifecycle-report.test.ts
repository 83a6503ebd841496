import { describe, expect, test } from '@jest/globals'
import type { PromoteResult, ResolveResult, WaitResult } from '../../src/operations/result.ts'
import { resultFailure } from '../../src/report/failure.ts'
import { outputsFor } from '../../src/report/outputs.ts'
import { summaryFor } from '../../src/report/summary.ts'
import { linkTargets, renderMarkdown, visibleText } from '../helpers/markdown.ts'
import { versionFixture } from '../helpers/versions.ts'

const datasetId = 'dst364npcw6ccok'
const promoted = versionFixture({
  version: 'new0001',
  isCommitted: true,
  tags: ['resnet50', 'production']
})

function promoteResult(overrides: Partial<PromoteResult> = {}): PromoteResult {
  return {
    kind: 'promote',
    datasetId,
    version: promoted,
    tags: ['production'],
    committed: false,
    alreadyPromoted: false,
    moved: [{ tag: 'production', from: ['old0002', 'old0001'] }],
    ...overrides
  }
}

describe('promote report', () => {
  test('outputs are those of the version, plus moved as JSON', () => {
    expect(outputsFor(promoteResult())).toEqual({
      datasetId,
      version: 'new0001',
      url: promoted.url,
      isCommitted: 'true',
      tags: 'resnet50,production',
      usageBytes: '',
      json: JSON.stringify(promoted),
      moved: '[{"tag":"production","from":["old0002","old0001"]}]'
    })
  })

  test('the summary shows which version each tag is on now and where it was taken from', () => {
    const summary = summaryFor(promoteResult())
    expect(summary).toContain('## Promoted dataset version `new0001` to `production`\n')
    expect(summary).toContain('| Tag | Now on | Taken from |')
    expect(summary).toContain('| `production` | `new0001` | `old0002`, `old0001` |')
    expect(summary).toContain('| Version | `new0001` |')
    expect(summary).not.toContain('[!WARNING]')
    expect(summary).not.toContain('committed first')
  })

  test('a version committed first, and a promotion that changed no tag, say so', () => {
    const summary = summaryFor(
      promoteResult({
        committed: true,
        alreadyPromoted: true,
        moved: [{ tag: 'production', from: [] }]
      })
    )
    expect(summary).toContain('The version was committed first.')
    expect(summary).toContain('No tag changed')
    expect(summary).toContain('| `production` | `new0001` | — |')
  })

  test('a partial promotion is a warning, fails the step, and shows a tag not added', () => {
    const failure = 'Could not add candidate to new0001: busy. No other version was changed'
    const result = promoteResult({
      tags: ['production', 'candidate'],
      moved: [
        { tag: 'production', from: [] },
        { tag: 'candidate', from: [] }
      ],
      failure
    })
    const summary = summaryFor(result)
    expect(summary).toContain(
      '## Promotion of dataset version `new0001` to `production`, `candidate` is incomplete'
    )
    expect(summary).toContain(`> [!WARNING]\n> \`${failure}\``)
    expect(summary).toContain('| `candidate` | not added | — |')
    expect(resultFailure(result)).toBe(failure)
    expect(resultFailure(promoteResult())).toBeUndefined()
  })

  test('a tag taken from hundreds of versions names the first ten and counts the rest', () => {
    const from = Array.from({ length: 300 }, (_, i) => `old${i}`)
    const summary = summaryFor(promoteResult({ moved: [{ tag: 'production', from }] }))
    expect(summary).toContain(
      `| \`production\` | \`new0001\` | ${from
        .slice(0, 10)
        .map(v => `\`${v}\``)
        .join(', ')} and 290 more |`
    )
  })

  test('the version follows as its facts, its run linked when this run made it', () => {
    const runUrl = 'https://github.com/acme/models/actions/runs/7/attempts/1'
    const version = { ...promoted, metadata: { github: { runId: 7, runUrl } } }
    const run = {
      serverUrl: 'https://github.com',
      repository: 'acme/models',
      runId: 7,
      runAttempt: 1
    }
    const html = renderMarkdown(summaryFor(promoteResult({ version }), run))
    expect(linkTargets(html)).toEqual([runUrl])
    expect(visibleText(html)).toContain('Made by this workflow run.')
    expect(html).toContain('<details><summary>Metadata</summary>')
    // A later run shows the same run as text.
    const later = renderMarkdown(summaryFor(promoteResult({ version }), { ...run, runId: 8 }))
    expect(linkTargets(later)).toEqual([])
  })

  test('tags and IDs from the API cannot break the table', () => {
    const summary = summaryFor(
      promoteResult({ tags: ['a|b'], moved: [{ tag: 'a|b', from: ['x`y'] }] })
    )
    expect(summary).toContain('| `a\\|b` | not added | ``x`y`` |')
    const row = /<tbody>\n<tr>\n([\s\S]*?)<\/tr>/.exec(renderMarkdown(summary))?.[1]
    expect(row).toBe('<td><code>a|b</code></td>\n<td>not added</td>\n<td><code>x`y</code></td>\n')
  })
})

describe('resolve and wait reports', () => {
  const found = versionFixture({ version: 'abc1234', isCommitted: true, tags: ['production'] })
  const resolved = (tags: string[], scanned = 130, listRequests = 2): ResolveResult => ({
    kind: 'resolve',
    datasetId,
    tags,
    version: found,
    scanned,
    listRequests
  })
  const waited = (polls: number, waitedMs: number): WaitResult => ({
    kind: 'wait',
    datasetId,
    version: found,
    polls,
    waitedMs
  })

  test('both give the single-version outputs', () => {
    for (const result of [resolved(['production']), waited(3, 9000)]) {
      expect(outputsFor(result)).toEqual({
        datasetId,
        version: 'abc1234',
        url: found.url,
        isCommitted: 'true',
        tags: 'production',
        usageBytes: '',
        json: JSON.stringify(found)
      })
      expect(resultFailure(result)).toBeUndefined()
    }
  })

  test('a resolve summary names the tags and how much it read', () => {
    const summary = summaryFor(resolved(['production', 'gpu']))
    expect(summary).toContain('## Resolved `production`, `gpu` to dataset version `abc1234`')
    expect(summary).toContain(
      'It is the newest committed version carrying `production`, `gpu`; found after reading 130 versions in 2 requests.'
    )
  })

  test('a resolve without tags is the newest committed version', () => {
    const summary = summaryFor(resolved([], 1, 1))
    expect(summary).toContain('## Resolved the newest committed dataset version: `abc1234`')
    expect(summary).toContain('found after reading 1 version in 1 request.')
  })

  test('a wait summary says how long the commit took, or that it was there already', () => {
    expect(summaryFor(waited(4, 75_000))).toContain(
      '## Dataset version `abc1234` is committed\n\nCommitted after waiting 1m 15s (4 polls).'
    )
    expect(summaryFor(waited(1, 20))).toContain('It was already committed at the first poll.')
  })
})
