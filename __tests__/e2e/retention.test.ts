import { describe, expect, test } from '@jest/globals'
import { DAY, HOUR, history } from '../../emulator/seed.ts'
import { startEmulator, type Emulator } from '../../emulator/server.ts'
import type { Version } from '../../emulator/store.ts'
import { act, errors, warnings } from '../helpers/action.ts'
import { expectedCandidates, type OracleRules } from '../helpers/cleanup.ts'
import { freshDataset, useEmulator } from '../helpers/emulator.ts'

const emulator = useEmulator()
const mutating = (e: Emulator) => e.requests.filter(r => r.method !== 'GET')

/** Versions over three weeks: a third committed, some protected by release-*, some exp-*. */
function seed(e: Emulator, datasetId: string, count: number, seedNumber: number): Version[] {
  const seeds = history({
    count,
    spanMs: 21 * DAY,
    committedShare: 0.3,
    seed: seedNumber,
    tags: [
      { tag: 'release-7', share: 0.1 },
      { tag: 'exp-2024', share: 0.5 },
      { tag: 'nightly', share: 0.3 }
    ]
    // Nothing within an hour of the 2d line, so the seconds a run takes cannot move a version.
  }).map(s => (Math.abs(s.ageMs - 2 * DAY) < HOUR ? { ...s, ageMs: s.ageMs + 2 * HOUR } : s))
  return e.store.seedVersions(datasetId, seeds)
}

const RULES: OracleRules = {
  olderThanMs: 2 * DAY,
  maxDeletions: 10_000,
  protectTags: ['release-*'],
  onlyTags: ['exp-*', 'nightly'],
  keepLatest: 3
}
const INPUTS = {
  operation: 'cleanup',
  olderThan: '2d',
  maxDeletions: '10000',
  protectTags: 'release-*',
  tags: 'exp-*,nightly',
  keepLatest: '3',
  retries: '0'
}

/** What the run should delete across datasets, as datasetId:version, oldest first. */
function expectedRefs(e: Emulator, datasetIds: readonly string[], rules = RULES): string[] {
  const now = Date.now()
  const all = datasetIds.flatMap(datasetId =>
    expectedCandidates(e.store.versions(datasetId), { ...rules, maxDeletions: 1e9 }, now).map(
      version => {
        const v = e.store.getVersion(datasetId, version)
        return { ref: `${datasetId}:${version}`, age: now - Date.parse(v.dtModified), datasetId }
      }
    )
  )
  all.sort(
    (a, b) => b.age - a.age || (a.datasetId < b.datasetId ? -1 : 1) || (a.ref < b.ref ? -1 : 1)
  )
  return all.slice(0, rules.maxDeletions).map(x => x.ref)
}

