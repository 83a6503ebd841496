import { describe, expect, test } from '@jest/globals'
import { DAY } from '../../emulator/seed.ts'
import { act, errors, warnings } from '../helpers/action.ts'
import { freshDataset, useEmulator } from '../helpers/emulator.ts'

const emulator = useEmulator()

const writes = () => emulator().requests.filter(r => r.method !== 'GET')
const puts = () => emulator().requests.filter(r => r.method === 'PUT')
const stored = (datasetId: string, version: string) =>
  emulator().store.getVersion(datasetId, version)

describe('promote', () => {
  /** Two older committed versions carrying production, a bystander, and the committed target. */
  function seed() {
    const datasetId = freshDataset(emulator())
    const [old1, old2, bystander, target] = emulator().store.seedVersions(datasetId, [
      {
        ageMs: 3 * DAY,
        isCommitted: true,
        tags: ['production', 'keep'],
        message: 'first release',
        metadata: { accuracy: 0.9 }
      },
      {
        ageMs: 2 * DAY,
        isCommitted: true,
        tags: ['nightly', 'production', 'resnet50'],
        message: 'second release'
      },
      { ageMs: 1.5 * DAY, isCommitted: true, tags: ['nightly'] },
      { ageMs: DAY, isCommitted: true, tags: ['resnet50'], message: 'candidate' }
    ])
    emulator().requests.splice(0)
    return {
      datasetId,
      old1: old1!.version,
      old2: old2!.version,
      bystander: bystander!.version,
      target: target!.version
    }
  }

  test('moves production from two other versions to the target, keeping their other tags, with one PUT per changed version', async () => {
    const { datasetId, old1, old2, bystander, target } = seed()
    const before = {
      old1: stored(datasetId, old1),
      old2: stored(datasetId, old2),
      bystander: stored(datasetId, bystander)
    }
    const run = await act(emulator(), {
      operation: 'promote',
      datasetId,
      version: target,
      tags: 'production'
    })
    expect(errors(run)).toEqual([])
    expect(run.exitCode).toBe(0)

    // The target first, so that production is never without a carrier; then each other once.
    expect(puts().map(r => [r.path, r.body])).toEqual([
      [`/datasets/${datasetId}/versions/${target}`, { tags: 'resnet50,production' }],
      [`/datasets/${datasetId}/versions/${old2}`, { tags: 'nightly,resnet50' }],
      [`/datasets/${datasetId}/versions/${old1}`, { tags: 'keep' }]
    ])
    expect(stored(datasetId, target).tags).toEqual(['resnet50', 'production'])
    expect(stored(datasetId, old1)).toMatchObject({
      tags: ['keep'],
      message: before.old1.message,
      metadata: before.old1.metadata,
      isCommitted: true
    })
    expect(stored(datasetId, old2)).toMatchObject({
      tags: ['nightly', 'resnet50'],
      message: before.old2.message
    })
    expect(stored(datasetId, bystander)).toEqual(before.bystander)

    expect(run.outputs).toMatchObject({
      datasetId,
      version: target,
      isCommitted: 'true',
      tags: 'resnet50,production'
    })
    expect(JSON.parse(run.outputs.moved!)).toEqual([{ tag: 'production', from: [old2, old1] }])
    expect(JSON.parse(run.outputs.json!)).toEqual(stored(datasetId, target))
    expect(run.summary).toContain(`## Promoted dataset version \`${target}\` to \`production\``)
    expect(run.summary).toContain(`| \`production\` | \`${target}\` | \`${old2}\`, \`${old1}\` |`)
  })

  test('a second promote makes no PUT at all', async () => {
    const { datasetId, old1, old2, target } = seed()
    const inputs = { operation: 'promote', datasetId, version: target, tags: 'production' }
    expect((await act(emulator(), inputs)).exitCode).toBe(0)
    emulator().requests.splice(0)

    const again = await act(emulator(), inputs)
    expect(again.exitCode).toBe(0)
    expect(writes()).toEqual([])
    expect(JSON.parse(again.outputs.moved!)).toEqual([{ tag: 'production', from: [] }])
    expect(again.summary).toContain('No tag changed')
    expect(stored(datasetId, old1).tags).toEqual(['keep'])
    expect(stored(datasetId, old2).tags).toEqual(['nightly', 'resnet50'])
  })

  test('an uncommitted version is not promoted without commit, and nothing is written', async () => {
    const datasetId = freshDataset(emulator())
    const [other, target] = emulator().store.seedVersions(datasetId, [
      { ageMs: 2 * DAY, isCommitted: true, tags: ['production'] },
      { ageMs: DAY }
    ])
    emulator().requests.splice(0)
    const run = await act(emulator(), {
      operation: 'promote',
      datasetId,
      version: target!.version,
      tags: 'production'
    })
    expect(run.exitCode).toBe(1)
    expect(errors(run)).toEqual([
      `Version ${target!.version} of ${datasetId} is not committed; only committed versions can be promoted. ` +
        'Commit it first (operation: commit), or set commit: true to commit it in this step. Nothing was changed'
    ])
    expect(writes()).toEqual([])
    expect(stored(datasetId, other!.version).tags).toEqual(['production'])
    expect(stored(datasetId, target!.version)).toMatchObject({ isCommitted: false, tags: [] })
  })

  test('with commit: true, an uncommitted version is committed, then promoted', async () => {
    const datasetId = freshDataset(emulator())
    const [other, target] = emulator().store.seedVersions(datasetId, [
      { ageMs: 2 * DAY, isCommitted: true, tags: ['production', 'keep'] },
      { ageMs: DAY, tags: ['resnet50'] }
    ])
    emulator().requests.splice(0)
    const run = await act(emulator(), {
      operation: 'promote',
      datasetId,
      version: target!.version,
      tags: 'production',
      commit: 'true'
    })
    expect(errors(run)).toEqual([])
    expect(puts().map(r => [r.path.split('/').pop(), r.body])).toEqual([
      [target!.version, { isCommitted: true }],
      [target!.version, { tags: 'resnet50,production' }],
      [other!.version, { tags: 'keep' }]
    ])
    expect(stored(datasetId, target!.version)).toMatchObject({
      isCommitted: true,
      tags: ['resnet50', 'production']
    })
    expect(run.outputs).toMatchObject({ isCommitted: 'true', tags: 'resnet50,production' })
    expect(run.summary).toContain('The version was committed first.')
  })
})

