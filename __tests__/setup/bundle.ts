/**
 * Jest global setup of the `bundle` project (jest.config.js), the tests that run the bundle as a
 * child process: bundles the current sources with ncc, exactly as `npm run bundle` does
 * (scripts/bundle.ts) but into a cache folder keyed by a hash of everything the bundle is built
 * from, and points those tests at it (PDV_BUNDLE). So `npm test` can never pass against a stale
 * or missing `dist/`; `.ci/run` separately checks that the committed `dist/` is fresh. jest runs
 * it only when one of those tests is about to run.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { buildBundle } from '../../scripts/bundle.ts'
import { BUNDLE_ENV, ROOT } from '../../scripts/run-action.ts'

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? files(path) : [path]
  })
}

/** A hash of the sources, the lock file and the build settings. */
function sourceHash(): string {
  const hash = createHash('sha256')
  const inputs = [
    ...files(join(ROOT, 'src')).sort(),
    join(ROOT, 'package-lock.json'),
    join(ROOT, 'scripts', 'bundle.ts'),
    join(ROOT, 'tsconfig.json')
  ]
  for (const file of inputs) {
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0')
  }
  return hash.digest('hex').slice(0, 16)
}

export default function bundleSources(): void {
  const out = join(ROOT, 'node_modules', '.cache', 'pdv-bundle', sourceHash())
  const bundle = join(out, 'index.js')
  if (!existsSync(bundle)) {
    buildBundle(out)
  }
  process.env[BUNDLE_ENV] = bundle
}
