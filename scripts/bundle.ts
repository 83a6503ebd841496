/**
 * `npm run bundle`: builds `dist/` from the sources with ncc, the one file the runner loads.
 * The jest global setup builds the bundle the end-to-end tests run through `buildBundle` too.
 */
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ROOT } from './run-action.ts'

const NCC = join(ROOT, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')

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