describe('resolve', () => {
  function seed() {
    const datasetId = freshDataset(emulator())
    const [, carrier, uncommitted, newest] = emulator().store.seedVersions(datasetId, [
      { ageMs: 5 * DAY, isCommitted: true, tags: ['production'] },
      { ageMs: 3 * DAY, isCommitted: true, tags: ['production', 'gpu'] },
      // Newer, carrying both tags, but still being written: never resolved.
      { ageMs: DAY, tags: ['production', 'gpu'] },
      { ageMs: 3_600_000, isCommitted: true, tags: ['nightly'] }
    ])
    emulator().requests.splice(0)
    return {
      datasetId,
      carrier: carrier!.version,
      uncommitted: uncommitted!.version,
      newest: newest!.version
    }
  }

  test('returns the newest committed carrier, never an uncommitted one', async () => {
    const { datasetId, carrier } = seed()
    const run = await act(emulator(), { operation: 'resolve', datasetId, tags: 'production' })
    expect(errors(run)).toEqual([])
    expect(run.outputs).toMatchObject({
      datasetId,
      version: carrier,
      isCommitted: 'true',
      tags: 'production,gpu'
    })
    expect(JSON.parse(run.outputs.json!)).toEqual(stored(datasetId, carrier))
    expect(writes()).toEqual([])
    expect(run.summary).toContain(`## Resolved \`production\` to dataset version \`${carrier}\``)
  })

  test('every given tag must be carried', async () => {
    const { datasetId, carrier } = seed()
    const run = await act(emulator(), { operation: 'resolve', datasetId, tags: 'gpu, production' })
    expect(run.outputs.version).toBe(carrier)
  })

  test('without tags, the newest committed version', async () => {
    const { datasetId, newest } = seed()
    const run = await act(emulator(), { operation: 'resolve', datasetId })
    expect(run.outputs.version).toBe(newest)
    expect(run.summary).toContain(`## Resolved the newest committed dataset version: \`${newest}\``)
  })

  test('fails clearly, naming the tags, when no committed version carries them', async () => {
    const { datasetId } = seed()
    const run = await act(emulator(), { operation: 'resolve', datasetId, tags: 'production, cpu' })
    expect(run.exitCode).toBe(1)
    expect(errors(run)).toEqual([
      `No committed version of dataset ${datasetId} carries all of the tags production, cpu (3 versions checked)`
    ])
    expect(run.outputs).toEqual({})
    expect(run.summary).toContain('## `resolve` failed')
  })
})

