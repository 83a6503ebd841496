import { describe, expect, test } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import { answerViolations } from '../../emulator/conformance.ts'
import type { RecordedRequest } from '../../emulator/faults.ts'
import { USER_AGENT } from '../../src/paperspace/http.ts'
import { takeViolations } from '../setup/conformance.ts'
import { callApi, freshDataset, useEmulator, type ApiAnswer } from '../helpers/emulator.ts'

const emulator = useEmulator()

/** A dataset with one version, and that version as the store holds it (to plant drift in). */
function planted() {
  const datasetId = freshDataset(emulator())
  const [version] = emulator().store.seedVersions(datasetId, [{ ageMs: 0 }])
  return {
    datasetId,
    version: version!,
    path: `/datasets/${datasetId}/versions/${version!.version}`
  }
}

describe('the spec check every test file runs (setup/conformance.ts)', () => {
  test('is set up for every test file', async () => {
    const config = await readFile(new URL('../../jest.config.js', import.meta.url), 'utf8')
    expect(config).toMatch(/setupFilesAfterEnv: \['<rootDir>\/__tests__\/setup\/conformance\.ts'\]/)
  })

  test('catches a version with a field the spec does not have', async () => {
    const { version, path } = planted()
    Object.assign(version, { size: 1 })
    expect((await callApi(emulator(), 'GET', path)).status).toBe(200)
    expect(takeViolations()).toEqual([`GET ${path} answered 200: body has "size", not in the spec`])
  })

  test('catches usageBytes as a number, inside a listing too', async () => {
    const { datasetId, version } = planted()
    Object.assign(version, { usageBytes: 1024 })
    await callApi(emulator(), 'GET', `/datasets/${datasetId}/versions`)
    expect(takeViolations()).toEqual([
      `GET /datasets/${datasetId}/versions answered 200: body/items/0/usageBytes must be string,null`
    ])
  })

  test('catches a missing field, a date that is not a date-time, and tags not all strings', async () => {
    const { version, path } = planted()
    Reflect.deleteProperty(version, 'url')
    Object.assign(version, { dtModified: 'yesterday', tags: ['a', 1] })
    await callApi(emulator(), 'GET', path)
    expect(takeViolations().sort()).toEqual(
      [
        `GET ${path} answered 200: body must have required property 'url'`,
        `GET ${path} answered 200: body/dtModified must match format "date-time"`,
        `GET ${path} answered 200: body/tags/1 must be string`
      ].sort()
    )
  })

  test('answers a fault shaped are not held to the spec', async () => {
    const { datasetId, path } = planted()
    emulator().inject({ method: 'GET', path, mapBody: body => ({ ...(body as object), size: 1 }) })
    emulator().inject({ method: 'GET', path, rawBody: '{"hasMore": "no"}' })
    emulator().inject({ method: 'GET', path, status: 503, details: 'not an object' })
    emulator().inject({ method: 'GET', path, streamBytes: 4096 })
    emulator().inject({ method: 'GET', path, statusAfterApply: 302 })
    emulator().inject({ method: 'GET', path: /\/versions$/, endlessEmptyPages: true })
    const statuses = []
    for (let i = 0; i < 5; i++) statuses.push((await callApi(emulator(), 'GET', path)).status)
    await callApi(emulator(), 'GET', `/datasets/${datasetId}/versions`)
    expect(statuses).toEqual([200, 200, 503, 200, 302])
    expect(takeViolations()).toEqual([])
  })

  test('an answer of its own is checked even when a fault delayed it or changed the world first', async () => {
    const { version, path } = planted()
    emulator().inject({ method: 'GET', path, delayMs: 1 })
    emulator().inject({ method: 'GET', path, before: () => Object.assign(version, { size: 1 }) })
    await callApi(emulator(), 'GET', path)
    expect(takeViolations()).toEqual([])
    await callApi(emulator(), 'GET', path)
    expect(takeViolations()).toEqual([`GET ${path} answered 200: body has "size", not in the spec`])
  })

  test('catches nextPage null on a last page unless the endCursor option put it there ("" is a string)', () => {
    const request: RecordedRequest = {
      method: 'GET',
      path: '/datasets/dsx/versions',
      query: {},
      body: undefined,
      authorized: true,
      startedAt: 0
    }
    const answer = (nextPage: unknown) => ({
      request,
      status: 200,
      text: JSON.stringify({ hasMore: false, items: [], nextPage })
    })
    expect(answerViolations(answer(null))).toEqual([
      'GET /datasets/dsx/versions answered 200: body/nextPage must be string'
    ])
    expect(answerViolations(answer(''))).toEqual([])
    expect(answerViolations({ ...answer(null), shapedBy: 'endCursor' })).toEqual([])
    expect(answerViolations({ ...answer(5), shapedBy: 'endCursor' })).toEqual([
      'GET /datasets/dsx/versions answered 200: body/nextPage must be string'
    ])
  })

  test('catches an error body with another key, or details that are not an object', () => {
    const error = (body: object) => answerViolations({ status: 404, text: JSON.stringify(body) })
    expect(error({ code: 'NOT_FOUND', message: 'm', details: { issues: [] } })).toEqual([])
    expect(error({ code: 'NOT_FOUND', message: 'm', issues: [] })).toEqual([
      'answer 404: body has "issues", not in the spec'
    ])
    expect(error({ code: 'NOT_FOUND', message: 'm', details: 'x' })).toEqual([
      'answer 404: body/details must be object'
    ])
    expect(answerViolations({ status: 204, text: '{}' })).toEqual([
      'answer 204: the spec answers only 200 or an error'
    ])
  })

  describe("the action's requests", () => {
    const send = (path: string, body: unknown, userAgent = USER_AGENT) =>
      fetch(`${emulator().url}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${emulator().apiKey}`,
          'content-type': 'application/json',
          'user-agent': userAgent
        },
        body: JSON.stringify(body)
      })

    test('a create body with a field the spec lacks is caught, though the emulator took it', async () => {
      const path = `/datasets/${freshDataset(emulator())}/versions`
      expect((await send(path, { message: 'm', isCommitted: true })).status).toBe(200)
      expect(takeViolations()).toEqual([
        `POST ${path} sent body has "isCommitted", not in the spec`
      ])
    })

    test('tags as a list is caught as well as refused', async () => {
      const path = `/datasets/${freshDataset(emulator())}/versions`
      expect((await send(path, { tags: ['a'] })).status).toBe(400)
      expect(takeViolations()).toEqual([`POST ${path} sent body/tags must be string`])
    })

    test("a test's own request (another User-Agent) may be anything", async () => {
      const path = `/datasets/${freshDataset(emulator())}/versions`
      expect((await send(path, { isCommitted: true }, 'test')).status).toBe(200)
      expect(takeViolations()).toEqual([])
    })
  })
})

