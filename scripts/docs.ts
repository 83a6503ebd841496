/**
 * `npm run docs`: rewrites the README's input and output tables from action.yml, so the two never
 * drift apart. A test fails when the README is not what this would write.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { format, resolveConfig } from 'prettier'
import { actionMetadata, ROOT } from './run-action.ts'

const README = join(ROOT, 'README.md')

function escape(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|')
}

export async function renderTables(): Promise<{ inputs: string; outputs: string }> {
  const metadata = await actionMetadata()
  const inputs = [
    '| Input | Required | Default | Description |',
    '| --- | --- | --- | --- |',
    ...Object.entries(metadata.inputs).map(
      ([name, spec]) =>
        `| \`${name}\` | ${spec.required ? 'yes' : 'no'} | ${spec.default === undefined ? '' : `\`${spec.default}\``} | ${escape(spec.description)} |`
    )
  ].join('\n')
  const outputs = [
    '| Output | Description |',
    '| --- | --- |',
    ...Object.entries(metadata.outputs).map(
      ([name, spec]) => `| \`${name}\` | ${escape(spec.description)} |`
    )
  ].join('\n')
  return { inputs, outputs }
}

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->`. */
export function replaceSection(text: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`
  const end = `<!-- ${name}:end -->`
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from === -1 || to < from) throw new Error(`README.md has no ${start} ... ${end} section`)
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`
}

/** The README with fresh tables, formatted as `npm run lint` expects. */
export async function renderReadme(): Promise<string> {
  const tables = await renderTables()
  let text = await readFile(README, 'utf8')
  text = replaceSection(text, 'inputs', tables.inputs)
  text = replaceSection(text, 'outputs', tables.outputs)
  return format(text, { ...(await resolveConfig(README)), filepath: README })
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await writeFile(README, await renderReadme())
  console.log('README.md tables updated from action.yml')
}
