import { describe, expect, test } from '@jest/globals'
import {
  checkCondition,
  checkTemplate,
  condition,
  evaluate,
  interpolate,
  type Contexts
} from '../../scripts/workflow/evaluate.ts'

const contexts: Contexts = {
  env: { KEY: 'k1', EMPTY: '', LOCAL_RUN: 'true' },
  steps: {
    list: {
      outputs: {
        count: '2',
        versions: JSON.stringify([{ version: 'abc1234', tags: ['e2e'] }, { version: 'def5678' }]),
        json: JSON.stringify({ hasMore: false, nextPage: null, metadata: { suite: 'e2e' } })
      },
      outcome: 'success',
      conclusion: 'success'
    }
  },
  needs: { datasets: { outputs: { ids: '["ds1","ds2"]' } } },
  matrix: { datasetId: 'ds2', ids: ['ds1', 'ds2'] }
}

describe('expressions, evaluated by GitHub’s evaluator for the local runner', () => {
  test('reads step outputs and env, with the text around them kept', () => {
    expect(interpolate('n=${{ steps.list.outputs.count }} k=${{ env.KEY }}.', contexts)).toBe(
      'n=2 k=k1.'
    )
    expect(interpolate('no expression here', contexts)).toBe('no expression here')
  })

  test('fromJSON with property and index access, and values rendered as GitHub renders them', () => {
    const value = (expression: string) => interpolate(`\${{ ${expression} }}`, contexts)
    expect(value('fromJSON(steps.list.outputs.versions)[1].version')).toBe('def5678')
    expect(value('fromJSON(steps.list.outputs.versions)[0].tags[0]')).toBe('e2e')
    expect(value("fromJSON(steps.list.outputs.json)['hasMore']")).toBe('false')
    expect(value('fromJSON(steps.list.outputs.json).nextPage')).toBe('')
    expect(value('fromJSON(steps.list.outputs.count)')).toBe('2')
    expect(value('fromJSON(steps.list.outputs.versions)[5].version')).toBe('')
  })

  test('toJSON (as docs/usage.md uses it), format and contains', () => {
    expect(
      interpolate(
        `{"stage": "release", "github": \${{ toJSON(fromJSON(steps.list.outputs.json).metadata) }}}`,
        contexts
      )
    ).toBe('{"stage": "release", "github": {\n  "suite": "e2e"\n}}')
    expect(
      interpolate("${{ format('{0}-{1}', env.KEY, steps.list.outputs.count) }}", contexts)
    ).toBe('k1-2')
    expect(
      interpolate("${{ contains(fromJSON(steps.list.outputs.versions)[0].tags, 'E2E') }}", contexts)
    ).toBe('true')
    expect(interpolate("${{ contains(env.KEY, 'x') }}", contexts)).toBe('false')
  })

  test('comparisons and || defaults follow GitHub’s coercions', () => {
    const holds = (expression: string) => condition(expression, contexts, { failed: false })
    expect(holds("steps.list.outputs.count == '2' && env.KEY != 'x'")).toBe(true)
    expect(holds("env.KEY == 'K1'")).toBe(true) // strings compare ignoring case
    expect(holds('steps.list.outputs.count > 1')).toBe(true) // '2' compares as a number
    expect(holds('fromJSON(steps.list.outputs.count) >= 3')).toBe(false)
    expect(interpolate("${{ env.MISSING || 'default' }}", contexts)).toBe('default')
    expect(interpolate("${{ env.EMPTY || 'default' }}", contexts)).toBe('default')
    expect(interpolate("${{ env.KEY || 'default' }}", contexts)).toBe('k1')
  })

  test('matrix and needs, as the README’s fan-out wires them', () => {
    expect(evaluate('${{ fromJSON(needs.datasets.outputs.ids) }}', contexts)).toEqual([
      'ds1',
      'ds2'
    ])
    expect(evaluate('${{ matrix.ids }}', contexts)).toEqual(['ds1', 'ds2'])
    expect(interpolate('dataset-cleanup-${{ matrix.datasetId }}', contexts)).toBe(
      'dataset-cleanup-ds2'
    )
    expect(condition("needs.datasets.outputs.ids != '[]'", contexts, { failed: false })).toBe(true)
  })

  test('!env.LOCAL_RUN holds on GitHub, where it is unset, and not in a local run', () => {
    const github = { ...contexts, env: { KEY: 'k1' } }
    expect(condition('${{ !env.LOCAL_RUN }}', github, { failed: false })).toBe(true)
    expect(condition('${{ !env.LOCAL_RUN }}', contexts, { failed: false })).toBe(false)
  })

  test('}} inside a quoted string does not end an expression', () => {
    expect(interpolate("a${{ format('{0}}}', env.KEY) }}b", contexts)).toBe('ak1}b')
  })

  test('an object or array where text is wanted is refused, not rendered', () => {
    expect(() => interpolate('${{ fromJSON(steps.list.outputs.versions) }}', contexts)).toThrow(
      'gives an array, not text (toJSON() makes text)'
    )
  })

  test('an expression that fails while evaluating says which', () => {
    expect(() =>
      interpolate(
        '${{ fromJSON(steps.list.outputs.versions)[0].version }} ${{ fromJSON(env.KEY) }}',
        contexts
      )
    ).toThrow('${{ fromJSON(env.KEY) }}: Error parsing JSON when evaluating fromJson')
  })
})