describe('every error the emulator produces itself is exactly {code, message, details?}', () => {
  const shape = (answer: ApiAnswer) => ({
    status: answer.status,
    keys: Object.keys(answer.body as object).sort(),
    details: typeof answer.body.details
  })

  test.each([
    ['validation', 'GET', '/datasets?limit=0', undefined, 400, true],
    ['a body that is not JSON', 'POST', '/datasets', '{', 400, false],
    ['auth', 'GET', '/datasets', undefined, 401, false],
    ['an unknown route', 'GET', '/models', undefined, 404, false],
    ['an unknown dataset', 'GET', '/datasets/dsnone', undefined, 404, false],
    ['method', 'PATCH', '/datasets', undefined, 405, false],
    ['a body too large', 'POST', '/datasets', 'x'.repeat(1024 * 1024 + 1), 413, false]
  ])('%s', async (_name, method, path, raw, status, hasDetails) => {
    const response = await fetch(`${emulator().url}${path}`, {
      method,
      headers: status === 401 ? {} : { authorization: `Bearer ${emulator().apiKey}` },
      ...(raw !== undefined && { body: raw })
    })
    const answer = {
      status: response.status,
      body: await response.json(),
      headers: response.headers
    }
    expect(shape(answer)).toEqual({
      status,
      keys: hasDetails ? ['code', 'details', 'message'] : ['code', 'message'],
      details: hasDetails ? 'object' : 'undefined'
    })
    expect(takeViolations()).toEqual([])
  })

  test('internal', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({
      before: () => {
        throw new Error('the store is broken')
      }
    })
    const answer = await callApi(emulator(), 'GET', `/datasets/${datasetId}`)
    expect(answer.body).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
      message: 'Error: the store is broken'
    })
    expect(answer.status).toBe(500)
    expect(emulator().requests.at(-1)!.status).toBe(500)
    expect(takeViolations()).toEqual([])
  })
})
