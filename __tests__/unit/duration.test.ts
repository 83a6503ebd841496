import { describe, expect, test } from '@jest/globals'
import { parseDuration } from '../../src/interface/duration.ts'

describe('parseDuration', () => {
  test.each([
    ['30s', 30_000],
    ['15m', 900_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
    ['2w', 1_209_600_000],
    ['5200w', 5200 * 604_800_000]
  ])('%s is %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  test.each([
    '',
    '24',
    'h',
    '0h',
    '0s',
    '1.5h',
    '-1d',
    '1 d',
    '1day',
    '1D',
    '1h30m',
    '5201w',
    ' 1h',
    '99999999s'
  ])('%j is refused', text => {
    expect(parseDuration(text)).toBeUndefined()
  })
})
