/**
 * `npm run bundle`: builds `dist/` from the sources with ncc, then writes every character outside
 * ASCII as a `\uXXXX` escape. Node decodes an ES module's source with a TextDecoder, and a file
 * that is all ASCII takes its fast path: for this bundle the decode took 12-16 ms with 30 lines
 * holding "…" or "—" and 5 ms without, every time the action starts. The escape means the same
 * character everywhere the bundle can hold one (strings, templates, regular expressions,
 * comments); `unsafeToEscape` refuses a bundle with one of the few places where it would not.
 *
 * The jest global setup builds the bundle the tests run through `buildBundle` too.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ROOT } from './run-action.ts'

const NCC = join(ROOT, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')

/** `text` with every UTF-16 code unit above 0x7f written as a `\uXXXX` escape. */
export function asciiOnly(text: string): string {
  return text.replace(
    /[\u0080-\uffff]/g,
    unit => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
}

/**
 * Why escaping `text` could change what it means, if it could: String.raw sees escapes as
 * written; a backslash before a character makes its escape a different escape; U+2028 and U+2029
 * end a line comment where their escapes do not.
 */
export function unsafeToEscape(text: string): string | undefined {
  if (text.includes('String.raw')) return 'it uses String.raw'
  if (/\\[\u0080-\uffff]/.test(text)) return 'a backslash comes before a character outside ASCII'
  if (/[\u2028\u2029]/.test(text)) return 'it holds a line or paragraph separator'
  return undefined
}

export function buildBundle(outDir: string, options: { license?: string } = {}): void {
  execFileSync(
    process.execPath,
    [
      NCC,
      'build',
      'src/index.ts',
      '-o',
      outDir,
      '--target',
      'es2022',
      '--quiet',
      ...(options.license === undefined ? [] : ['--license', options.license])
    ],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] }
  )
  for (const name of readdirSync(outDir).filter(name => name.endsWith('.js'))) {
    const file = join(outDir, name)
    const text = readFileSync(file, 'utf8')
    const unsafe = unsafeToEscape(text)
    if (unsafe !== undefined) throw new Error(`${name}: ${unsafe}, where an escape would change it`)
    writeFileSync(file, asciiOnly(text))
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    buildBundle(join(ROOT, 'dist'), { license: 'licenses.txt' })
  } catch (error) {
    // ncc has printed what went wrong; the stack of the command that ran it adds nothing.
    console.error(error instanceof Error ? error.message.split('\n')[0] : error)
    process.exit(1)
  }
}
