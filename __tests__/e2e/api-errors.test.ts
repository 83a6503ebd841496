import { describe, expect, test } from '@jest/globals'
import { DAY, history } from '../../emulator/seed.ts'
import { act, errors } from '../helpers/action.ts'
import { freshDataset, useEmulator } from '../helpers/emulator.ts'

const emulator = useEmulator()

describe('API errors become one clear line', () => {
  test('404: method, path, status, code and message', async () => {
    const datasetId = freshDataset(emulator())
    const run = await act(emulator(), { operation: 'get', datasetId, version: 'abc1234' })
    expect(run.exitCode).toBe(1)
    expect(errors(run)).toEqual([
      `GET /datasets/${datasetId}/versions/abc1234 failed: 404 NOT_FOUND: Dataset version not found`
    ])
    expect(run.summary).toContain('## `get` failed')
  })

  test('[F-auth] 401 says to check the key and its team', async () => {
    const datasetId = freshDataset(emulator())
    const run = await act(emulator(), { operation: 'list', datasetId, apiKey: 'not-the-key' })
    expect(errors(run)).toEqual([
      `GET /datasets/${datasetId}/versions failed: 401 UNAUTHORIZED: Missing or invalid API key. ` +
        'Check that apiKey is a valid Paperspace API key and belongs to the team that owns the dataset'
    ])
  })

  test('[F-auth] 403 says the same', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ status: 403, code: 'FORBIDDEN', message: 'Not allowed' })
    const run = await act(emulator(), { operation: 'list', datasetId })
    expect(errors(run)[0]).toMatch(/failed: 403 FORBIDDEN: Not allowed\. Check that apiKey/)
  })

  test('[F-retries-spent] a server error is retried, then reported with the attempts', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      message: 'Try later',
      retryAfter: '0',
      times: Infinity
    })
    const run = await act(emulator(), { operation: 'list', datasetId, retries: '2' })
    expect(errors(run)).toEqual([
      `GET /datasets/${datasetId}/versions failed: 503 SERVICE_UNAVAILABLE: Try later (after 3 attempts)`
    ])
    expect(emulator().requests).toHaveLength(3)
  })

  test('[F-retry-5xx] a transient failure is retried and the step succeeds', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ status: 502, retryAfter: '0' })
    const run = await act(emulator(), { operation: 'list', datasetId })
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain(`GET /datasets/${datasetId}/versions failed (502); retry 1 of 3`)
  })

  test('[F-error-not-json] an error body that is not JSON is still reported', async () => {
    const datasetId = freshDataset(emulator())
    emulator().inject({ status: 500, rawBody: '<html>upstream exploded</html>' })
    const run = await act(emulator(), {
      operation: 'get',
      datasetId,
      version: 'abc1234',
      retries: '0'
    })
    expect(errors(run)).toEqual([
      `GET /datasets/${datasetId}/versions/abc1234 failed: 500 INTERNAL_SERVER_ERROR: <html>upstream exploded</html>`
    ])
  })

  test('a list that cannot be completed fails instead of returning part of it', async () => {
    const datasetId = freshDataset(emulator())
    emulator().store.seedVersions(datasetId, history({ count: 130, spanMs: DAY }))
    emulator().inject({
      when: r => r.query.after !== undefined,
      rawBody: '{"hasMore": true, "items": []}'
    })
    const run = await act(emulator(), { operation: 'list', datasetId, limit: '200' })
    expect(run.exitCode).toBe(1)
    expect(errors(run)).toEqual([
      'The listing is incomplete: page 2 says more versions follow but gives no cursor to fetch them'
    ])
    expect(run.outputs).toEqual({})
  })

  test('no stack trace for an API failure', async () => {
    const datasetId = freshDataset(emulator())
    const run = await act(emulator(), { operation: 'delete', datasetId, version: 'abc1234' })
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/\n\s+at .+:\d+:\d+/)
  })
})
