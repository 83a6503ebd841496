/**
 * Job summaries as GitHub shows them: rendered by cmark-gfm, GitHub's own Markdown parser, with
 * the extensions github.com turns on. Raw HTML is rendered rather than dropped (`unsafe`), as
 * GitHub hands it on to its sanitiser: a test sees any HTML that got through.
 */
import cmark from 'cmark-gfm'

export function renderMarkdown(markdown: string): string {
  return cmark.renderHtmlSync(markdown, {
    unsafe: true,
    extensions: { table: true, autolink: true, strikethrough: true, tagfilter: true }
  })
}

/** The target of every link in rendered HTML, as the browser would follow it. */
export function linkTargets(html: string): string[] {
  return [...html.matchAll(/<a\s[^>]*href="([^"]*)"/g)].map(([, href]) => decodeEntities(href!))
}

/** HTML with its tags removed and its entities decoded: the text a reader sees. */
export function visibleText(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ''))
}

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

/** Decodes the entities cmark-gfm writes (named, decimal and hexadecimal). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) {
      return String.fromCodePoint(parseInt(name.slice(2), 16))
    }
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10))
    return NAMED[name.toLowerCase()] ?? entity
  })
}
