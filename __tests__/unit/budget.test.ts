import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { fitSummary, moreLine, type Cuttable, type Part } from '../../src/report/budget.ts'
import { renderMarkdown } from '../helpers/markdown.ts'

const rows = (count: number, width = 10) =>
  Array.from({ length: count }, (_, i) => `| ${String(i).padStart(width, '0')} |`)

const tableOf = (lines: string[], hidden = 0): Cuttable => ({
  head: ['| n |', '| --- |'],
  lines,
  foot: ['| total |'],
  hidden,
  cut: left => moreLine(left, 'rows')
})

describe('a summary under its byte budget', () => {
  test('lines are kept in order while they fit; the cut counts the rest, the capped ones too', () => {
    const text = fitSummary(['# t', tableOf(rows(100), 10), 'end'], 400)
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(400)
    const kept = text.split('\n').filter(line => /^\| \d+ \|$/.test(line))
    expect(kept).toEqual(rows(100).slice(0, kept.length))
    expect(kept.length).toBeGreaterThan(5)
    expect(text).toContain(
      `| total |\n\n…and ${100 + 10 - kept.length} more rows, in the result file (the \`resultFile\` output).\nend`
    )
    // The blank line keeps the cut out of the table.
    expect(renderMarkdown(text)).toMatch(/<\/table>\n<p>…and \d+ more rows/)
  })

  test('when no line fits, the head and foot go too and only the cut is left', () => {
    expect(fitSummary(['# t', tableOf([`| ${'x'.repeat(500)} |`])], 200)).toBe(
      '# t\n…and 1 more rows, in the result file (the `resultFile` output).'
    )
  })

  test('earlier parts are served first; a part with nothing to cut adds nothing', () => {
    const empty: Cuttable = { lines: [], cut: () => 'never' }
    const text = fitSummary([tableOf(rows(50)), empty, tableOf(rows(50))], 600)
    // The first table takes what the budget leaves; the second is only its cut line.
    expect(text.match(/\| n \|/g)).toHaveLength(1)
    expect(
      text.endsWith('\n…and 50 more rows, in the result file (the `resultFile` output).')
    ).toBe(true)
    expect(text.match(/…and/g)).toHaveLength(2)
    expect(text).not.toContain('never')
  })

  test('blocks kept apart have a blank line between them', () => {
    const part: Cuttable = { lines: ['a', 'b'], apart: true, cut: () => 'cut' }
    expect(fitSummary([part])).toBe('a\n\nb')
  })

  test('fixed text past the budget is cut too, with a line that says so', () => {
    const text = fitSummary(['# t', 'x'.repeat(300), 'y'], 200)
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(200)
    expect(text).toBe(
      '# t\n\n…the rest of this summary was left out; the whole result is in the result file (the `resultFile` output).\n'
    )
  })

  test('whatever the parts, the summary is within its budget', () => {
    const line = fc.string({ unit: 'grapheme', maxLength: 60 }).map(s => s.replace(/\n/g, ' '))
    const part: fc.Arbitrary<Part> = fc.oneof(
      line,
      fc
        .record({
          lines: fc.array(line, { maxLength: 40 }),
          hidden: fc.nat(1000),
          apart: fc.boolean()
        })
        .map(c => ({ ...c, cut: (left: number) => moreLine(left, 'lines') }))
    )
    // The closing line of a cut is the least a summary can be.
    const least = Buffer.byteLength(fitSummary(['x'.repeat(100)], 10))
    fc.assert(
      fc.property(
        fc.array(part, { maxLength: 8 }),
        fc.integer({ min: 0, max: 4000 }),
        (parts, budget) => {
          expect(Buffer.byteLength(fitSummary(parts, budget))).toBeLessThanOrEqual(
            Math.max(budget, least)
          )
        }
      )
    )
  })
})
