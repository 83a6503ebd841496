import { describe, expect, test } from '@jest/globals'
import { DAY } from '../../emulator/seed.ts'
import { ActionError } from '../../src/shared/errors.ts'
import { promote } from '../../src/operations/promote/promote.ts'
import type { PromoteSettings } from '../../src/interface/settings.ts'
import { emulatorClient, rejection } from '../helpers/client.ts'
import { freshDataset, useEmulator } from '../helpers/emulator.ts'
import { recordingLog } from '../helpers/log.ts'
import { operationContext } from '../helpers/context.ts'

const emulator = useEmulator()

function settings(
  datasetId: string,
  version: string,
  overrides: Partial<PromoteSettings> = {}
): PromoteSettings {
  return {
    operation: 'promote',
    connection: { baseUrl: emulator().url, apiKey: emulator().apiKey, timeoutMs: 5000, retries: 0 },
    datasetId,
    ignored: [],
    version,
    tags: ['production'],
    commit: false,
    ...overrides
  }
}

/** A dataset with a committed target and two other committed carriers of `production`. */
function seedCarriers() {
  const datasetId = freshDataset(emulator())
  const [old1, old2, target] = emulator().store.seedVersions(datasetId, [
    { ageMs: 3 * DAY, isCommitted: true, tags: ['production', 'keep'], message: 'first' },
    { ageMs: 2 * DAY, isCommitted: true, tags: ['nightly', 'production'], metadata: { a: 1 } },
    { ageMs: DAY, isCommitted: true, tags: ['resnet50'] }
  ])
  emulator().requests.splice(0)
  return { datasetId, old1: old1!.version, old2: old2!.version, target: target!.version }
}

const puts = () => emulator().requests.filter(r => r.method === 'PUT')
const tagsOf = (datasetId: string, version: string) =>
  emulator().store.getVersion(datasetId, version).tags

const promoteFailure = (promise: Promise<unknown>) => rejection(promise, ActionError)