describe('cleanup of several datasets in one run', () => {
  test('a list of three datasets deletes exactly the expected versions and nothing kept', async () => {
    const ids = [1, 2, 3].map(i => freshDataset(emulator(), `team-${i}`))
    ids.forEach((id, i) => seed(emulator(), id, 60, i + 1))
    const expected = expectedRefs(emulator(), ids)
    expect(expected.length).toBeGreaterThan(20)
    const kept = new Set(
      ids.flatMap(id =>
        emulator()
          .store.versions(id)
          .filter(v => v.isCommitted || v.tags.some(t => t.startsWith('release-')))
          .map(v => v.version)
      )
    )

    const run = await act(emulator(), { ...INPUTS, datasetId: ids.join(',') })
    expect(errors(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(JSON.parse(run.outputs.deleted!).sort()).toEqual([...expected].sort())
    expect(JSON.parse(run.outputs.candidates!).sort()).toEqual([...expected].sort())
    expect(run.outputs.deletedCount).toBe(String(expected.length))
    const deletes = emulator().requests.filter(r => r.method === 'DELETE')
    expect(deletes).toHaveLength(expected.length)
    for (const d of deletes) expect(kept.has(d.path.split('/').pop()!)).toBe(false)
    for (const ref of expected) {
      const [datasetId, version] = ref.split(':')
      expect(() => emulator().store.getVersion(datasetId!, version!)).toThrow()
    }
    const report = JSON.parse(run.outputs.json!)
    expect(report.datasets.map((d: { datasetId: string }) => d.datasetId)).toEqual(ids)
    expect(report.datasets.reduce((n: number, d: { deleted: number }) => n + d.deleted, 0)).toBe(
      expected.length
    )
    expect(run.summary).toContain('### Per dataset')
    // Given IDs, the run asks for no names, and the table has none.
    expect(emulator().requests.some(r => r.path === '/datasets')).toBe(false)
    expect(run.summary).toContain('| Dataset | Scanned | Deleted |')
    for (const id of ids) expect(run.summary).toContain(`| \`${id}\` |`)
    expect(run.summary).toContain(`| **All ${ids.length}** |`)
  })

  test('[F-cleanup-cap] maxDeletions caps the whole run, taking the oldest across datasets first', async () => {
    const ids = [4, 5, 6].map(i => freshDataset(emulator(), `team-${i}`))
    ids.forEach((id, i) => seed(emulator(), id, 50, i + 10))
    const expected = expectedRefs(emulator(), ids, { ...RULES, maxDeletions: 12 })
    const run = await act(emulator(), { ...INPUTS, datasetId: ids.join('\n'), maxDeletions: '12' })
    expect(run.exitCode).toBe(0)
    expect(JSON.parse(run.outputs.deleted!).sort()).toEqual([...expected].sort())
    expect(Number(run.outputs.remaining)).toBeGreaterThan(0)
  })

  test('[F-cleanup-dataset-fails] a dataset whose listing fails is skipped whole; the others are cleaned; the step fails naming it', async () => {
    const ids = [7, 8, 9].map(i => freshDataset(emulator(), `team-${i}`))
    ids.forEach((id, i) => seed(emulator(), id, 40, i + 20))
    const broken = ids[1]!
    const before = emulator().store.versions(broken)
    const expected = expectedRefs(
      emulator(),
      ids.filter(id => id !== broken)
    )
    emulator().inject({
      method: 'GET',
      path: `/datasets/${broken}/versions`,
      times: Infinity,
      status: 500
    })
    const run = await act(emulator(), { ...INPUTS, datasetId: ids.join(',') })
    expect(run.exitCode).toBe(1)
    expect(JSON.parse(run.outputs.deleted!).sort()).toEqual([...expected].sort())
    expect(emulator().store.versions(broken)).toEqual(before)
    expect(
      emulator().requests.some(r => r.method !== 'GET' && r.path.includes(`/datasets/${broken}/`))
    ).toBe(false)
    expect(errors(run)).toEqual([
      expect.stringMatching(
        new RegExp(`^Dataset ${broken} could not be listed, so nothing of it was deleted: `)
      )
    ])
    expect(JSON.parse(run.outputs.json!).unlisted).toEqual([
      { datasetId: broken, error: expect.stringContaining('500') }
    ])
  })

  test('[F-cleanup-dry-run] a dry run over several datasets makes no mutating request', async () => {
    const ids = [10, 11].map(i => freshDataset(emulator(), `team-${i}`))
    ids.forEach((id, i) => seed(emulator(), id, 40, i + 30))
    const expected = expectedRefs(emulator(), ids)
    const run = await act(emulator(), { ...INPUTS, datasetId: ids.join(','), dryRun: 'true' })
    expect(run.exitCode).toBe(0)
    expect(mutating(emulator())).toEqual([])
    // Dataset by dataset, in the order given; each dataset's oldest first.
    const candidates: string[] = JSON.parse(run.outputs.candidates!)
    expect(candidates).toEqual(ids.flatMap(id => expected.filter(ref => ref.startsWith(`${id}:`))))
  })
})

describe('every dataset the key can see (*), and the datasets operation', () => {
  test('* covers every private dataset across GET /datasets pages, and no public one', async () => {
    const e = await startEmulator()
    try {
      // More private datasets than one page of 120; three have versions, one public one too.
      const empty = Array.from({ length: 125 }, (_, i) =>
        e.store.createDataset({ name: `empty-${i}` })
      )
      const busy = [1, 2, 3].map(i => e.store.createDataset({ name: `busy-${i}` }).id)
      busy.forEach((id, i) => seed(e, id, 40, i + 40))
      const open = e.store.createDataset({ name: 'public', isPublic: true }).id
      seed(e, open, 40, 50)
      const openBefore = e.store.versions(open)
      const expected = expectedRefs(e, busy)
      expect(empty).toHaveLength(125)

      const run = await act(e, { ...INPUTS, datasetId: '*' })
      expect(errors(run)).toEqual([])
      expect(run.exitCode).toBe(0)
      const datasetPages = e.requests.filter(r => r.path === '/datasets')
      expect(datasetPages).toHaveLength(2)
      expect(datasetPages.every(r => r.query.privacy === 'PRIVATE')).toBe(true)
      expect(JSON.parse(run.outputs.deleted!).sort()).toEqual([...expected].sort())
      expect(e.store.versions(open)).toEqual(openBefore)
      expect(JSON.parse(run.outputs.json!).datasets).toHaveLength(128)
      // The names GET /datasets gave are in the summary; datasets with nothing to delete, one line.
      busy.forEach((id, i) => expect(run.summary).toContain(`| \`busy-${i + 1}\` | \`${id}\` |`))
      expect(run.summary).toMatch(/\n125 datasets had nothing to delete: `empty-\d+` \(`ds/)
    } finally {
      await e.close()
    }
  })

  test('operation datasets without limit returns every dataset ID across pages, ready for a matrix', async () => {
    const e = await startEmulator()
    try {
      const ids = Array.from({ length: 130 }, (_, i) => e.store.createDataset({ name: `d${i}` }).id)
      e.store.createDataset({ name: 'public', isPublic: true })
      // No limit: the runner passes action.yml's default, 120, which list would stop at.
      const run = await act(e, { operation: 'datasets' })
      expect(warnings(run)).toEqual([])
      expect(run.exitCode).toBe(0)
      const listed: string[] = JSON.parse(run.outputs.datasetIds!)
      expect([...listed].sort()).toEqual([...ids].sort())
      expect(run.outputs.count).toBe('130')
      expect(run.outputs.hasMore).toBe('false')
      expect(run.outputs).not.toHaveProperty('batches')
      const datasets = JSON.parse(run.outputs.datasets!)
      expect(datasets.find((d: { id: string }) => d.id === ids[0])).toMatchObject({
        name: 'd0',
        isPublic: false
      })
      expect(e.requests.map(r => r.query.limit)).toEqual(['120', '120'])
      expect(run.summary).toContain('## 130 datasets')
    } finally {
      await e.close()
    }
  })

  test('[F-cleanup-public-listed] public datasets that privacy=PRIVATE lists are left alone, and named in one warning', async () => {
    const e = await startEmulator({ readings: { privateListsPublic: true } })
    try {
      // Public datasets listed among the private ones, one named to start a workflow command.
      const seeds = Array.from({ length: 15 }, (_, i) => ({
        name: i % 5 === 0 ? `mine-${i}` : i === 1 ? '::error::x ##[group]y' : `open-${i}`,
        isPublic: i % 5 !== 0,
        ageMs: (15 - i) * 1000,
        versions: [{ ageMs: 3 * DAY }, { ageMs: 4 * DAY, tags: ['nightly'] }]
      }))
      const ids = e.store.seedDatasets(seeds).map(d => d.id)
      const mine = ids.filter((_, i) => i % 5 === 0)
      const open = ids.filter((_, i) => i % 5 !== 0)
      const warned = (run: { stdout: string }) => {
        const lines = warnings(run as never)
        expect(lines).toHaveLength(1)
        expect(lines[0]).toMatch(/^12 dataset\(s\) the API listed as private are public/)
        expect(lines[0]).toContain(`"::error::x ##\\[group]y" (${open[0]})`)
        for (const id of open.slice(0, 10)) expect(lines[0]).toContain(`(${id})`)
        expect(lines[0]).toMatch(/ and 2 more$/)
      }

      const listed = await act(e, { operation: 'datasets', limit: '3' })
      expect(listed.exitCode).toBe(0)
      expect(JSON.parse(listed.outputs.datasetIds!)).toEqual(mine)
      expect(listed.outputs).toMatchObject({ count: '3', hasMore: 'false' })
      warned(listed)

      e.requests.splice(0)
      const run = await act(e, { operation: 'cleanup', datasetId: '*', olderThan: '1d' })
      expect(errors(run)).toEqual([])
      expect(run.exitCode).toBe(0)
      warned(run)
      const touched = e.requests.filter(r => open.some(id => r.path.startsWith(`/datasets/${id}`)))
      expect(touched).toEqual([])
      expect(JSON.parse(run.outputs.deleted!)).toHaveLength(6)
      for (const id of open) expect(e.store.versions(id)).toHaveLength(2)
      for (const id of mine) expect(e.store.versions(id)).toHaveLength(0)
      expect(run.summary).toContain('- **12 datasets the API listed as private are public** and')
    } finally {
      await e.close()
    }
  })

  test('[F-cleanup-none-found] * that finds no private dataset warns that nothing was cleaned, instead of passing in silence', async () => {
    const e = await startEmulator()
    try {
      // Only a public dataset, with versions a cleanup would delete were it private.
      const open = e.store.createDataset({ name: 'public', isPublic: true }).id
      seed(e, open, 10, 60)
      const before = e.store.versions(open)
      const run = await act(e, { ...INPUTS, datasetId: '*' })
      expect(errors(run)).toEqual([])
      expect(run.exitCode).toBe(0)
      expect(warnings(run)).toContain(
        'datasetId * found no dataset to clean: every page of GET /datasets?privacy=PRIVATE listed none whose isPublic is false, so nothing was cleaned. Check that the key belongs to the team that owns the datasets'
      )
      expect(run.outputs.deleted).toBe('[]')
      expect(mutating(e)).toEqual([])
      expect(e.store.versions(open)).toEqual(before)
    } finally {
      await e.close()
    }
  })

  test('[F-datasets-none-found] datasets that finds no private dataset warns that its outputs are empty', async () => {
    const e = await startEmulator()
    try {
      e.store.createDataset({ name: 'public', isPublic: true })
      const run = await act(e, { operation: 'datasets', batches: '4' })
      expect(run.exitCode).toBe(0)
      expect(warnings(run)).toEqual([
        'Found no private dataset: every page of GET /datasets?privacy=PRIVATE listed none whose isPublic is false, so datasetIds and batches are empty. Check that the key belongs to the team that owns the datasets'
      ])
      expect(run.outputs.datasetIds).toBe('[]')
      expect(run.outputs.batches).toBe('[]')
    } finally {
      await e.close()
    }
  })

  test('batches: 4 splits the IDs into 4 groups in listing order, each ID once, sizes differing by at most one', async () => {
    const e = await startEmulator()
    try {
      const ids = e.store
        .seedDatasets(Array.from({ length: 130 }, (_, i) => ({ name: `d${i}`, ageMs: 130 - i })))
        .map(d => d.id)
      const run = await act(e, { operation: 'datasets', batches: '4' })
      expect(run.exitCode).toBe(0)
      const batches: string[] = JSON.parse(run.outputs.batches!)
      const groups = batches.map(batch => batch.split(','))
      expect(groups.map(group => group.length)).toEqual([33, 33, 32, 32])
      expect(groups.flat()).toEqual(ids)

      // Fewer datasets than batches: one group each, none empty.
      const few = await act(e, { operation: 'datasets', limit: '3', batches: '4' })
      expect(JSON.parse(few.outputs.batches!)).toEqual(ids.slice(0, 3))
    } finally {
      await e.close()
    }
  })

  test('[F-datasets-beyond-limit] operation datasets stops at limit and warns that more remain', async () => {
    const e = await startEmulator()
    try {
      Array.from({ length: 5 }, (_, i) => e.store.createDataset({ name: `d${i}` }))
      const run = await act(e, { operation: 'datasets', limit: '3' })
      expect(run.exitCode).toBe(0)
      expect(JSON.parse(run.outputs.datasetIds!)).toHaveLength(3)
      expect(run.outputs.hasMore).toBe('true')
      expect(warnings(run)).toEqual([
        'More private datasets remain beyond limit 3, and the outputs leave them out: leave limit out to list every one (up to 10000)'
      ])
      expect(run.summary).toContain(
        "> More private datasets exist than the 3 listed here, and the outputs leave them out (see the step's warning)."
      )
    } finally {
      await e.close()
    }
  })

  test('[F-datasets-beyond-limit] operation datasets without limit stops at 10000 and warns that more remain', async () => {
    const e = await startEmulator()
    try {
      e.store.seedDatasets(Array.from({ length: 10_001 }, (_, i) => ({ name: `d${i}` })))
      const run = await act(e, { operation: 'datasets', batches: '2' })
      expect(run.exitCode).toBe(0)
      expect(run.outputs).toMatchObject({ count: '10000', hasMore: 'true' })
      expect(warnings(run)).toContain(
        "More than 10000 private datasets: the outputs hold the oldest 10000 and leave the rest out; a cleanup with datasetId: '*' covers every one"
      )
      expect(JSON.parse(run.outputs.batches!).map((b: string) => b.split(',').length)).toEqual([
        5000, 5000
      ])
    } finally {
      await e.close()
    }
  })
})
