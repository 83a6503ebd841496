import { describe, expect, test } from '@jest/globals'
import { act, errors } from '../helpers/action.ts'
import { useEmulator } from '../helpers/emulator.ts'

const emulator = useEmulator()
const datasetId = 'dst364npcw6ccok'

/** Each case: inputs, and the start of the one problem the step must report. */
const cases: [string, Record<string, string>, string][] = [
  [
    'an unknown operation',
    { operation: 'purge', datasetId },
    'operation: expected one of list, get, create, update, commit, delete, cleanup, datasets, promote, resolve, wait; got "purge"'
  ],
  ['a missing datasetId', { operation: 'list' }, 'datasetId: required for this operation'],
  ['a missing version', { operation: 'get', datasetId }, 'version: required for this operation'],
  [
    'metadata that is not JSON',
    { operation: 'create', datasetId, metadata: '{oops' },
    'metadata: expected a JSON object such as {"epochs": 10}; it is not valid JSON'
  ],
  [
    'metadata that is an array',
    { operation: 'create', datasetId, metadata: '[1]' },
    'metadata: expected a JSON object such as {"epochs": 10}; got an array'
  ],
  [
    'a limit of 0',
    { operation: 'list', datasetId, limit: '0' },
    'limit: expected a whole number from 1 to 10000; got "0"'
  ],
  [
    'a limit that is not a number',
    { operation: 'list', datasetId, limit: 'all' },
    'limit: expected a whole number from 1 to 10000; got "all"'
  ],
  [
    'a timeout out of range',
    { operation: 'list', datasetId, timeout: '0' },
    'timeout: expected a whole number from 1 to 600 (seconds); got "0"'
  ],
  [
    'retries out of range',
    { operation: 'list', datasetId, retries: '50' },
    'retries: expected a whole number from 0 to 10; got "50"'
  ],
  [
    'a baseUrl that is not a URL',
    { operation: 'list', datasetId, baseUrl: 'api.paperspace.com' },
    'baseUrl: expected an absolute URL'
  ],
  [
    'http:// to a host that is not loopback',
    { operation: 'list', datasetId, baseUrl: 'http://api.paperspace.com/v1' },
    'baseUrl: http:// is only allowed for loopback hosts'
  ],
  ['a datasetId of ..', { operation: 'list', datasetId: '..' }, 'datasetId: expected a plain ID'],
  [
    'a datasetId with a slash',
    { operation: 'list', datasetId: 'a/b' },
    'datasetId: expected a plain ID'
  ],
  [
    'a version of ..',
    { operation: 'delete', datasetId, version: '..' },
    'version: expected a plain ID'
  ],
  [
    'a version with a slash',
    { operation: 'delete', datasetId, version: 'a/b' },
    'version: expected a plain ID'
  ],
  [
    'a boolean that is not true or false',
    { operation: 'create', datasetId, commit: 'yes' },
    'commit: expected true or false; got "yes"'
  ],
  [
    'an update that changes nothing',
    { operation: 'update', datasetId, version: 'abc1234' },
    'message, tags, metadata or commit: update needs at least one'
  ],
  [
    'a promote without tags',
    { operation: 'promote', datasetId, version: 'abc1234' },
    'tags: required for promote: the alias tags to move to the version, such as production'
  ],
  [
    'a promote without a version',
    { operation: 'promote', datasetId, tags: 'production' },
    'version: required for this operation'
  ],
  [
    'a wait without a version',
    { operation: 'wait', datasetId },
    'version: required for this operation'
  ],
  [
    'a waitTimeout longer than 6h',
    { operation: 'wait', datasetId, version: 'abc1234', waitTimeout: '7h' },
    'waitTimeout: expected a whole number and a unit s, m or h, such as 15m or 2h (more than 0, at most 6h); got "7h"'
  ],
  [
    'a waitTimeout that is not a duration',
    { operation: 'wait', datasetId, version: 'abc1234', waitTimeout: '15 minutes' },
    'waitTimeout: expected a whole number and a unit s, m or h,'
  ],
  [
    'every dataset (*) for an operation other than cleanup',
    { operation: 'promote', datasetId: '*', version: 'abc1234', tags: 'production' },
    'datasetId: expected a plain ID'
  ],
  [
    'several datasets for resolve',
    { operation: 'resolve', datasetId: `${datasetId},${datasetId}x` },
    'several datasets or * (every dataset) are for operation cleanup only'
  ],
  [
    'a wildcard in a promote tag',
    { operation: 'promote', datasetId, version: 'abc1234', tags: 'release-*' },
    'tags: promote matches tags exactly; * and ? are wildcards only for cleanup; got "release-*"'
  ],
  [
    'a wildcard in a list tag (list matches tags exactly)',
    { operation: 'list', datasetId, tags: 'nightly, prod*' },
    'tags: list matches tags exactly; * and ? are wildcards only for cleanup; got "prod*"'
  ],
  [
    'a list tag of ?',
    { operation: 'list', datasetId, tags: '?' },
    'tags: list matches tags exactly; * and ? are wildcards only for cleanup; got "?"'
  ],
  [
    'batches of 0',
    { operation: 'datasets', batches: '0' },
    'batches: expected a whole number from 1 to 256; got "0"'
  ],
  [
    'more batches than a matrix holds',
    { operation: 'datasets', batches: '257' },
    'batches: expected a whole number from 1 to 256; got "257"'
  ],
  [
    'promote without tags',
    { operation: 'promote', datasetId, version: 'abc1234' },
    'tags: required for promote'
  ],
  [
    'an idempotencyKey longer than 256 characters',
    { operation: 'create', datasetId, idempotencyKey: 'k'.repeat(257) },
    'idempotencyKey: expected at most 256 characters'
  ],
  [
    'a keepLatest that is not a whole number with several datasets',
    { operation: 'cleanup', datasetId: `${datasetId},${datasetId}x`, keepLatest: '-1' },
    'keepLatest: expected a whole number from 0 to 10000; got "-1"'
  ],
  [
    'a resolve tag with a control character',
    { operation: 'resolve', datasetId, tags: 'production\u0007' },
    'tags: each tag must be at most 100 characters without control characters'
  ]
]

