import { describe, expect, test } from '@jest/globals'
import { ApiError, httpError, readErrorBody } from '../../src/paperspace/errors.ts'
import { redactor } from '../../src/shared/redact.ts'

const request = { method: 'GET', path: '/datasets/dsx/versions/abc1234', attempts: 1 }
const redact = redactor(['sekrit-key'])

describe('readErrorBody', () => {
  test('reads the current shape with details', () => {
    expect(
      readErrorBody({ code: 'BAD_REQUEST', message: 'Bad', details: { x: 1 } }, redact)
    ).toEqual({
      code: 'BAD_REQUEST',
      message: 'Bad',
      extra: '{"x":1}'
    })
  })

  test('reads the older shape with issues', () => {
    expect(
      readErrorBody({ code: 'X', message: 'm', issues: [{ message: 'i' }] }, redact).extra
    ).toBe('[{"message":"i"}]')
  })

  test('reads JSON text and buffers', () => {
    expect(readErrorBody('{"code":"NOT_FOUND","message":"gone"}', redact)).toEqual({
      code: 'NOT_FOUND',
      message: 'gone'
    })
    expect(readErrorBody(Buffer.from('{"message":"m"}'), redact)).toEqual({ message: 'm' })
  })

  test('reads the bytes got hands over, a view into a larger buffer included', () => {
    const whole = new TextEncoder().encode('xx{"code":"GONE","message":"été"}yy')
    expect(readErrorBody(whole.subarray(2, whole.length - 2), redact)).toEqual({
      code: 'GONE',
      message: 'été'
    })
  })

  test('keeps a body that is not JSON as the message', () => {
    expect(readErrorBody('<html>Bad gateway</html>', redact)).toEqual({
      message: '<html>Bad gateway</html>'
    })
  })

  test('survives empty and odd bodies', () => {
    expect(readErrorBody('', redact)).toEqual({})
    expect(readErrorBody(undefined, redact)).toEqual({})
    expect(readErrorBody(42, redact)).toEqual({})
    expect(readErrorBody({ code: 5, message: null }, redact)).toEqual({})
  })
})

describe('httpError', () => {
  test('is one line: method, path, status, code and message', () => {
    const error = httpError(
      request,
      404,
      { code: 'NOT_FOUND', message: 'Dataset version not found' },
      undefined,
      redact
    )
    expect(error).toBeInstanceOf(ApiError)
    expect(error.message).toBe(
      'GET /datasets/dsx/versions/abc1234 failed: 404 NOT_FOUND: Dataset version not found'
    )
  })

  test.each([401, 403])('%i tells the user to check the key and its team', status => {
    expect(httpError(request, status, {}, undefined, redact).message).toMatch(
      /Check that apiKey is a valid Paperspace API key and belongs to the team that owns the dataset$/
    )
  })

  test('falls back to the code of the status', () => {
    expect(httpError(request, 409, 'conflict!', undefined, redact).message).toBe(
      'GET /datasets/dsx/versions/abc1234 failed: 409 CONFLICT: conflict!'
    )
    expect(httpError(request, 502, '', undefined, redact).message).toContain(
      '502 HTTP_502: the API gave no message'
    )
  })

  test('removes the key when the API echoes it, and flattens newlines', () => {
    const error = httpError(
      request,
      401,
      { message: 'bad header:\nBearer sekrit-key' },
      undefined,
      redact
    )
    expect(error.message).not.toContain('sekrit-key')
    expect(error.message).toContain('bad header: Bearer ***')
  })

  test('mentions Retry-After on 429', () => {
    expect(httpError(request, 429, {}, '3600', redact).message).toContain('(Retry-After: 3600)')
  })

  test('counts attempts when there were retries', () => {
    expect(httpError({ ...request, attempts: 4 }, 503, {}, undefined, redact).message).toMatch(
      /\(after 4 attempts\)$/
    )
  })
})

describe('the API code is API text too', () => {
  test('one line, at most 100 characters, without the key', () => {
    const error = httpError(
      request,
      400,
      { code: `BAD\n::error::planted sekrit-key ${'X'.repeat(500)}`, message: 'Bad' },
      undefined,
      redact
    )
    expect(error.code).not.toContain('\n')
    expect(error.code).not.toContain('sekrit-key')
    expect(error.code.length).toBeLessThanOrEqual(101)
    expect(error.code).toMatch(/^BAD ::error::planted \*\*\* X+…$/)
  })
})

describe('control characters in API text are shown, not passed on', () => {
  test('ESC, NUL and a bidirectional override in the code and message become escapes', () => {
    const error = httpError(
      request,
      400,
      { code: 'BAD\u202e', message: 'a\u001b[31mb\u0000c' },
      undefined,
      redact
    )
    expect(error.code).toBe('BAD\\u202e')
    expect(error.detail).toBe('a\\u001b[31mb\\u0000c')
  })
})

describe('an error body is redacted as it is read, before it is re-encoded or cut', () => {
  const KEY = 'pk_7*Q/x+2Zm_9*R/w+'
  const redactKey = redactor([KEY])
  /** What an error line shows of the key: none of it, not even the part before a cut. */
  const leaks = (text: string) =>
    [KEY, KEY.slice(0, 6), KEY.slice(-6)].filter(f => text.includes(f))

  test('a key echoed JSON-escaped with \\/ inside nested details', () => {
    const escaped = KEY.replace(/\//g, '\\/')
    const body = JSON.stringify({
      code: 'BAD_REQUEST',
      message: 'Bad',
      details: { issues: [{ echoed: `{"token":"${escaped}"}` }] }
    })
    // The body as the API sent it does hold the escaped form: the test plants what it says.
    expect(JSON.parse(body).details.issues[0].echoed).toContain(escaped)
    const error = httpError(request, 400, Buffer.from(body), undefined, redactKey)
    expect(error.message).toContain('***')
    expect(leaks(error.message)).toEqual([])
  })

  test('a key used as an object key of details', () => {
    const error = httpError(
      request,
      400,
      { code: 'X', message: 'm', details: { [KEY]: { nested: [KEY] } } },
      undefined,
      redactKey
    )
    expect(error.detail).toBe('m (details: {"***":{"nested":["***"]}})')
  })

  test.each([
    ['the code, cut at 100', 100, 'code'],
    ['the message, cut at 500', 500, 'detail']
  ] as const)('a key straddling %s leaves none of it', (_name, cut, field) => {
    for (let offset = cut - KEY.length + 1; offset < cut; offset++) {
      const text = `${'x'.repeat(offset)}${KEY} tail ${'y'.repeat(cut)}`
      const error = httpError(
        request,
        400,
        { code: field === 'code' ? text : 'X', message: field === 'detail' ? text : 'm' },
        undefined,
        redactKey
      )
      expect(error[field]).toMatch(/^x+\*/)
      expect([offset, leaks(error.message)]).toEqual([offset, []])
    }
  })
})
