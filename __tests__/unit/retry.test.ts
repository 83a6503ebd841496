import { describe, expect, test } from '@jest/globals'
import { retryDelay, type RetryPolicy } from '../../src/paperspace/retry.ts'

const policy: RetryPolicy = { limit: 3, baseMs: 1000, capMs: 20_000, maxRetryAfterMs: 60_000 }
const half = () => 0.5

describe('retryDelay', () => {
  test.each([408, 429, 500, 502, 503, 504])('[F-retry-5xx] GET is retried on %i', status => {
    expect(retryDelay({ retryNumber: 1, method: 'GET', status }, policy, half)).toBeGreaterThan(0)
  })

  test.each([400, 401, 403, 404, 409, 412, 422])('[F-client-error] no retry on %i', status => {
    expect(retryDelay({ retryNumber: 1, method: 'GET', status }, policy)).toBe(0)
  })

  test.each(['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EPIPE'])(
    'PUT and DELETE are retried on %s',
    code => {
      expect(retryDelay({ retryNumber: 1, method: 'PUT', code }, policy)).toBeGreaterThan(0)
      expect(retryDelay({ retryNumber: 1, method: 'DELETE', code }, policy)).toBeGreaterThan(0)
    }
  )

  test('[F-read-cut-off] a body cut short of its Content-Length is a dropped connection: retried but for POST', () => {
    const code = 'ERR_HTTP_CONTENT_LENGTH_MISMATCH'
    for (const method of ['GET', 'PUT', 'DELETE']) {
      expect(retryDelay({ retryNumber: 1, method, code }, policy)).toBeGreaterThan(0)
    }
    expect(retryDelay({ retryNumber: 1, method: 'POST', code }, policy)).toBe(0)
  })

  test('POST is not retried after it may have reached the API', () => {
    expect(retryDelay({ retryNumber: 1, method: 'POST', status: 503 }, policy)).toBe(0)
    expect(retryDelay({ retryNumber: 1, method: 'POST', code: 'ECONNRESET' }, policy)).toBe(0)
    expect(retryDelay({ retryNumber: 1, method: 'POST', code: 'ETIMEDOUT' }, policy)).toBe(0)
  })

  test('[F-connection-refused] POST is retried when the connection was refused: nothing was sent', () => {
    expect(
      retryDelay({ retryNumber: 1, method: 'POST', code: 'ECONNREFUSED' }, policy)
    ).toBeGreaterThan(0)
  })

  test('[F-retries-spent] stops after the limit', () => {
    expect(retryDelay({ retryNumber: 3, method: 'GET', status: 503 }, policy)).toBeGreaterThan(0)
    expect(retryDelay({ retryNumber: 4, method: 'GET', status: 503 }, policy)).toBe(0)
    expect(
      retryDelay({ retryNumber: 1, method: 'GET', status: 503 }, { ...policy, limit: 0 })
    ).toBe(0)
  })

  test('[F-retry-after] Retry-After is obeyed exactly, and 0 still retries', () => {
    expect(
      retryDelay({ retryNumber: 1, method: 'GET', status: 429, retryAfterMs: 2000 }, policy)
    ).toBe(2000)
    expect(
      retryDelay({ retryNumber: 1, method: 'GET', status: 429, retryAfterMs: 0 }, policy)
    ).toBe(1)
  })

  test('[F-retry-after-long] a Retry-After beyond the cap fails at once instead of sleeping', () => {
    expect(
      retryDelay({ retryNumber: 1, method: 'GET', status: 429, retryAfterMs: 3_600_000 }, policy)
    ).toBe(0)
  })

  test('backoff doubles per retry with equal jitter, up to the cap', () => {
    const delays = (random: () => number) =>
      [1, 2, 3, 4, 5, 6].map(n =>
        retryDelay({ retryNumber: n, method: 'GET', status: 503 }, { ...policy, limit: 9 }, random)
      )
    expect(delays(() => 0)).toEqual([500, 1000, 2000, 4000, 8000, 10_000])
    expect(delays(() => 0.999999)).toEqual([1000, 2000, 4000, 8000, 16_000, 20_000])
  })
})
