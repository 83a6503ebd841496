import { describe, expect, test } from '@jest/globals'
import {
  checkTemplate,
  condition,
  interpolate,
  type Contexts
} from '../../scripts/workflow/expressions.ts'

const contexts: Contexts = {
  env: { KEY: 'k1', EMPTY: '' },
  steps: {
    list: {
      outputs: {
        count: '2',
        versions: JSON.stringify([{ version: 'abc1234', tags: ['e2e'] }, { version: 'def5678' }]),
        json: JSON.stringify({ hasMore: false, nextPage: null })
      }
    }
  }
}

describe('the expressions of the local workflow runner', () => {
  test('reads step outputs and env', () => {
    expect(interpolate('n=${{ steps.list.outputs.count }} k=${{ env.KEY }}', contexts)).toBe(
      'n=2 k=k1'
    )
  })

  test('fromJSON with property and index access, as GitHub renders the values', () => {
    expect(interpolate('${{ fromJSON(steps.list.outputs.versions)[1].version }}', contexts)).toBe(
      'def5678'
    )
    expect(interpolate('${{ fromJSON(steps.list.outputs.versions)[0].tags[0] }}', contexts)).toBe(
      'e2e'
    )
    expect(interpolate('${{ fromJSON(steps.list.outputs.json).hasMore }}', contexts)).toBe('false')
    expect(interpolate('[${{ fromJSON(steps.list.outputs.json).nextPage }}]', contexts)).toBe('[]')
    expect(interpolate("${{ fromJSON(steps.list.outputs.json)['hasMore'] }}", contexts)).toBe(
      'false'
    )
  })

  test('conditions: negation, comparison, and an unset env value', () => {
    expect(condition('${{ !env.LOCAL_RUN }}', contexts)).toBe(true)
    expect(condition('!env.KEY', contexts)).toBe(false)
    expect(condition("${{ steps.list.outputs.count == '2' && env.KEY != 'x' }}", contexts)).toBe(
      true
    )
    expect(condition('${{ fromJSON(steps.list.outputs.count) == 3 }}', contexts)).toBe(false)
  })

  test('a step that has not run yet is an error, not an empty string', () => {
    expect(() => interpolate('${{ steps.later.outputs.version }}', contexts)).toThrow(
      /no earlier step has id "later"/
    )
  })

  test.each([
    ['${{ github.sha }}', /unsupported context "github"/],
    ["${{ hashFiles('**/package-lock.json') }}", /unsupported function hashFiles/],
    ['${{ steps.list.outputs.count > 1 }}', /unsupported syntax/],
    ['${{ steps.*.outputs }}', /unsupported syntax/],
    ['${{ steps.list.outputs. }}', /expected a property name/]
  ])('refuses what it does not understand: %s', (text, message) => {
    expect(() => checkTemplate(text)).toThrow(message)
  })
})
