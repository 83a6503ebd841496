import { describe, expect, test } from '@jest/globals'
import { DAY, history } from '../../emulator/seed.ts'
import { act, errors, GITHUB_ENV, warnings } from '../helpers/action.ts'
import { freshDataset, useEmulator } from '../helpers/emulator.ts'
import { linkTargets, renderMarkdown } from '../helpers/markdown.ts'

const emulator = useEmulator()

describe('create', () => {
  test('sends tags as one comma-delimited string and records provenance', async () => {
    const datasetId = freshDataset(emulator())
    const run = await act(
      emulator(),
      {
        operation: 'create',
        datasetId,
        tags: 'nightly, resnet50\nnightly',
        metadata: '{"epochs": 10}'
      },
      GITHUB_ENV
    )
    expect(run.exitCode).toBe(0)
    const requests = emulator().requests
    expect(requests).toHaveLength(1)
    expect(requests[0]).toMatchObject({ method: 'POST', path: `/datasets/${datasetId}/versions` })
    expect(requests[0]!.body).toEqual({
      tags: 'nightly,resnet50',
      message: 'Train #7 (3f9c2b7)',
      metadata: {
        epochs: 10,
        github: {
          repository: 'acme/models',
          sha: GITHUB_ENV.GITHUB_SHA,
          ref: 'refs/heads/main',
          workflow: 'Train',
          runId: 99,
          runAttempt: 2,
          runUrl: 'https://github.com/acme/models/actions/runs/99/attempts/2'
        },
        paperspaceDatasetVersions: { token: expect.stringMatching(/^[0-9a-f-]{36}$/) }
      }
    })
    const [stored] = emulator().store.versions(datasetId)
    const { json, resultFile, ...scalars } = run.outputs
    expect(resultFile).toMatch(/paperspace-dataset-versions-\w+-[0-9a-f-]+\.json$/)
    expect(scalars).toEqual({
      datasetId,
      version: stored!.version,
      url: stored!.url,
      isCommitted: 'false',
      tags: 'nightly,resnet50',
      usageBytes: '',
      created: 'true'
    })
    expect(JSON.parse(json!)).toEqual(stored)
    expect(run.summary).toContain(`## Created dataset version \`${stored!.version}\``)
    expect(run.summary).toContain('| Tags | `nightly`, `resnet50` |')
    // The metadata is collapsed; the one link is to this run, built from the runner's context.
    const runUrl = 'https://github.com/acme/models/actions/runs/99/attempts/2'
    const html = renderMarkdown(run.summary)
    expect(html).toMatch(
      /<details><summary>Metadata<\/summary>\n<pre><code class="language-json">\{\n {2}&quot;github&quot;: \{\n/
    )
    expect(html).toContain('\n  &quot;epochs&quot;: 10,\n')
    expect(linkTargets(html)).toEqual([runUrl])
    // Read back by a later run, the run it records is shown as text.
    const later = await act(
      emulator(),
      { operation: 'get', datasetId, version: stored!.version },
      { ...GITHUB_ENV, GITHUB_RUN_ID: '100' }
    )
    expect(linkTargets(renderMarkdown(later.summary))).toEqual([])
    expect(later.summary).toContain(
      `Made by the workflow run \`${runUrl}\` (as its metadata records it).`
    )
  })

  test('with commit: true, commits in a second request and reports the committed version', async () => {
    const datasetId = freshDataset(emulator())
    const run = await act(emulator(), {
      operation: 'create',
      datasetId,
      message: 'weights v2',
      commit: 'true'
    })
    expect(run.exitCode).toBe(0)
    const [stored] = emulator().store.versions(datasetId)
    expect(emulator().requests.map(r => [r.method, r.path, r.body])).toEqual([
      [
        'POST',
        `/datasets/${datasetId}/versions`,
        {
          message: 'weights v2',
          metadata: { paperspaceDatasetVersions: stored!.metadata!.paperspaceDatasetVersions }
        }
      ],
      ['PUT', `/datasets/${datasetId}/versions/${stored!.version}`, { isCommitted: true }]
    ])
    expect(run.outputs).toMatchObject({ version: stored!.version, isCommitted: 'true' })
    expect(run.summary).toContain('## Created and committed dataset version')
  })

  test('provenance: false sends only what was given, and the create token', async () => {
    const datasetId = freshDataset(emulator())
    const run = await act(
      emulator(),
      { operation: 'create', datasetId, provenance: 'false' },
      GITHUB_ENV
    )
    expect(run.exitCode).toBe(0)
    expect(emulator().requests[0]!.body).toEqual({
      metadata: { paperspaceDatasetVersions: { token: expect.any(String) } }
    })
  })

  test('[F-create-commit-fails] when the commit fails, the created version is still reported and the step fails', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ method: 'PUT', status: 409, code: 'CONFLICT', message: 'Version is busy' })
    const run = await act(emulator(), { operation: 'create', datasetId, commit: 'true' })
    const [stored] = emulator().store.versions(datasetId)
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toMatchObject({ version: stored!.version, isCommitted: 'false' })
    expect(errors(run)).toEqual([
      `Created version ${stored!.version}, but committing it failed: Version ${stored!.version} is not committed: ` +
        `the PUT failed (PUT /datasets/${datasetId}/versions/${stored!.version} failed: 409 CONFLICT: Version is busy), ` +
        'and reading it back shows isCommitted: false'
    ])
    expect(run.summary).toContain('[!WARNING]')
  })
})

