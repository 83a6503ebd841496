import { describe, expect, test } from '@jest/globals'
import { InputError } from '../../src/shared/errors.ts'
import { parseInputs, resolveApiKey } from '../../src/interface/inputs.ts'
import type { InputName } from '../../src/interface/names.ts'
import { reader } from '../helpers/inputs.ts'

const base = { apiKey: 'key-123', datasetId: 'dst364npcw6ccok' }

/** Parses like the action: the key resolved first (input, else environment), then the rest. */
function parseWith(values: Partial<Record<InputName, string>>, env: Record<string, string>) {
  const read = reader(values)
  return parseInputs(read, resolveApiKey(read, env))
}

function parse(values: Partial<Record<InputName, string>>, env: Record<string, string> = {}) {
  return parseWith({ ...base, ...values }, env)
}

function problems(
  values: Partial<Record<InputName, string>>,
  env: Record<string, string> = {}
): string[] {
  try {
    parseWith(values, env)
  } catch (error) {
    if (error instanceof InputError) return [...error.problems]
    throw error
  }
  throw new Error('expected the inputs to be rejected')
}

describe('operation', () => {
  test('an unknown operation is rejected with the list of valid ones', () => {
    expect(problems({ ...base, operation: 'purge' })).toEqual([
      'operation: expected one of list, get, create, update, commit, delete, cleanup, datasets, promote, resolve, wait; got "purge"'
    ])
  })

  test('a missing operation is required', () => {
    expect(problems(base)).toEqual([
      'operation: required, one of list, get, create, update, commit, delete, cleanup, datasets, promote, resolve, wait'
    ])
  })

  test('operation names are case-insensitive', () => {
    expect(parse({ operation: 'LIST' }).operation).toBe('list')
  })
})

describe('apiKey', () => {
  test('falls back to PAPERSPACE_API_KEY', () => {
    const settings = parseWith(
      { operation: 'list', datasetId: 'ds1' },
      { PAPERSPACE_API_KEY: 'from-env' }
    )
    expect(settings.connection.apiKey).toBe('from-env')
  })

  test('the input wins over the environment', () => {
    expect(parse({ operation: 'list' }, { PAPERSPACE_API_KEY: 'from-env' }).connection.apiKey).toBe(
      'key-123'
    )
  })

  test('a missing key names both places to set it', () => {
    expect(problems({ operation: 'list', datasetId: 'ds1' })).toEqual([
      'apiKey: required; set the input or the PAPERSPACE_API_KEY environment variable'
    ])
  })

  test('a key with whitespace is rejected without quoting it', () => {
    const found = problems({ operation: 'list', datasetId: 'ds1', apiKey: 'abc def-secret' })
    expect(found).toEqual(['apiKey: must not contain whitespace or control characters'])
    expect(found.join()).not.toContain('secret')
  })
})

