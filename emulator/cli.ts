/**
 * `npm run emulator`: starts the Paperspace API emulator on loopback and prints its URL, key and
 * datasets. `npm run emulator -- --help` lists the options (USAGE below).
 */
import { parseArgs } from 'node:util'
import { END_CURSORS, type EndCursor } from './paging.ts'
import { TAGS_FILTERS, type TagsFilter } from './readings.ts'
import { DAY, history } from './seed.ts'
import { startEmulator } from './server.ts'
import type { DatasetSeed } from './store.ts'

const USAGE = `Usage: npm run emulator -- [options]

  --port N               port on 127.0.0.1 (default 4010; 0 picks a free one)
  --key KEY              API key to accept (default: a random one, printed)
  --data FILE            keep state in this JSON file across restarts
  --seed N               give each created dataset N versions spread over the last 30 days
  --datasets N           create N private datasets (default 1; created when the store is
                         empty or --seed, --datasets or --public-datasets is given)
  --public-datasets N    also create N public datasets, seeded the same way
  --latency MS           answer every request MS milliseconds after it arrived
  --commit-after TIME    commit every version created through the API this long after its
                         creation (e.g. 500ms, 5s, 2m), as a Paperspace job committing its
                         output would
  --end-cursor FORM      what a listing's last page says of nextPage: absent (default, as the
                         API's schema has it), null or empty (as its prose allows)
  --tags-filter READING  how a list's tags=a,b matches: any (default), all, literal (one
                         tag named "a,b") or ignored
  --private-lists-public GET /datasets?privacy=PRIVATE lists public datasets too
  --lists-without-metadata
                         listed versions carry metadata: null (GET of one still returns it)`

const OPTIONS = {
  port: { type: 'string', default: '4010' },
  key: { type: 'string' },
  data: { type: 'string' },
  seed: { type: 'string', default: '0' },
  datasets: { type: 'string' },
  'public-datasets': { type: 'string' },
  latency: { type: 'string', default: '0' },
  'commit-after': { type: 'string' },
  'end-cursor': { type: 'string', default: 'absent' },
  'tags-filter': { type: 'string', default: 'any' },
  'private-lists-public': { type: 'boolean', default: false },
  'lists-without-metadata': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' }
} as const

const HELP = 'npm run emulator -- --help lists the options'

/** A mistake on the command line: one line saying what to do, exit status 2, no stack trace. */
function fail(message: string): never {
  console.error(message)
  process.exit(2)
}

/**
 * The emulator's flags that npm took as its own config: without `--`, `npm run emulator --port
 * 4010` sets npm_config_port and hands the script only `4010`.
 */
function flagsNpmKept(): string[] {
  return Object.keys(OPTIONS).filter(
    name => process.env[`npm_config_${name.replaceAll('-', '_')}`] !== undefined
  )
}

function parseCommandLine() {
  const kept = flagsNpmKept().map(name => `--${name}`)
  if (kept.length > 0) {
    fail(
      `npm kept ${kept.join(', ')} for itself: the emulator's options go after --, as in npm run emulator -- --port 4010`
    )
  }
  try {
    return parseArgs({ options: OPTIONS })
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException
    const quoted = /'([^']*)'/.exec(message)?.[1] ?? ''
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') fail(`Unknown option ${quoted}: ${HELP}`)
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      fail(`Unexpected argument ${JSON.stringify(quoted)}: options start with --; ${HELP}`)
    }
    fail(`${message.split('\n')[0]}; ${HELP}`)
  }
}

const { values } = parseCommandLine()

if (values.help) {
  console.log(USAGE)
  process.exit(0)
}

