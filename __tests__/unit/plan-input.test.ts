import { describe, expect, test } from '@jest/globals'
import { parseInputs } from '../../src/interface/inputs.ts'
import type { InputName } from '../../src/interface/names.ts'
import type { CleanupSettings } from '../../src/interface/settings.ts'
import { InputError } from '../../src/shared/errors.ts'
import { reader } from '../helpers/inputs.ts'
import { PLAN_NOW, planFiles, planJson, plannedVersion } from '../helpers/plans.ts'

const HOUR = 3_600_000
const PATH = 'plan/dataset-plan.json'

type Values = Partial<Record<InputName, string>>

/** Parses a cleanup with `plan` pointing at `file` (JSON value or raw text), as the action would. */
function parse(values: Values, file: unknown = planJson(), nowMs = PLAN_NOW): CleanupSettings {
  const text = typeof file === 'string' ? file : JSON.stringify(file)
  const read = reader({ operation: 'cleanup', apiKey: 'key-123', plan: PATH, ...values })
  return parseInputs(read, 'key-123', planFiles({ [PATH]: text }, nowMs)) as CleanupSettings
}

function problems(values: Values, file?: unknown, nowMs?: number): string[] {
  try {
    parse(values, file, nowMs)
  } catch (error) {
    if (error instanceof InputError) return [...error.problems]
    throw error
  }
  throw new Error('expected the inputs to be rejected')
}

describe('a plan to apply', () => {
  test('is read with its datasets, versions and settings; without datasetId the plan names the datasets', () => {
    const file = planJson([plannedVersion('v1', 'dsalpha'), plannedVersion('v2', 'dsbeta')])
    const settings = parse({}, file)
    expect(settings.plan).toEqual({ path: PATH, file })
    expect(settings.targets).toEqual({ ids: ['dsalpha', 'dsbeta'] })
    expect(settings.dryRun).toBe(false)
  })

  test("a plan of every dataset (*) covers every dataset, as the dry run's did", () => {
    const file = planJson([plannedVersion('v1')], { settings: { ...settingsOf(), datasetId: '*' } })
    expect(parse({}, file).targets).toEqual({ all: true })
  })

  test('datasetId naming every dataset of the plan is kept as given', () => {
    const settings = parse({ datasetId: 'dsalpha, dsgamma' })
    expect(settings.targets).toEqual({ ids: ['dsalpha', 'dsgamma'] })
  })

  test('inputs at their defaults, as the runner fills them in, are not a contradiction', () => {
    const settings = parse({ olderThan: '24h', keepLatest: '0', dryRun: 'false', tags: '' })
    expect(settings.plan).toBeDefined()
  })

  test('protectTags, concurrency and planMaxAge may be set with a plan', () => {
    const settings = parse({ protectTags: 'hold-*', concurrency: '2', planMaxAge: '3d' })
    expect(settings.rules.protectTags).toEqual(['hold-*'])
    expect(settings.planMaxAgeMs).toBe(72 * HOUR)
  })

  test('a plan exactly planMaxAge old is still applied', () => {
    expect(parse({ planMaxAge: '5h' }, planJson(undefined, {}, 5)).plan).toBeDefined()
  })
})