describe('status functions in if:, as GitHub defines them', () => {
  test.each([
    // [if:, runs while the job succeeds, runs after a step failed]
    ['', true, false],
    ['success()', true, false],
    ['failure()', false, true],
    ['always()', true, true],
    ['cancelled()', false, false],
    ["env.KEY == 'k1'", true, false], // no status function: success() && (...)
    ["${{ always() && env.KEY == 'k1' }}", true, true],
    ["failure() && steps.list.outcome == 'success'", false, true],
    ['${{ !cancelled() }}', true, true]
  ])('if: %s', (text, whileSucceeding, afterFailure) => {
    expect(condition(text, contexts, { failed: false })).toBe(whileSucceeding)
    expect(condition(text, contexts, { failed: true })).toBe(afterFailure)
  })

  test('a condition the implicit success() rules out is not evaluated', () => {
    expect(condition('fromJSON(env.KEY)', contexts, { failed: true })).toBe(false)
    expect(() => condition('fromJSON(env.KEY)', contexts, { failed: false })).toThrow(
      /Error parsing JSON/
    )
  })
})

describe('refusals, naming what a local run cannot give as GitHub would', () => {
  const local = { env: [], steps: ['node'], runner: ['name'] }

  test.each([
    ['${{ github.sha }}', 'no github context here (the contexts here: env, steps, runner)'],
    ['${{ secrets.PAPERSPACE_API_KEY }}', 'no secrets context here'],
    ["${{ hashFiles('**/package-lock.json') }}", 'hashFiles() is not available in a local run'],
    ['${{ success() }}', 'success() is only for if:'],
    ['${{ steps.node.outputs.node-version }}', 'steps.node is not known locally'],
    ["${{ steps['NODE'].outcome }}", 'steps.node is not known locally'],
    ['${{ toJSON(steps) }}', 'steps is read whole or by a computed key'],
    ['${{ steps[env.ID].outcome }}', 'steps is read whole or by a computed key'],
    ['${{ runner.name }}', 'runner.name is not known locally'],
    ["${{ 'it''s Bob''s' }}", "more than one '', which this evaluator misreads"],
    // What GitHub itself rejects fails with the library's own message.
    ['${{ nosuchcontext.x }}', "Unrecognized named-value: 'nosuchcontext'"],
    ['${{ nosuchfunction(1) }}', "Unrecognized function: 'nosuchfunction'"],
    ['${{ env.A, env.B }}', "Unexpected symbol: ','"],
    ['${{ }}', 'An expression was expected'],
    ['x ${{ env.A', 'an expression is not closed']
  ])('%s', (text, message) => {
    expect(() => checkTemplate(text, local)).toThrow(message)
  })

  test('what a local run gives is let through', () => {
    expect(() =>
      checkTemplate("${{ steps.build.outputs.x }} ${{ runner.temp }} ${{ env['A'] }}", local)
    ).not.toThrow()
    expect(() =>
      checkCondition("failure() && steps.build.outcome == 'failure'", local)
    ).not.toThrow()
  })

  test('evaluating refuses a context it was not given instead of reading null', () => {
    expect(() => interpolate('${{ inputs.name }}', contexts)).toThrow(
      '${{ inputs.name }}: no inputs context here (the contexts here: env, steps, needs, matrix)'
    )
    expect(() => interpolate('${{ always() }}', contexts)).toThrow('always() is only for if:')
  })
})