describe('[F-input-invalid] bad input fails the step before any request', () => {
  test.each(cases)('%s', async (_name, inputs, problem) => {
    // Two baseUrl cases point elsewhere, so the emulator's silence proves nothing for them; the
    // baseUrl cases below point at the emulator itself and prove it.
    const run = await act(emulator(), inputs)
    expect(run.exitCode).toBe(1)
    const [message, ...more] = errors(run)
    expect(more).toEqual([])
    expect(message).toMatch(/^Invalid input: /)
    expect(message!.slice('Invalid input: '.length)).toContain(problem)
    expect(emulator().requests).toHaveLength(0)
    // An expected failure is explained, not dumped: no stack trace anywhere.
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/\n\s+at .+:\d+:\d+/)
    expect(run.outputs).toEqual({})
  })

  test.each([
    ['credentials in it', (url: URL) => `${url.protocol}//user:pass@${url.host}${url.pathname}`],
    ['a query string', (url: URL) => `${url.href}?team=x`],
    ['a fragment', (url: URL) => `${url.href}#v1`],
    ['a scheme other than http(s)', (url: URL) => `ftp://${url.host}${url.pathname}`]
  ])('a baseUrl at the emulator with %s is refused before any request', async (_name, bad) => {
    const baseUrl = bad(new URL(emulator().url))
    const run = await act(emulator(), { operation: 'list', datasetId, baseUrl })
    expect(run.exitCode).toBe(1)
    expect(errors(run)).toEqual([expect.stringMatching(/^Invalid input: baseUrl: /)])
    expect(emulator().requests).toHaveLength(0)
  })

  test('several problems are reported together, one per line', async () => {
    const run = await act(emulator(), { operation: 'get', datasetId: '..', timeout: 'x' })
    expect(errors(run)).toEqual([
      [
        'Invalid inputs:',
        '- timeout: expected a whole number from 1 to 600 (seconds); got "x"',
        "- datasetId: expected a plain ID (letters, digits, '-' or '_', starting with a letter or digit, at most 128); got \"..\"",
        '- version: required for this operation'
      ].join('\n')
    ])
    expect(emulator().requests).toHaveLength(0)
  })

  test('a missing key is reported without a request', async () => {
    const run = await act(emulator(), { operation: 'list', datasetId, apiKey: '' })
    expect(errors(run)).toEqual([
      'Invalid input: apiKey: required; set the input or the PAPERSPACE_API_KEY environment variable'
    ])
    expect(emulator().requests).toHaveLength(0)
  })

  test('the failure is in the job summary too', async () => {
    const run = await act(emulator(), { operation: 'list', datasetId, limit: '-5' })
    expect(run.summary).toContain('## `list` failed')
    expect(run.summary).toContain('limit: expected a whole number from 1 to 10000; got "-5"')
  })
})