function wholeNumber(name: string, text: string): number {
  if (!/^\d+$/.test(text)) fail(`--${name}: expected a whole number, got ${JSON.stringify(text)}`)
  return Number(text)
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

function duration(name: string, text: string): number {
  const match = /^(\d+)(ms|s|m|h)$/.exec(text)
  if (match === null) {
    fail(`--${name}: expected a duration such as 500ms, 5s or 2m, got ${JSON.stringify(text)}`)
  }
  return Number(match[1]) * UNITS[match[2]!]!
}

function endCursor(text: string): EndCursor {
  const form = END_CURSORS.find(f => f === text)
  if (form === undefined) {
    fail(`--end-cursor: expected absent, null or empty, got ${JSON.stringify(text)}`)
  }
  return form
}

const seedCount = wholeNumber('seed', values.seed)
const privateCount = wholeNumber('datasets', values.datasets ?? '1')
const publicCount = wholeNumber('public-datasets', values['public-datasets'] ?? '0')
const commitAfterMs =
  values['commit-after'] === undefined
    ? undefined
    : duration('commit-after', values['commit-after'])

const tagsFilter = values['tags-filter']
if (!TAGS_FILTERS.includes(tagsFilter as TagsFilter)) {
  fail(
    `--tags-filter: expected one of ${TAGS_FILTERS.join(', ')}, got ${JSON.stringify(tagsFilter)}`
  )
}

const port = wholeNumber('port', values.port)
if (port > 65_535) fail(`--port: expected a whole number from 0 to 65535, got ${port}`)

const emulator = await startEmulator({
  port,
  latencyMs: wholeNumber('latency', values.latency),
  ...(values.key !== undefined && { apiKeys: [values.key] }),
  ...(values.data !== undefined && { dataFile: values.data }),
  ...(commitAfterMs !== undefined && { commitAfterMs }),
  endCursor: endCursor(values['end-cursor']),
  readings: {
    tagsFilter: tagsFilter as TagsFilter,
    privateListsPublic: values['private-lists-public'],
    listsWithoutMetadata: values['lists-without-metadata']
  }
}).catch((error: unknown) => {
  const { code } = error as NodeJS.ErrnoException
  if (code === 'EADDRINUSE') {
    fail(
      `Port ${port} is in use (another emulator?): stop what holds it, or let the emulator pick a free port with npm run emulator -- --port 0`
    )
  }
  if (code === 'EACCES') {
    fail(
      `Port ${port} needs privileges: pick one above 1023, as in npm run emulator -- --port 4010`
    )
  }
  if (error instanceof SyntaxError && values.data !== undefined) {
    fail(`--data: ${values.data} is not a state file the emulator wrote; give another file`)
  }
  throw error
})

const asked =
  seedCount > 0 || values.datasets !== undefined || values['public-datasets'] !== undefined
if (emulator.store.listDatasets().length === 0 || asked) {
  const total = privateCount + publicCount
  const seeds: DatasetSeed[] = Array.from({ length: total }, (_, i) => {
    const isPublic = i >= privateCount
    const name =
      total === 1
        ? 'emulator-demo'
        : isPublic
          ? `emulator-public-${i - privateCount + 1}`
          : `emulator-demo-${i + 1}`
    return {
      name,
      description: 'Created by the emulator',
      isPublic,
      // A second apart, so that listings show them in the order they are printed.
      ageMs: (total - i) * 1000,
      versions: history({
        count: seedCount,
        spanMs: 30 * DAY,
        tags: [{ tag: 'nightly', share: 0.3 }],
        seed: i + 1
      })
    }
  })
  emulator.store.seedDatasets(seeds)
}

console.log(`Paperspace API emulator listening on ${emulator.url}`)
console.log(`API key: ${emulator.apiKey}`)
for (const dataset of emulator.store.listDatasets()) {
  const versions = emulator.store.versions(dataset.id).length
  const privacy = dataset.isPublic ? 'public' : 'private'
  console.log(`Dataset ${dataset.id} (${dataset.name}, ${privacy}): ${versions} versions`)
}
if (commitAfterMs !== undefined) {
  console.log(`Versions created through the API commit themselves after ${values['commit-after']}.`)
}
const { readings } = emulator.store
if (readings.tagsFilter !== 'any')
  console.log(`The tags filter reads tags=a,b as: ${readings.tagsFilter}.`)
if (readings.privateListsPublic) console.log('privacy=PRIVATE lists public datasets too.')
if (readings.listsWithoutMetadata) console.log('Listed versions carry metadata: null.')
console.log(`Try: curl -H "Authorization: Bearer ${emulator.apiKey}" ${emulator.url}/datasets`)
console.log('Press Ctrl+C to stop.')

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void emulator.close().then(() => process.exit(0)))
}