describe('wait', () => {
  function uncommitted() {
    const datasetId = freshDataset(emulator())
    const [seeded] = emulator().store.seedVersions(datasetId, [{ ageMs: 60_000 }])
    emulator().requests.splice(0)
    return { datasetId, version: seeded!.version }
  }

  test('succeeds when the version is committed a few seconds later', async () => {
    const { datasetId, version } = uncommitted()
    // A job commits it while the action waits: as its second poll arrives, after a 2 s pause.
    emulator().inject({
      method: 'GET',
      skip: 1,
      before: store => store.updateVersion(datasetId, version, { isCommitted: true })
    })
    const run = await act(emulator(), { operation: 'wait', datasetId, version, waitTimeout: '1m' })
    expect(errors(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({ datasetId, version, isCommitted: 'true' })
    const polls = emulator().requests
    expect(polls).toHaveLength(2)
    expect(polls.every(r => r.method === 'GET' && r.path.endsWith(`/${version}`))).toBe(true)
    expect(run.summary).toContain(`## Dataset version \`${version}\` is committed`)
  })

  test('[F-wait-never-committed] fails within its waitTimeout (plus one poll) when the version is never committed', async () => {
    const { datasetId, version } = uncommitted()
    const run = await act(
      emulator(),
      { operation: 'wait', datasetId, version, waitTimeout: '5s' },
      { RUNNER_DEBUG: '1' }
    )
    expect(run.exitCode).toBe(1)
    const polls = emulator().requests
    // Polls at 0 s and about 2 s, then one last at the 5 s deadline: never more than three.
    expect(polls.length).toBeGreaterThanOrEqual(2)
    expect(polls.length).toBeLessThanOrEqual(3)
    // Each poll but the last was followed by the pause the action announced: on its schedule
    // (2 s, then 3 s), cut short so as not to pass the deadline. (That the last poll is at the
    // deadline exactly is shown on a clock of the test's own, in client/wait.test.ts.)
    const announced = run.stdout.matchAll(/^::debug::poll \d+: .*; next poll in (\d+) ms$/gm)
    const pauses = [...announced].map(match => Number(match[1]))
    expect(pauses).toHaveLength(polls.length - 1)
    const schedule = [2000, 3000]
    for (const [i, pause] of pauses.entries()) expect(pause).toBeLessThanOrEqual(schedule[i]!)
    expect(pauses.reduce((sum, pause) => sum + pause, 0)).toBeLessThanOrEqual(5000)
    // The time really waited: the deadline, plus however long the last poll took on this machine.
    expect(errors(run)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Version ${version} of ${datasetId} is not committed after [56]s \\(${polls.length} polls\\); waitTimeout \\(5s\\) sets how long to wait$`
        )
      )
    ])
    expect(stored(datasetId, version).isCommitted).toBe(false)
  })

  test('[F-wait-hangs] ends within seconds of its waitTimeout when every poll hangs, saying how long it waited', async () => {
    const { datasetId, version } = uncommitted()
    emulator().inject({ method: 'GET', hang: true, times: Infinity })
    // The default timeout (30 s) and retries (3): a poll left to them alone would hang for minutes.
    const run = await act(emulator(), { operation: 'wait', datasetId, version, waitTimeout: '5s' })
    expect(run.exitCode).toBe(1)
    // This test measures time because the bound is the behaviour: the step must end within a few
    // seconds of its 5 s waitTimeout however the API hangs (it took 24 s and more before).
    expect(run.durationMs).toBeLessThan(10_000)
    // One poll, aborted at the deadline: no retry and no other poll started after it.
    const polls = emulator().requests
    expect(polls).toHaveLength(1)
    expect(warnings(run)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Poll 1 of version ${version} failed; polling goes on: GET /datasets/${datasetId}/versions/${version} failed: DEADLINE_PASSED: no answer before its deadline, [\\d.]+ s after it was made$`
        )
      )
    ])
    expect(errors(run)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Version ${version} of ${datasetId} is not committed after [56]s \\(1 poll, 1 failed\\); waitTimeout \\(5s\\) sets how long to wait$`
        )
      )
    ])
  })

  test('[F-wait-wrong] fails at once when the version does not exist', async () => {
    const datasetId = freshDataset(emulator())
    const run = await act(emulator(), {
      operation: 'wait',
      datasetId,
      version: 'nosuch1',
      waitTimeout: '1h'
    })
    expect(run.exitCode).toBe(1)
    expect(emulator().requests).toHaveLength(1)
    expect(errors(run)).toEqual([
      expect.stringContaining(`GET /datasets/${datasetId}/versions/nosuch1 failed: 404 NOT_FOUND`)
    ])
  })

  test('[F-wait-wrong] fails at once when the key is refused', async () => {
    const { datasetId, version } = uncommitted()
    const run = await act(emulator(), {
      operation: 'wait',
      datasetId,
      version,
      apiKey: 'not-the-key',
      waitTimeout: '1h'
    })
    expect(run.exitCode).toBe(1)
    expect(emulator().requests).toHaveLength(1)
    expect(errors(run)).toEqual([expect.stringContaining('401 UNAUTHORIZED')])
  })
})
