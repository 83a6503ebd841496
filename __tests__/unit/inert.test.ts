import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { inert, inertBlock, inertCell, inertHtml, inertList } from '../../src/report/inert.ts'
import { linkTargets, renderMarkdown, visibleText } from '../helpers/markdown.ts'

/** The cells of the one body row of a rendered two-row table. */
function renderedCells(cells: readonly string[]): string[] {
  const markdown = [
    `| ${cells.map(() => 'h').join(' | ')} |`,
    `| ${cells.map(() => '---').join(' | ')} |`,
    `| ${cells.join(' | ')} |`
  ].join('\n')
  const body = /<tbody>([\s\S]*)<\/tbody>/.exec(renderMarkdown(markdown))?.[1] ?? ''
  return [...body.matchAll(/<td>(.*?)<\/td>/g)].map(([, cell]) => cell!)
}

/** Pieces GitHub would turn into links or markup, or that could end a span or a cell. */
const LIVE = [
  'https://evil.example/login',
  'http://evil.example',
  'www.evil.example',
  'victim@evil.example',
  '<a href="https://evil.example">x</a>',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '[click](https://evil.example)',
  '![img](https://evil.example/i.png)',
  '**bold**',
  '_under_',
  '~~gone~~',
  '&amp;',
  '&#x41;',
  '`',
  '``',
  '|',
  '\\',
  '\\|',
  '#',
  '> ',
  '- ',
  'a',
  ' '
]

/** Text made of those pieces, and what a reader must see of it: the same, blanks collapsed. */
const liveText = fc
  .array(fc.constantFrom(...LIVE), { minLength: 1, maxLength: 12 })
  .map(pieces => pieces.join(''))
  .map(text => ({ text, shown: text.replace(/ +/g, ' ').trim() }))
  .filter(({ shown }) => shown !== '')