describe('IDs', () => {
  test.each([
    '..',
    '.',
    'a/b',
    '%2e%2e',
    'ds 1',
    '-ds',
    'ds?x',
    'ds#x',
    'x'.repeat(129),
    'ds\u0000',
    'ds\\x'
  ])('datasetId %j is rejected', bad => {
    const found = problems({ ...base, operation: 'list', datasetId: bad })
    expect(found).toHaveLength(1)
    expect(found[0]).toMatch(/^datasetId: expected a plain ID \(letters, digits/)
  })

  test.each(['get', 'update', 'commit', 'delete'])('%s requires version', operation => {
    expect(
      problems({ ...base, operation, ...(operation === 'update' && { message: 'm' }) })
    ).toEqual(['version: required for this operation'])
  })

  test('[F-input-unsafe-id] version .. is rejected', () => {
    expect(problems({ ...base, operation: 'delete', version: '..' })[0]).toMatch(
      /^version: expected a plain ID/
    )
  })

  test('a missing datasetId is required', () => {
    expect(problems({ apiKey: 'k', operation: 'list' })).toEqual([
      'datasetId: required for this operation'
    ])
  })

  test('valid Paperspace IDs pass', () => {
    const settings = parse({ operation: 'get', version: '0z7o247' })
    expect(settings).toMatchObject({
      operation: 'get',
      datasetId: 'dst364npcw6ccok',
      version: '0z7o247'
    })
  })
})

describe('metadata', () => {
  test.each([
    ['[1,2]', 'got an array'],
    ['null', 'got null'],
    ['"text"', 'got a string'],
    ['42', 'got a number']
  ])('%s is not a JSON object', (value, what) => {
    expect(problems({ ...base, operation: 'create', metadata: value })).toEqual([
      `metadata: expected a JSON object such as {"epochs": 10}; ${what}`
    ])
  })

  test('invalid JSON says so', () => {
    expect(problems({ ...base, operation: 'create', metadata: '{epochs: 1}' })[0]).toMatch(
      /^metadata: expected a JSON object such as \{"epochs": 10\}; it is not valid JSON/
    )
  })

  test('an object passes through', () => {
    const settings = parse({ operation: 'create', metadata: '{"epochs": 10, "ok": false}' })
    expect(settings.operation === 'create' && settings.changes.metadata).toEqual({
      epochs: 10,
      ok: false
    })
  })
})

describe('numbers', () => {
  test.each(['0', '-1', '1.5', 'abc', '10001', '1e3'])('limit %j is rejected', value => {
    const found = problems({ ...base, operation: 'list', limit: value })
    expect(found).toEqual([
      `limit: expected a whole number from 1 to 10000; got ${JSON.stringify(value)}`
    ])
  })

  test('an empty limit means the default, 120', () => {
    expect(parse({ operation: 'list', limit: ' ' })).toMatchObject({ limit: 120 })
  })

  test.each(['0', '601', 'soon'])('timeout %j is out of range', value => {
    expect(problems({ ...base, operation: 'get', version: 'v1', timeout: value })).toEqual([
      `timeout: expected a whole number from 1 to 600 (seconds); got ${JSON.stringify(value)}`
    ])
  })

  test.each(['11', '-1', 'many'])('retries %j is out of range', value => {
    expect(problems({ ...base, operation: 'get', version: 'v1', retries: value })).toEqual([
      `retries: expected a whole number from 0 to 10; got ${JSON.stringify(value)}`
    ])
  })

  test('timeout is held in milliseconds, retries as given', () => {
    expect(parse({ operation: 'list', timeout: '5', retries: '0' }).connection).toMatchObject({
      timeoutMs: 5000,
      retries: 0
    })
  })
})

describe('[F-input-base-url] baseUrl', () => {
  test.each([
    ['not a url', /^baseUrl: expected an absolute URL/],
    ['http://api.paperspace.com/v1', /^baseUrl: http:\/\/ is only allowed for loopback hosts/],
    ['http://10.0.0.1/v1', /^baseUrl: http:\/\/ is only allowed for loopback hosts/],
    ['ftp://127.0.0.1/v1', /^baseUrl: expected an https:\/\/ URL/],
    ['https://user:pass@api.paperspace.com/v1', /^baseUrl: must not contain credentials/],
    ['https://api.paperspace.com/v1?x=1', /^baseUrl: must not have a query string/]
  ])('%s is rejected', (value, message) => {
    const found = problems({ ...base, operation: 'list', baseUrl: value })
    expect(found).toHaveLength(1)
    expect(found[0]).toMatch(message)
  })

  test.each([
    ['http://127.0.0.1:4010/v1/', 'http://127.0.0.1:4010/v1'],
    ['http://localhost:4010/v1', 'http://localhost:4010/v1'],
    ['http://[::1]:4010/v1', 'http://[::1]:4010/v1'],
    ['https://api.paperspace.com/v1', 'https://api.paperspace.com/v1']
  ])('%s is accepted as %s', (value, normalized) => {
    expect(parse({ operation: 'list', baseUrl: value }).connection.baseUrl).toBe(normalized)
  })

  test('defaults to the public API', () => {
    expect(parse({ operation: 'list' }).connection.baseUrl).toBe('https://api.paperspace.com/v1')
  })
})

describe('tags', () => {
  test('comma- or newline-separated, trimmed, de-duplicated, empties dropped', () => {
    const settings = parse({ operation: 'create', tags: ' nightly, resnet50\n\nnightly ,, prod ' })
    expect(settings.operation === 'create' && settings.changes.tags).toEqual([
      'nightly',
      'resnet50',
      'prod'
    ])
  })

  test('a tag longer than 100 characters is rejected', () => {
    expect(problems({ ...base, operation: 'create', tags: `ok,${'x'.repeat(101)}` })[0]).toMatch(
      /^tags: each tag must be at most 100 characters/
    )
  })

  test('list passes tags as a filter', () => {
    expect(parse({ operation: 'list', tags: 'a,b' })).toMatchObject({ tags: ['a', 'b'] })
  })

  test('list refuses * and ? in tags: it matches them exactly, and patterns are for cleanup', () => {
    expect(problems({ ...base, operation: 'list', tags: 'nightly, prod*, ?' })).toEqual([
      'tags: list matches tags exactly; * and ? are wildcards only for cleanup; got "prod*"',
      'tags: list matches tags exactly; * and ? are wildcards only for cleanup; got "?"'
    ])
  })
})

describe('booleans and enums', () => {
  test.each(['yes', '1', 'on'])('commit %j is not a boolean', value => {
    expect(problems({ ...base, operation: 'create', commit: value })).toEqual([
      `commit: expected true or false; got ${JSON.stringify(value)}`
    ])
  })

  test('booleans are case-insensitive', () => {
    expect(parse({ operation: 'create', commit: 'TRUE', provenance: 'False' })).toMatchObject({
      commit: true,
      provenance: false
    })
  })

  test('order must be asc or desc', () => {
    expect(problems({ ...base, operation: 'list', order: 'newest' })).toEqual([
      'order: expected one of asc, desc; got "newest"'
    ])
  })

  test('after must look like a cursor', () => {
    expect(problems({ ...base, operation: 'list', after: 'two words' })[0]).toMatch(
      /^after: expected a cursor/
    )
  })
})

describe('per operation', () => {
  test('update with nothing to change is rejected', () => {
    expect(problems({ ...base, operation: 'update', version: 'abc1234' })).toEqual([
      'message, tags, metadata or commit: update needs at least one of them to change'
    ])
  })

  test('update with only commit is fine', () => {
    expect(parse({ operation: 'update', version: 'abc1234', commit: 'true' })).toMatchObject({
      commit: true,
      changes: {}
    })
  })

  test('inputs an operation does not use are reported as ignored', () => {
    expect(
      parse({ operation: 'get', version: 'abc1234', message: 'm', limit: '5', order: 'desc' })
        .ignored
    ).toEqual(['message', 'limit'])
  })

  test('every problem is reported at once, each naming its input', () => {
    expect(problems({ operation: 'get', datasetId: 'a/b', timeout: '0', baseUrl: 'nope' })).toEqual(
      [
        'apiKey: required; set the input or the PAPERSPACE_API_KEY environment variable',
        'baseUrl: expected an absolute URL such as https://api.paperspace.com/v1; got "nope"',
        'timeout: expected a whole number from 1 to 600 (seconds); got "0"',
        "datasetId: expected a plain ID (letters, digits, '-' or '_', starting with a letter or digit, at most 128); got \"a/b\"",
        'version: required for this operation'
      ]
    )
  })

  test('the settings are frozen', () => {
    expect(Object.isFrozen(parse({ operation: 'list' }))).toBe(true)
  })
})

describe('cleanup', () => {
  test('defaults: 24h, live, 100 at most, 4 at a time, nothing protected', () => {
    expect(parse({ operation: 'cleanup' })).toMatchObject({
      operation: 'cleanup',
      olderThan: '24h',
      dryRun: false,
      concurrency: 4,
      rules: { olderThanMs: 86_400_000, maxDeletions: 100, protectTags: [], onlyTags: [] }
    })
  })

  test('every cleanup input is read', () => {
    const settings = parse({
      operation: 'cleanup',
      olderThan: '3d',
      dryRun: 'true',
      maxDeletions: '7',
      concurrency: '16',
      protectTags: 'keep\nrelease-*',
      tags: 'nightly,exp-202?',
      keepLatest: '3'
    })
    expect(settings).toMatchObject({
      targets: { ids: ['dst364npcw6ccok'] },
      dryRun: true,
      concurrency: 16,
      rules: {
        olderThanMs: 3 * 86_400_000,
        maxDeletions: 7,
        protectTags: ['keep', 'release-*'],
        onlyTags: ['nightly', 'exp-202?'],
        keepLatest: 3
      }
    })
  })

  test('keepLatest defaults to 0', () => {
    expect(parse({ operation: 'cleanup' })).toMatchObject({ rules: { keepLatest: 0 } })
  })

  test.each(['-1', '1.5', 'three', '10001'])('keepLatest %j is refused', value => {
    expect(problems({ ...base, operation: 'cleanup', keepLatest: value })).toEqual([
      `keepLatest: expected a whole number from 0 to 10000; got ${JSON.stringify(value)}`
    ])
  })

  test.each([
    ['ds1,ds2', { ids: ['ds1', 'ds2'] }],
    ['ds1\nds2\nds1', { ids: ['ds1', 'ds2'] }],
    [' ds1 , ds2 ', { ids: ['ds1', 'ds2'] }],
    ['*', { all: true }]
  ])('cleanup datasetId %j names the datasets %j', (datasetId, targets) => {
    expect(parse({ operation: 'cleanup', datasetId })).toMatchObject({ targets })
  })

  test.each([
    ['ds1,,ds2', 'datasetId: the list has an empty entry; got "ds1,,ds2"'],
    ['ds1,', 'datasetId: the list has an empty entry; got "ds1,"'],
    ['*,ds1', 'datasetId: * (every dataset) cannot be combined with dataset IDs'],
    [
      'ds1,../x',
      `datasetId: expected plain IDs (letters, digits, '-' or '_', starting with a letter or digit, at most 128); got "../x"`
    ]
  ])('cleanup datasetId %j is refused', (datasetId, problem) => {
    expect(problems({ ...base, operation: 'cleanup', datasetId })).toEqual([problem])
  })

  test.each(['list', 'get', 'promote', 'resolve', 'wait', 'create'])(
    'datasetId * for %s says that * is for cleanup only',
    operation => {
      expect(
        problems({ ...base, operation, datasetId: '*', version: 'abc1234', tags: 'p' })
      ).toEqual([
        `datasetId: expected a plain ID (letters, digits, '-' or '_', starting with a letter or digit, at most 128); got "*"; several datasets or * (every dataset) are for operation cleanup only`
      ])
    }
  )

  test('a list of datasets is for cleanup only', () => {
    expect(problems({ ...base, operation: 'list', datasetId: 'ds1,ds2' })[0]).toMatch(
      /^datasetId: expected a plain ID/
    )
  })

  test.each(['^v1', 'a|b', '(x)', 'v[0-9]', 'x{2}', 'back\\slash'])(
    'a pattern %j that looks like a regular expression is refused',
    pattern => {
      expect(problems({ ...base, operation: 'cleanup', protectTags: pattern })[0]).toBe(
        `protectTags: patterns support only the wildcards * and ? (no regular expressions); got ${JSON.stringify(pattern)}`
      )
    }
  )

  test('the datasets operation needs no datasetId and reads limit', () => {
    expect(parse({ operation: 'datasets', datasetId: '', limit: '7' })).toMatchObject({
      operation: 'datasets',
      limit: 7
    })
  })

  // The runner passes action.yml's default (120) for an input left out: the two look the same.
  test.each(['', '120'])(
    'datasets with limit %j lists every dataset, up to 10000: 120 is what the runner passes for none',
    limit => {
      expect(parse({ operation: 'datasets', datasetId: '', limit })).toMatchObject({
        limit: 10_000
      })
    }
  )

  test('list keeps 120 when limit is left out', () => {
    expect(parse({ operation: 'list', limit: '' })).toMatchObject({ limit: 120 })
  })

  test('batches: a whole number from 1 to 256, read by datasets only', () => {
    expect(parse({ operation: 'datasets', batches: '256' })).toMatchObject({ batches: 256 })
    expect(parse({ operation: 'datasets' })).not.toHaveProperty('batches')
    for (const value of ['0', '257', 'four', '2.5']) {
      expect(problems({ ...base, operation: 'datasets', batches: value })).toEqual([
        `batches: expected a whole number from 1 to 256; got ${JSON.stringify(value)}`
      ])
    }
    expect(parse({ operation: 'list', batches: '4' }).ignored).toEqual(['batches'])
  })

  test.each(['1 day', '24', '0h', '1.5h', 'forever'])('olderThan %j is refused', value => {
    expect(problems({ ...base, operation: 'cleanup', olderThan: value })).toEqual([
      `olderThan: expected a whole number and a unit s, m, h, d or w, such as 24h or 7d (more than 0, at most 5200w); got ${JSON.stringify(value)}`
    ])
  })

  test.each([
    ['maxDeletions', '0', 'a whole number from 1 to 10000'],
    ['maxDeletions', '-1', 'a whole number from 1 to 10000'],
    ['maxDeletions', 'NaN', 'a whole number from 1 to 10000'],
    ['concurrency', '0', 'a whole number from 1 to 16'],
    ['concurrency', '17', 'a whole number from 1 to 16'],
    ['dryRun', 'maybe', 'true or false']
  ])('%s %j is refused', (name, value, expected) => {
    expect(problems({ ...base, operation: 'cleanup', [name]: value })).toEqual([
      `${name}: expected ${expected}; got ${JSON.stringify(value)}`
    ])
  })

  test('provenance must be a boolean too', () => {
    expect(problems({ ...base, operation: 'create', provenance: 'off' })).toEqual([
      'provenance: expected true or false; got "off"'
    ])
  })

  test('protectTags are held to the same rules as tags', () => {
    expect(problems({ ...base, operation: 'cleanup', protectTags: 'keep,\u0007bell' })[0]).toMatch(
      /^protectTags: each tag must be at most 100 characters without control characters; got "\\u0007bell"$/
    )
  })

  test('cleanup inputs given to another operation are reported as ignored', () => {
    expect(parse({ operation: 'list', dryRun: 'true', olderThan: '24h' }).ignored).toEqual([
      'dryRun'
    ])
  })
})

describe('promote, resolve and wait', () => {
  test('promote reads the version, the alias tags and commit (default false)', () => {
    expect(
      parse({ operation: 'promote', version: 'abc1234', tags: 'production,\ncandidate' })
    ).toMatchObject({
      operation: 'promote',
      version: 'abc1234',
      tags: ['production', 'candidate'],
      commit: false
    })
    expect(
      parse({ operation: 'promote', version: 'abc1234', tags: 'production', commit: 'true' })
    ).toMatchObject({ commit: true })
  })

  test('promote needs tags and a version, and says so together', () => {
    expect(problems({ ...base, operation: 'promote' })).toEqual([
      'tags: required for promote: the alias tags to move to the version, such as production',
      'version: required for this operation'
    ])
  })

  test('promote refuses tags that are only separators', () => {
    expect(problems({ ...base, operation: 'promote', version: 'abc1234', tags: ', ,' })).toEqual([
      'tags: promote needs at least one tag; got only separators'
    ])
  })

  test('promote holds tags and commit to their usual rules', () => {
    expect(
      problems({
        ...base,
        operation: 'promote',
        version: 'abc1234',
        tags: 'production,\u0007',
        commit: 'yes'
      })
    ).toEqual([
      'tags: each tag must be at most 100 characters without control characters; got "\\u0007"',
      'commit: expected true or false; got "yes"'
    ])
  })

  test('resolve takes optional tags', () => {
    expect(parse({ operation: 'resolve' })).toMatchObject({ operation: 'resolve', tags: [] })
    expect(parse({ operation: 'resolve', tags: 'production, gpu' })).toMatchObject({
      tags: ['production', 'gpu']
    })
  })

  test('resolve ignores a version, which it would not use', () => {
    expect(parse({ operation: 'resolve', version: 'abc1234' }).ignored).toEqual(['version'])
  })

  test('wait defaults to 15 minutes and needs a version', () => {
    expect(parse({ operation: 'wait', version: 'abc1234' })).toMatchObject({
      operation: 'wait',
      version: 'abc1234',
      waitTimeout: '15m',
      waitTimeoutMs: 900_000
    })
    expect(problems({ ...base, operation: 'wait' })).toEqual([
      'version: required for this operation'
    ])
  })

  test.each([
    ['5s', 5000],
    ['90m', 5_400_000],
    ['6h', 21_600_000]
  ])('waitTimeout %j is %i ms', (value, ms) => {
    expect(parse({ operation: 'wait', version: 'abc1234', waitTimeout: value })).toMatchObject({
      waitTimeoutMs: ms
    })
  })

  test.each(['7h', '1d', '361m', '0s', '15', '15 m', '1.5h', 'soon'])(
    'waitTimeout %j is refused',
    value => {
      expect(
        problems({ ...base, operation: 'wait', version: 'abc1234', waitTimeout: value })
      ).toEqual([
        `waitTimeout: expected a whole number and a unit s, m or h, such as 15m or 2h (more than 0, at most 6h); got ${JSON.stringify(value)}`
      ])
    }
  )

  test.each(['promote', 'resolve'])(
    '%s refuses * and ? in tags: they are exact there',
    operation => {
      expect(
        problems({ ...base, operation, version: 'abc1234', tags: 'production, exp-202?, rel-*' })
      ).toEqual([
        `tags: ${operation} matches tags exactly; * and ? are wildcards only for cleanup; got "exp-202?"`,
        `tags: ${operation} matches tags exactly; * and ? are wildcards only for cleanup; got "rel-*"`
      ])
    }
  )

  test('inputs of the other new operations given to one are reported as ignored, not validated', () => {
    expect(
      parse({
        operation: 'resolve',
        keepLatest: 'three',
        waitTimeout: '99h',
        idempotencyKey: 'k',
        version: 'abc1234',
        commit: 'true'
      }).ignored
    ).toEqual(['version', 'commit', 'idempotencyKey', 'keepLatest', 'waitTimeout'])
    expect(parse({ operation: 'datasets', datasetId: 'ds1', keepLatest: '2' }).ignored).toEqual([
      'datasetId',
      'keepLatest'
    ])
    // The defaults given explicitly are not worth a warning.
    expect(parse({ operation: 'wait', version: 'abc1234', keepLatest: '0' }).ignored).toEqual([])
  })

  test('idempotencyKey: at most 256 characters, no control characters', () => {
    expect(parse({ operation: 'create', idempotencyKey: 'k'.repeat(256) })).toMatchObject({
      idempotencyKey: 'k'.repeat(256)
    })
    expect(problems({ ...base, operation: 'create', idempotencyKey: 'k'.repeat(257) })).toEqual([
      'idempotencyKey: expected at most 256 characters without control characters (such as ${{ github.run_id }}-model); got 257 characters'
    ])
    expect(problems({ ...base, operation: 'create', idempotencyKey: 'run\n1' })).toEqual([
      'idempotencyKey: expected at most 256 characters without control characters (such as ${{ github.run_id }}-model); got 5 characters'
    ])
  })

  test('waitTimeout given to another operation is reported as ignored', () => {
    expect(parse({ operation: 'get', version: 'abc1234', waitTimeout: '5m' }).ignored).toEqual([
      'waitTimeout'
    ])
  })
})
