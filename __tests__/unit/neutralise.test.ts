import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { neutralise } from '../../src/shared/neutralise.ts'

/** What the runner would take for a command: a `::` line start after blanks, or `##[` anywhere. */
const startsCommand = (line: string) => line.trimStart().startsWith('::') || line.includes('##[')

describe('neutralise: API text printed as one line that cannot start a workflow command', () => {
  test('line breaks become visible escapes, so planted commands stay inside one line', () => {
    expect(neutralise('tag\n::error::x\r\n::add-mask::y\r::stop-commands::z')).toBe(
      'tag\\n::error::x\\r\\n::add-mask::y\\r::stop-commands::z'
    )
  })

  test('a leading :: is defused, after blanks too', () => {
    expect(neutralise('::set-output name=a::b')).toBe('\\::set-output name=a::b')
    expect(neutralise('  \t::warning::w')).toBe('  \t\\::warning::w')
    expect(neutralise('a ::b')).toBe('a ::b')
  })

  test('the older ##[ form is defused anywhere in the line', () => {
    expect(neutralise('x ##[error]y ##[warning]z')).toBe('x ##\\[error]y ##\\[warning]z')
  })

  test('other control characters and Unicode line separators are escaped; text is kept', () => {
    expect(neutralise('a\u0000b\u001b[31mc\u0085d\u2028e\u2029f\tg')).toBe(
      'a\\u0000b\\u001b[31mc\\u0085d\\u2028e\\u2029f\tg'
    )
    expect(neutralise('Listed 3 versions of dsx: ok — done')).toBe(
      'Listed 3 versions of dsx: ok — done'
    )
  })

  test('C1 controls, bidirectional controls and lone surrogates are escaped; a pair is kept', () => {
    expect(neutralise('a\u009bb\u202ec\u2066d\ud800e\u{1F600}')).toBe(
      'a\\u009bb\\u202ec\\u2066d\\ud800e\u{1F600}'
    )
  })

  test('[F-log-injection] whatever the text, the result is one line the runner does not act on', () => {
    const pieces = fc.constantFrom('::', '##[', '\n', '\r', ' ', '\u2028', 'error::', 'a', '\u0085')
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 20 }), parts => {
        const line = neutralise(parts.join(''))
        expect(line.split(/\r|\n/)).toHaveLength(1)
        expect(startsCommand(line)).toBe(false)
      })
    )
  })
})