describe('API text in the summary is inert: shown as typed, never a link or markup', () => {
  test('a bare URL, www. address or e-mail address is not made a link', () => {
    for (const text of ['https://evil.example/x', 'www.evil.example', 'victim@evil.example']) {
      const html = renderMarkdown(`Tag: ${inert(text)}`)
      expect(linkTargets(html)).toEqual([])
      expect(html).toContain(`<code>${text}</code>`)
    }
  })

  test('raw HTML, emphasis, links and entities are shown as the characters they are', () => {
    const text = '<b>x</b> **y** [z](https://evil.example) &amp;'
    const html = renderMarkdown(inert(text))
    expect(html).not.toContain('<b>')
    expect(html).not.toContain('<strong>')
    expect(linkTargets(html)).toEqual([])
    expect(visibleText(html).trim()).toBe(text)
  })

  test('backticks inside get a longer fence; a leading or trailing one is kept', () => {
    expect(inert('a `b` c')).toBe('``a `b` c``')
    expect(inert('a ``` b')).toBe('````a ``` b````')
    expect(inert('`x`')).toBe('`` `x` ``')
    expect(visibleText(renderMarkdown(inert('`x`'))).trim()).toBe('`x`')
  })

  test('in a table cell, | is escaped so the row keeps its cells and the span shows it', () => {
    expect(inertCell('a|b')).toBe('`a\\|b`')
    const cells = renderedCells([inertCell('a|b'), inertCell('c\\|d'), inertCell('|')])
    expect(cells).toEqual(['<code>a|b</code>', '<code>c\\|d</code>', '<code>|</code>'])
  })

  test('one line: line breaks and runs of blanks become one space', () => {
    expect(inert('a\n\n::error::b\r\n\tc  d\u2028e')).toBe('`a ::error::b c d e`')
  })

  test('control characters are shown as visible escapes, not passed on raw', () => {
    const text = 'a\u0000b\u001b[31mc\u007fd\u0085e\u202ef\u2066g\ud800h'
    expect(inert(text)).toBe('`a\\u0000b\\u001b[31mc\\u007fd\\u0085e\\u202ef\\u2066g\\ud800h`')
  })

  test('long text is cut, never through a surrogate pair', () => {
    expect(inert('x'.repeat(100), 10)).toBe(`\`${'x'.repeat(10)}…\``)
    expect(inert(`${'x'.repeat(9)}\u{1F600}yy`, 10)).toBe(`\`${'x'.repeat(9)}…\``)
  })

  test('a list of tags is one span each; none is a dash', () => {
    expect(inertList(['a', 'b|c'])).toBe('`a`, `b\\|c`')
    expect(inertList([])).toBe('—')
  })

  test('a long list of tags shows the first ones and counts the rest', () => {
    const tags = Array.from({ length: 500 }, (_, i) => `t${i}`)
    expect(inertList(tags)).toBe(
      `${tags
        .slice(0, 10)
        .map(t => `\`${t}\``)
        .join(', ')} and 490 more`
    )
    expect(inertList(tags, 40, 2)).toBe('`t0`, `t1` and 498 more')
  })

  test('empty or blank text gives nothing to render', () => {
    expect(inert('')).toBe('')
    expect(inert(' \n ')).toBe('')
  })

  test('whatever the pieces, a cell renders as one code span showing exactly the text', () => {
    fc.assert(
      fc.property(liveText, ({ text, shown }) => {
        const cells = renderedCells([inertCell(text, 1000), 'after'])
        expect(cells).toHaveLength(2)
        expect(cells[0]).toMatch(/^<code>[^<]*<\/code>$/)
        expect(visibleText(cells[0]!)).toBe(shown)
        expect(cells[1]).toBe('after')
      }),
      { numRuns: 300 }
    )
  })

  test('whatever the pieces, a line of text renders with no link and no element but the span', () => {
    fc.assert(
      fc.property(liveText, ({ text, shown }) => {
        const html = renderMarkdown(`> Failed: ${inert(text, 1000)}`)
        expect(html).toMatch(
          /^<blockquote>\n<p>Failed: <code>[^<]*<\/code><\/p>\n<\/blockquote>\n$/
        )
        expect(visibleText(html).trim()).toBe(`Failed: ${shown}`)
      }),
      { numRuns: 300 }
    )
  })
})

describe('API text of several lines, and inside raw HTML, is inert too', () => {
  const render = (text: string, maxLines = 100) => {
    const block = inertBlock(text, maxLines)
    return renderMarkdown([block.open, ...block.lines, block.close].join('\n'))
  }

  test('no line can close the code block: the fence is longer than any run of backticks', () => {
    const text = '```\n# heading\n````````\n~~~\n<script>alert(1)</script>\nhttps://evil.example'
    const html = render(text)
    expect(html.match(/<pre>/g)).toHaveLength(1)
    expect(html).not.toContain('<h1>')
    expect(html).not.toContain('<script')
    expect(linkTargets(html)).toEqual([])
    expect(visibleText(html)).toBe(`${text}\n\n`)
    expect(inertBlock('a', 1).open).toBe('```json')
    expect(inertBlock('````````', 1).open).toBe('`````````json')
  })

  test('each line has its controls shown and is cut; lines past the most are counted', () => {
    const block = inertBlock(`a\u001b[31m\r\n${'x'.repeat(300)}\nthird\nfourth`, 2, 10)
    expect(block.lines).toEqual(['a\\u001b[31m\\r', `${'x'.repeat(10)}…`])
    expect(block.hidden).toBe(2)
  })

  test('inside raw HTML, text is a code element with every character HTML reads as an entity', () => {
    const text = '<img src=x onerror=alert(1)> & "q" \'s\' https://evil.example **b**'
    expect(inertHtml(text, 200)).toBe(
      '<code>&#60;img src=x onerror=alert(1)&#62; &#38; &#34;q&#34; &#39;s&#39; https://evil.example **b**</code>'
    )
    const html = renderMarkdown(
      `<details><summary>${inertHtml(text, 200)}</summary>\n\nx\n\n</details>`
    )
    expect(html).not.toContain('<img')
    expect(linkTargets(html)).toEqual([])
    expect(visibleText(html)).toContain(text)
    expect(inertHtml(' ')).toBe('')
  })
})