describe('a plan is refused before any request', () => {
  test('[F-plan-stale] when it is older than planMaxAge, naming both', () => {
    expect(problems({}, planJson(undefined, {}, 25))).toEqual([
      'plan: made 1d 1h ago (2026-05-31T11:00:00.000Z), older than planMaxAge (24h); make a new plan, or raise planMaxAge'
    ])
  })

  test('[F-plan-stale] when it was made in the future, beyond a few minutes of clock skew', () => {
    expect(problems({}, planJson(undefined, {}, -1))).toEqual([
      'plan: made at 2026-06-01T13:00:00.000Z, 1h from now; a plan cannot come from the future, make a new one'
    ])
    expect(parse({}, planJson(undefined, {}, -0.05)).plan).toBeDefined()
  })

  test('[F-plan-invalid] when it is not JSON', () => {
    expect(problems({}, '{"format": "paperspace-dataset-versions/cleanup-plan", ')).toEqual([
      expect.stringMatching(
        /^plan: "plan\/dataset-plan.json" is not a plan file: not valid JSON \(.+\)$/
      )
    ])
  })

  test.each([
    ['another format', { ...planJson(), format: 'terraform-plan' }],
    ['no format', { versions: [] }],
    ['an array', [planJson()]],
    ['null', null]
  ])('[F-plan-invalid] when it is JSON of %s', (_what, file) => {
    expect(problems({}, JSON.stringify(file))).toEqual([
      'plan: "plan/dataset-plan.json" is not a plan file: its format is not paperspace-dataset-versions/cleanup-plan'
    ])
  })

  test.each([
    [2, '2'],
    ['1', '"1"'],
    [undefined, '(none)']
  ])(
    '[F-plan-invalid] when its format version is %p, which this action does not know',
    (version, shown) => {
      expect(problems({}, { ...planJson(), version })).toEqual([
        `plan: "plan/dataset-plan.json" is a plan of format version ${shown}, which this version of the action does not know (it reads version 1); make and apply plans with the same version of the action`
      ])
    }
  )

  test.each([
    ['createdAt', { createdAt: 'yesterday' }, '$.createdAt is not a date-time'],
    ['settings', { settings: [] }, '$.settings is not an object'],
    ['versions', { versions: {} }, '$.versions is not an array'],
    [
      'a version ID',
      { versions: [plannedVersion('v1'), plannedVersion('../v2')] },
      '$.versions[1].version is not a plain ID'
    ],
    [
      "a version's dtModified",
      { versions: [plannedVersion('v1', 'dsalpha', 100, { dtModified: 12 })] },
      '$.versions[0].dtModified is not a string'
    ],
    [
      "a version's tags",
      { versions: [plannedVersion('v1', 'dsalpha', 100, { tags: 'keep' })] },
      '$.versions[0].tags is not an array of strings'
    ],
    [
      "a version's rule",
      { versions: [plannedVersion('v1', 'dsalpha', 100, { rule: 'everything' })] },
      '$.versions[0].rule is not "olderThan"'
    ],
    [
      'the versions, one listed twice',
      { versions: [plannedVersion('v1'), plannedVersion('v1')] },
      '$.versions[1] is not dsalpha:v1 once (it is twice)'
    ],
    [
      "the settings' protectTags",
      { settings: { ...settingsOf(), protectTags: null } },
      '$.settings.protectTags is not an array of strings'
    ],
    [
      "the settings' datasetId",
      { settings: { ...settingsOf(), datasetId: 'dsalpha;rm' } },
      '$.settings.datasetId is not IDs or *'
    ]
  ])('[F-plan-invalid] when %s is damaged, naming the field', (_what, overrides, why) => {
    expect(problems({}, { ...planJson(), ...overrides })).toEqual([
      `plan: "plan/dataset-plan.json" is damaged: ${why}`
    ])
  })

  test('[F-plan-invalid] when it holds a version of a dataset its own settings do not name (an edited plan)', () => {
    const file = planJson([plannedVersion('v1'), plannedVersion('v2', 'dsother')], {
      settings: settingsOf()
    })
    expect(problems({}, file)).toEqual([
      'plan: "plan/dataset-plan.json" is damaged: it holds a version of dataset dsother, which its settings.datasetId does not name'
    ])
  })

  test('[F-plan-invalid] when the file cannot be read', () => {
    const read = reader({ operation: 'cleanup', apiKey: 'k', plan: 'missing.json' })
    expect(() => parseInputs(read, 'k', planFiles({}))).toThrow(
      `plan: could not read "missing.json": ENOENT: no such file, open 'missing.json'`
    )
  })

  test('[F-plan-other-dataset] when datasetId names other datasets than the plan holds', () => {
    const file = planJson([plannedVersion('v1', 'dsalpha'), plannedVersion('v2', 'dsbeta')])
    expect(problems({ datasetId: 'dsalpha' }, file)).toEqual([
      'datasetId: the plan holds versions of datasets it does not name: dsbeta; name every dataset of the plan, or leave datasetId out to apply the plan as it was made'
    ])
    expect(parse({ datasetId: '*' }, file).targets).toEqual({ all: true })
  })

  test('[F-plan-too-long] when it holds more versions than maxDeletions', () => {
    const file = planJson(['v1', 'v2', 'v3'].map(v => plannedVersion(v)))
    expect(problems({ maxDeletions: '2' }, file)).toEqual([
      'maxDeletions: the plan holds 3 versions, more than maxDeletions (2); set maxDeletions to at least 3 to apply it'
    ])
    expect(parse({ maxDeletions: '3' }, file).plan?.file.versions).toHaveLength(3)
  })

  test.each([
    ['olderThan', '3d'],
    ['keepLatest', '5'],
    ['tags', 'nightly']
  ])(
    '[F-plan-contradicting] when %s, which shapes a plan, is set to anything but its default',
    (name, value) => {
      expect(problems({ [name]: value })).toEqual([
        `${name}: chooses which versions a plan holds, and plan applies a plan as it was made; leave ${name} out with plan (to change it, make a new plan)`
      ])
    }
  )

  test('[F-plan-contradicting] when dryRun is true: the dry run that made the plan was its preview', () => {
    expect(problems({ dryRun: 'true' })).toEqual([
      'dryRun: the dry run that made the plan was its preview, and plan applies it; leave dryRun out with plan'
    ])
  })

  test('with every other problem of the step, all at once', () => {
    const values = { keepLatest: '3', planMaxAge: '1 day', maxDeletions: '1' }
    expect(problems(values, planJson(undefined, {}, 30))).toEqual([
      expect.stringMatching(/^planMaxAge: expected a whole number and a unit/),
      expect.stringMatching(/^keepLatest: chooses which versions a plan holds/),
      expect.stringMatching(/^maxDeletions: the plan holds 2 versions/)
    ])
  })
})

describe('without a plan', () => {
  test('datasetId is still required, and planMaxAge is read all the same', () => {
    const read = reader({ operation: 'cleanup', apiKey: 'k', planMaxAge: '2h' })
    expect(() => parseInputs(read, 'k')).toThrow('datasetId: required for this operation')
    const settings = parseInputs(
      reader({ operation: 'cleanup', apiKey: 'k', datasetId: 'dsalpha' }),
      'k'
    ) as CleanupSettings
    expect(settings).toMatchObject({ planMaxAge: '24h', planMaxAgeMs: 24 * HOUR })
    expect(settings.plan).toBeUndefined()
  })
})

function settingsOf(): Record<string, unknown> {
  return planJson().settings as Record<string, unknown>
}