describe('promote, against the emulator', () => {
  test('[F-promote-partial] a removal that fails does not stop the others, and the result says what is left', async () => {
    const { datasetId, old1, old2, target } = seedCarriers()
    emulator().inject({
      method: 'PUT',
      path: `/datasets/${datasetId}/versions/${old2}`,
      status: 409,
      code: 'CONFLICT',
      message: 'busy'
    })
    const result = await promote(
      settings(datasetId, target),
      operationContext(emulatorClient(emulator(), { retries: 0 }), { log: recordingLog() })
    )
    expect(result.moved).toEqual([{ tag: 'production', from: [old1] }])
    expect(result.failure).toBe(
      `${target} now carries production, but other versions could still carry them: ${old2}: ` +
        `PUT /datasets/${datasetId}/versions/${old2} failed: 409 CONFLICT: busy. Run promote again to finish`
    )
    expect(tagsOf(datasetId, old1)).toEqual(['keep'])
    expect(tagsOf(datasetId, old2)).toEqual(['nightly', 'production'])
    expect(tagsOf(datasetId, target)).toEqual(['resnet50', 'production'])
  })

  test('[F-promote-partial] when adding the tags to the target fails, no other version is touched', async () => {
    const { datasetId, old1, old2, target } = seedCarriers()
    emulator().inject({ method: 'PUT', status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'x' })
    const result = await promote(
      settings(datasetId, target),
      operationContext(emulatorClient(emulator(), { retries: 0 }), { log: recordingLog() })
    )
    expect(puts()).toHaveLength(1)
    expect(result.failure).toMatch(
      new RegExp(
        `^Could not add production to ${target}: adding the tags to ${target} failed: .*500 INTERNAL_SERVER_ERROR: x\\. No other version was changed$`
      )
    )
    expect(result.moved).toEqual([{ tag: 'production', from: [] }])
    expect(tagsOf(datasetId, old1)).toEqual(['production', 'keep'])
    expect(tagsOf(datasetId, old2)).toEqual(['nightly', 'production'])
  })

  test('an answer without the tags stops the promotion before the others are changed', async () => {
    const { datasetId, target } = seedCarriers()
    emulator().inject({
      method: 'PUT',
      mapBody: body => ({ ...(body as object), tags: ['resnet50'] })
    })
    const result = await promote(
      settings(datasetId, target),
      operationContext(emulatorClient(emulator()), { log: recordingLog() })
    )
    expect(puts()).toHaveLength(1)
    expect(result.failure).toContain(
      `the API answered the tag change of ${target} without production`
    )
  })

  test('[F-promote-changed-meanwhile] each other version is read again before its PUT: a tag added meanwhile is kept', async () => {
    const { datasetId, old1, old2, target } = seedCarriers()
    emulator().inject({
      method: 'GET',
      path: `/datasets/${datasetId}/versions/${old1}`,
      before: store =>
        store.updateVersion(datasetId, old1, { tags: ['production', 'keep', 'audit'] })
    })
    const result = await promote(
      settings(datasetId, target),
      operationContext(emulatorClient(emulator()), { log: recordingLog() })
    )
    expect(result.failure).toBeUndefined()
    expect(tagsOf(datasetId, old1)).toEqual(['keep', 'audit'])
    expect(tagsOf(datasetId, old2)).toEqual(['nightly'])
  })

  test('[F-promote-changed-meanwhile] a version deleted or already changed since the listing is left alone', async () => {
    const { datasetId, old1, old2, target } = seedCarriers()
    emulator().inject({
      method: 'PUT',
      path: `/datasets/${datasetId}/versions/${target}`,
      before: store => {
        store.deleteVersion(datasetId, old1)
        store.updateVersion(datasetId, old2, { tags: ['nightly'] })
      }
    })
    const log = recordingLog()
    const result = await promote(
      settings(datasetId, target),
      operationContext(emulatorClient(emulator()), { log: log })
    )
    expect(result.failure).toBeUndefined()
    expect(puts().map(r => r.path)).toEqual([`/datasets/${datasetId}/versions/${target}`])
    expect(result.moved).toEqual([{ tag: 'production', from: [] }])
    expect(log.at('info')).toEqual(
      expect.arrayContaining([
        `${old1} was deleted since the listing; nothing to take from it`,
        `${old2} no longer carries production; left as it is`
      ])
    )
  })

  test('[F-promote-race] a tag another promotion put on another version meanwhile fails the step, naming it; moved says what this run did', async () => {
    const { datasetId, old1, old2, target } = seedCarriers()
    const [rival] = emulator().store.seedVersions(datasetId, [
      { ageMs: DAY / 2, isCommitted: true }
    ])
    // The other promotion adds the tag to its own version after this one listed the carriers.
    emulator().inject({
      method: 'PUT',
      path: `/datasets/${datasetId}/versions/${target}`,
      before: store => store.updateVersion(datasetId, rival!.version, { tags: ['production'] })
    })
    const result = await promote(
      settings(datasetId, target),
      operationContext(emulatorClient(emulator()), { log: recordingLog() })
    )
    expect(result.failure).toBe(
      `After this promote's changes, production is also on ${rival!.version}: another change ` +
        'to these tags ran at the same time. Running promote again settles it'
    )
    expect(result.moved).toEqual([{ tag: 'production', from: [old2, old1] }])
    expect(tagsOf(datasetId, target)).toEqual(['resnet50', 'production'])
    expect(tagsOf(datasetId, rival!.version)).toEqual(['production'])
    expect(tagsOf(datasetId, old1)).toEqual(['keep'])
  })

  test('[F-promote-race] a tag another promotion took from the target meanwhile fails the step too', async () => {
    const { datasetId, target } = seedCarriers()
    const [rival] = emulator().store.seedVersions(datasetId, [
      { ageMs: DAY / 2, isCommitted: true }
    ])
    // The other promotion runs whole after this one's changes, before its check.
    emulator().inject({
      method: 'GET',
      path: `/datasets/${datasetId}/versions`,
      skip: 1,
      before: store => {
        store.updateVersion(datasetId, rival!.version, { tags: ['production'] })
        store.updateVersion(datasetId, target, { tags: ['resnet50'] })
      }
    })
    const result = await promote(
      settings(datasetId, target),
      operationContext(emulatorClient(emulator()), { log: recordingLog() })
    )
    expect(result.failure).toBe(
      `After this promote's changes, production is also on ${rival!.version}; production is no ` +
        `longer on ${target}: another change to these tags ran at the same time. Running ` +
        'promote again settles it'
    )
  })

  test('[F-promote-race] the check counts only versions that carry the tag, whatever the API filter returns', async () => {
    const { datasetId, target } = seedCarriers()
    emulator().store.readings = { ...emulator().store.readings, tagsFilter: 'ignored' }
    const log = recordingLog()
    const result = await promote(
      settings(datasetId, target),
      operationContext(emulatorClient(emulator()), { log })
    )
    expect(result.failure).toBeUndefined()
    expect(log.at('info')).toContain(`Checked: ${target} alone carries production`)
  })

  test('a check that cannot be read fails the step, saying the tags were moved', async () => {
    const { datasetId, old1, old2, target } = seedCarriers()
    emulator().inject({
      method: 'GET',
      path: `/datasets/${datasetId}/versions`,
      skip: 1,
      status: 500,
      message: 'down'
    })
    const result = await promote(
      settings(datasetId, target),
      operationContext(emulatorClient(emulator(), { retries: 0 }), { log: recordingLog() })
    )
    expect(result.failure).toBe(
      `${target} now carries production, but reading the versions that carry them again, to ` +
        'check that no other change ran at the same time, failed: GET ' +
        `/datasets/${datasetId}/versions failed: 500 INTERNAL_SERVER_ERROR: down`
    )
    expect(result.moved).toEqual([{ tag: 'production', from: [old2, old1] }])
  })

  test('a promotion that changes nothing lists the carriers once: nothing to check', async () => {
    const { datasetId, target } = seedCarriers()
    const context = operationContext(emulatorClient(emulator()), { log: recordingLog() })
    await promote(settings(datasetId, target), context)
    emulator().requests.splice(0)
    const again = await promote(settings(datasetId, target), context)
    expect(again.alreadyPromoted).toBe(true)
    expect(emulator().requests.map(r => `${r.method} ${r.path}`)).toEqual([
      `GET /datasets/${datasetId}/versions/${target}`,
      `GET /datasets/${datasetId}/versions`
    ])
  })

  test('a commit the PUT answer does not confirm is confirmed by a fresh read', async () => {
    const datasetId = freshDataset(emulator())
    const [target] = emulator().store.seedVersions(datasetId, [{ ageMs: DAY }])
    emulator().inject({
      method: 'PUT',
      mapBody: body => ({ ...(body as object), isCommitted: false })
    })
    const result = await promote(
      settings(datasetId, target!.version, { commit: true }),
      operationContext(emulatorClient(emulator()), { log: recordingLog() })
    )
    expect(result.committed).toBe(true)
    expect(result.failure).toBeUndefined()
    expect(result.version).toMatchObject({ isCommitted: true, tags: ['production'] })
    // Read, list, commit, confirm, tag, and list again to check.
    expect(emulator().requests.map(r => r.method)).toEqual([
      'GET',
      'GET',
      'PUT',
      'GET',
      'PUT',
      'GET'
    ])
  })

  test('a commit that does not take stops the promotion', async () => {
    const datasetId = freshDataset(emulator())
    const [target] = emulator().store.seedVersions(datasetId, [{ ageMs: DAY }])
    const uncommitted = (body: unknown) => ({ ...(body as object), isCommitted: false })
    emulator().inject({ method: 'PUT', mapBody: uncommitted })
    emulator().inject({ method: 'GET', skip: 2, mapBody: uncommitted })
    const error = await promoteFailure(
      promote(
        settings(datasetId, target!.version, { commit: true }),
        operationContext(emulatorClient(emulator()), { log: recordingLog() })
      )
    )
    expect(error.message).toBe(
      `Version ${target!.version} is not committed: the PUT answered isCommitted: false, and reading it back shows isCommitted: false. Nothing was promoted`
    )
    expect(puts()).toHaveLength(1)
  })

  test('a target tag with a comma is refused before any write', async () => {
    const datasetId = freshDataset(emulator())
    const [target] = emulator().store.seedVersions(datasetId, [
      { ageMs: DAY, isCommitted: true, tags: ['a,b'] }
    ])
    const error = await promoteFailure(
      promote(
        settings(datasetId, target!.version),
        operationContext(emulatorClient(emulator()), { log: recordingLog() })
      )
    )
    expect(error.message).toContain('carries the tag "a,b", which contains a comma')
    expect(puts()).toHaveLength(0)
  })

  test('another carrier whose other tag has a comma is reported, not rewritten', async () => {
    const datasetId = freshDataset(emulator())
    const [other, target] = emulator().store.seedVersions(datasetId, [
      { ageMs: 2 * DAY, isCommitted: true, tags: ['production', 'x,y'] },
      { ageMs: DAY, isCommitted: true }
    ])
    const result = await promote(
      settings(datasetId, target!.version),
      operationContext(emulatorClient(emulator()), { log: recordingLog() })
    )
    expect(result.failure).toContain(`${other!.version}: one of its other tags contains a comma`)
    expect(tagsOf(datasetId, other!.version)).toEqual(['production', 'x,y'])
  })

  test('several tags are listed one by one, before the changes and after, so a carrier of only one of them is found', async () => {
    const { datasetId, old1, old2, target } = seedCarriers()
    const result = await promote(
      settings(datasetId, target, { tags: ['keep', 'nightly'] }),
      operationContext(emulatorClient(emulator()), { log: recordingLog() })
    )
    const lists = emulator().requests.filter(
      r => r.method === 'GET' && r.path.endsWith('/versions')
    )
    expect(lists.map(r => r.query.tags)).toEqual(['keep', 'nightly', 'keep', 'nightly'])
    expect(result.moved).toEqual([
      { tag: 'keep', from: [old1] },
      { tag: 'nightly', from: [old2] }
    ])
    expect(tagsOf(datasetId, target)).toEqual(['resnet50', 'keep', 'nightly'])
    expect(tagsOf(datasetId, old1)).toEqual(['production'])
    expect(tagsOf(datasetId, old2)).toEqual(['production'])
  })
})