describe('commit', () => {
  test('reads the version, then commits it together with the given fields', async () => {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, [{ ageMs: DAY, usageBytes: '2048' }])
    const run = await act(emulator(), {
      operation: 'commit',
      datasetId,
      version: seeded!.version,
      message: 'final',
      tags: 'prod'
    })
    expect(run.exitCode).toBe(0)
    expect(emulator().requests.map(r => [r.method, r.body])).toEqual([
      ['GET', undefined],
      ['PUT', { message: 'final', tags: 'prod', isCommitted: true }]
    ])
    expect(run.outputs).toMatchObject({
      version: seeded!.version,
      isCommitted: 'true',
      tags: 'prod',
      usageBytes: '2048'
    })
    expect(run.summary).toContain('| Size | 2.00 KiB |')
  })

  test('an already committed version succeeds without a PUT, and says what it did not apply', async () => {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, [{ ageMs: DAY, isCommitted: true }])
    const run = await act(emulator(), {
      operation: 'commit',
      datasetId,
      version: seeded!.version,
      message: 'late'
    })
    expect(run.exitCode).toBe(0)
    expect(emulator().requests.map(r => r.method)).toEqual(['GET'])
    expect(run.outputs.isCommitted).toBe('true')
    expect(warnings(run)).toEqual([
      `Version ${seeded!.version} was already committed; not applied: message. Use operation: update to change them`
    ])
    expect(run.summary).toContain('already committed')
  })
})

describe('get', () => {
  test('outputs every field of the version', async () => {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, [
      { ageMs: DAY, isCommitted: true, tags: ['a', 'b'], usageBytes: '123456789', message: 'm' }
    ])
    const run = await act(emulator(), { operation: 'get', datasetId, version: seeded!.version })
    expect(run.exitCode).toBe(0)
    const { json, resultFile, ...scalars } = run.outputs
    expect(resultFile).toMatch(/paperspace-dataset-versions-\w+-[0-9a-f-]+\.json$/)
    expect(scalars).toEqual({
      datasetId,
      version: seeded!.version,
      url: seeded!.url,
      isCommitted: 'true',
      tags: 'a,b',
      usageBytes: '123456789'
    })
    expect(JSON.parse(json!)).toEqual(seeded)
    expect(run.summary).toContain('| Size | 117.7 MiB |')
  })
})

describe('update', () => {
  test('sends only the fields given', async () => {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, [
      { ageMs: DAY, tags: ['old'], message: 'keep me' }
    ])
    const run = await act(emulator(), {
      operation: 'update',
      datasetId,
      version: seeded!.version,
      tags: 'new'
    })
    expect(run.exitCode).toBe(0)
    expect(emulator().requests.map(r => [r.method, r.body])).toEqual([['PUT', { tags: 'new' }]])
    expect(run.outputs).toMatchObject({ tags: 'new', isCommitted: 'false' })
    expect(emulator().store.getVersion(datasetId, seeded!.version).message).toBe('keep me')
  })

  test('with commit: true commits in the same request', async () => {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, [{ ageMs: DAY }])
    const run = await act(emulator(), {
      operation: 'update',
      datasetId,
      version: seeded!.version,
      metadata: '{"a":1}',
      commit: 'true'
    })
    expect(emulator().requests.map(r => r.body)).toEqual([
      { metadata: { a: 1 }, isCommitted: true }
    ])
    expect(run.outputs.isCommitted).toBe('true')
  })
})

describe('delete', () => {
  test('deletes the version and reports it', async () => {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, [{ ageMs: DAY }])
    const run = await act(emulator(), { operation: 'delete', datasetId, version: seeded!.version })
    expect(run.exitCode).toBe(0)
    expect(emulator().requests.map(r => `${r.method} ${r.path}`)).toEqual([
      `DELETE /datasets/${datasetId}/versions/${seeded!.version}`
    ])
    expect(emulator().store.versions(datasetId)).toEqual([])
    expect(run.outputs).toEqual({
      datasetId,
      version: seeded!.version,
      resultFile: expect.stringMatching(/paperspace-dataset-versions-delete-[0-9a-f-]+\.json$/),
      json: JSON.stringify({
        datasetId,
        version: seeded!.version,
        deleted: true,
        alreadyGone: false
      })
    })
    expect(run.summary).toContain(`## Deleted dataset version \`${seeded!.version}\``)
  })

  test('[F-delete-gone] an unknown version fails with the API error', async () => {
    const datasetId = freshDataset(emulator())
    const run = await act(emulator(), { operation: 'delete', datasetId, version: 'abc1234' })
    expect(run.exitCode).toBe(1)
    expect(errors(run)).toEqual([
      `DELETE /datasets/${datasetId}/versions/abc1234 failed: 404 NOT_FOUND: Dataset version not found`
    ])
  })
})

describe('list', () => {
  test('[F-list-pages] 250 of 300 versions: requests of at most 120, 250 returned, hasMore true', async () => {
    const datasetId = freshDataset(emulator())
    emulator().store.seedVersions(datasetId, history({ count: 300, spanMs: 30 * DAY }))
    const run = await act(emulator(), { operation: 'list', datasetId, limit: '250' })
    expect(run.exitCode).toBe(0)
    const limits = emulator().requests.map(r => Number(r.query.limit))
    expect(limits).toEqual([120, 120, 10])
    expect(Math.max(...limits)).toBeLessThanOrEqual(120)
    expect(run.outputs).toMatchObject({ datasetId, count: '250', hasMore: 'true' })
    const versions = JSON.parse(run.outputs.versions!) as { version: string; dtCreated: string }[]
    expect(versions).toHaveLength(250)
    expect(new Set(versions.map(v => v.version)).size).toBe(250)
    expect(run.outputs.nextPage).not.toBe('')
    expect(JSON.parse(run.outputs.json!)).toMatchObject({
      count: 250,
      hasMore: true,
      nextPage: run.outputs.nextPage
    })
    expect(run.summary).toContain(`## 250 versions of dataset \`${datasetId}\``)
    expect(run.summary).toContain(
      '…and 50 more versions, in the result file (the `resultFile` output).'
    )

    const rest = await act(emulator(), {
      operation: 'list',
      datasetId,
      limit: '250',
      after: run.outputs.nextPage!
    })
    expect(rest.outputs).toMatchObject({ count: '50', hasMore: 'false', nextPage: '' })
    const all = [...versions, ...(JSON.parse(rest.outputs.versions!) as { version: string }[])]
    expect(new Set(all.map(v => v.version)).size).toBe(300)
  })

  test('[F-output-too-large] an output too large for GitHub is not set, the step succeeds and says where to look', async () => {
    const datasetId = freshDataset(emulator())
    const metadata = { notes: 'x'.repeat(1000) }
    emulator().store.seedVersions(
      datasetId,
      Array.from({ length: 1200 }, (_, i) => ({ ageMs: i * 1000, metadata }))
    )
    const run = await act(emulator(), { operation: 'list', datasetId, limit: '1200' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({ count: '1200', hasMore: 'false' })
    expect(run.outputs.versions).toBeUndefined()
    expect(JSON.parse(run.outputs.json!)).toMatchObject({ count: 1200, hasMore: false })
    expect(JSON.parse(run.resultFile!).versions).toHaveLength(1200)
    expect(warnings(run)[0]).toMatch(
      /^Not set, larger than the 1 MB GitHub allows for one output: versions \(1\.\d MB\)\. The complete result is in the file named by the resultFile output\. To get the versions as outputs, ask for fewer \(limit\)/
    )
  })

  test('passes the tags filter and order to the API', async () => {
    const datasetId = freshDataset(emulator())
    emulator().store.seedVersions(datasetId, [
      { ageMs: 3 * DAY, tags: ['prod'] },
      { ageMs: 2 * DAY, tags: ['dev'] },
      { ageMs: DAY, tags: ['prod', 'dev'] }
    ])
    const run = await act(emulator(), { operation: 'list', datasetId, tags: 'prod', order: 'asc' })
    expect(emulator().requests[0]!.query).toMatchObject({ tags: 'prod', order: 'asc' })
    const versions = JSON.parse(run.outputs.versions!) as { tags: string[] }[]
    expect(versions.map(v => v.tags)).toEqual([['prod'], ['prod', 'dev']])
  })
})
