/**
 * `npm run demo`: the action end to end against the local emulator. Starts the emulator, then runs
 * the bundled dist/index.js exactly as the runner would, step by step: first the README's first
 * recipe (create and commit after training, and the outputs later steps use) and its quick start
 * (list), then every other operation. Prints each step's inputs, requests, annotations, outputs
 * and job summary, and ends with a recap table. Add --log to see the action's own log.
 */
import { DAY, history } from '../emulator/seed.ts'
import { startEmulator } from '../emulator/server.ts'
import { Operations, type Operation, type OutputName } from '../src/interface/names.ts'
import { annotations, runAction } from './run-action.ts'

const showLog = process.argv.includes('--log')

/** What a workflow run on GitHub would provide. */
const GITHUB_ENV = {
  GITHUB_REPOSITORY: 'acme/model-training',
  GITHUB_SHA: '3f9c2b7e1d4a5c6b7a8e9f0d1c2b3a4e5f6a7b8c',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_WORKFLOW: 'Train model',
  GITHUB_RUN_ID: '8123456789',
  GITHUB_RUN_NUMBER: '42',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_SERVER_URL: 'https://github.com'
}

/** What the recap shows of each operation's outputs. */
const KEY_OUTPUTS: Readonly<Record<Operation, readonly OutputName[]>> = {
  create: ['version', 'isCommitted', 'created'],
  list: ['count', 'hasMore'],
  get: ['version', 'tags'],
  update: ['version', 'tags'],
  commit: ['version', 'isCommitted'],
  delete: ['version'],
  promote: ['version', 'tags'],
  resolve: ['version'],
  wait: ['version', 'isCommitted'],
  datasets: ['count', 'batches'],
  cleanup: ['deletedCount', 'remaining', 'freedBytes']
}

const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text)
const indent = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map(line => `    ${line}`)
    .join('\n')
const cut = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text

interface RecapRow {
  readonly title: string
  readonly operation: Operation
  readonly outcome: string
  readonly outputs: string
}
const recap: RecapRow[] = []

const emulator = await startEmulator()
// The README's dataset ID, so that the first steps read as its examples do.
const datasetId = emulator.store.createDataset({ id: 'dst364npcw6ccok', name: 'training' }).id

/**
 * Runs one step as the runner would, on the README's dataset unless `more` names another (datasets
 * reads none), prints what it did, and fails the demo if it surprised. Returns its outputs.
 */
async function step(
  title: string,
  operation: Operation,
  more: Record<string, string> = {},
  expectSuccess = true
): Promise<Record<string, string>> {
  const inputs = { operation, ...(operation !== 'datasets' && { datasetId }), ...more }
  const before = emulator.requests.length
  const run = await runAction(
    { baseUrl: emulator.url, ...inputs },
    { env: { ...GITHUB_ENV, PAPERSPACE_API_KEY: emulator.apiKey } }
  )
  console.log(`\n${bold(`▶ ${recap.length + 1}. ${title}`)}`)
  const given = Object.entries(inputs).map(
    ([k, v]) => `${k}: ${v.includes('\n') ? JSON.stringify(v) : v}`
  )
  console.log(indent(given.join('\n')))
  const requests = emulator.requests.slice(before)
  console.log(`  requests (${requests.length}):`)
  for (const r of requests) {
    const query = new URLSearchParams(r.query).toString()
    console.log(
      `    ${r.method} /v1${r.path}${query ? `?${query}` : ''} -> ${r.status ?? 'no answer'}`
    )
  }
  console.log(`  exit code: ${run.exitCode}`)
  if (showLog) console.log(`  log:\n${indent(run.stdout)}`)
  for (const kind of ['error', 'warning'] as const) {
    for (const text of annotations(run.stdout, kind)) console.log(`  ${kind}: ${text}`)
  }
  console.log('  outputs:')
  for (const [name, value] of Object.entries(run.outputs))
    console.log(`    ${name} = ${cut(value, 160)}`)
  console.log(`  job summary:\n${indent(run.summary)}`)

  const headline = /^## (.+)$/m.exec(run.summary)?.[1]?.replaceAll('`', '') ?? '(no summary)'
  const shown = KEY_OUTPUTS[operation].filter(name => run.outputs[name] !== undefined)
  recap.push({
    title,
    operation,
    outcome: run.exitCode === 0 ? headline : `${headline}, as expected`,
    outputs: shown.map(name => `${name}=${cut(run.outputs[name]!, 40)}`).join(' ')
  })
  if ((run.exitCode === 0) !== expectSuccess) {
    throw new Error(
      `step "${title}" exited with ${run.exitCode}; expected ${expectSuccess ? 'success' : 'failure'}`
    )
  }
  return run.outputs
}

/** Rows as aligned columns, the header underlined. */
function columns(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(row => row[i]!.length)))
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd()
  return [line(header), line(widths.map(w => '-'.repeat(w))), ...rows.map(line)].join('\n')
}

try {
  emulator.store.seedVersions(datasetId, [
    ...history({ count: 6, spanMs: 14 * DAY, seed: 7, committedShare: 1 }),
    // The version the deploy workflow uses today.
    {
      ageMs: 4 * DAY,
      isCommitted: true,
      message: 'ResNet-50, 8 epochs',
      tags: ['production', 'resnet50'],
      usageBytes: String(2 * 1024 ** 3)
    },
    // Left behind by crashed runs: what the scheduled cleanup is for.
    { ageMs: 9 * DAY, message: 'crashed run', usageBytes: String(3 * 1024 ** 3) },
    { ageMs: 6 * DAY, message: 'cancelled run', usageBytes: String(800 * 1024 ** 2) },
    { ageMs: 5 * DAY, message: 'kept for debugging', tags: ['keep'], usageBytes: '1073741824' },
    { ageMs: 2 * 3_600_000, message: 'upload in progress', usageBytes: '0' }
  ])
  console.log(
    `Emulator at ${emulator.url}; dataset ${datasetId} holds 11 earlier versions, 4 uncommitted; ` +
      'one is tagged production.'
  )

  // The README's first recipe: create and commit after training, then hand the outputs on.
  const training = {
    tags: 'nightly, resnet50',
    metadata: '{"epochs": 10, "accuracy": 0.931}',
    commit: 'true',
    idempotencyKey: `${GITHUB_ENV.GITHUB_RUN_ID}-model`
  }
  const created = await step('Create and commit after training', 'create', training)
  const version = created.version!
  console.log(`  later: "Stored at ${created.url}"; the evaluate job gets ${datasetId}:${version}`)
  await step('Re-run the job: the same version', 'create', training)

  // The README's quick start.
  const listed = await step('List the newest versions', 'list', { limit: '5' })
  const [newest] = JSON.parse(listed.versions!) as { version: string }[]
  console.log(`  later: "${listed.count} versions listed; the newest is ${newest!.version}"`)

  const rename = {
    version,
    message: 'ResNet-50, 10 epochs, 93.1% top-1',
    tags: 'resnet50\nrelease'
  }
  await step('Update its message and tags', 'update', rename)
  await step('Commit it again: harmless', 'commit', { version })
  const promoted = await step('Promote it to production', 'promote', {
    version,
    tags: 'production'
  })
  await step('Resolve production, as a deploy would', 'resolve', { tags: 'production' })
  await step('Inspect it', 'get', { version })

  // A Paperspace job writes a version and commits it itself; the workflow waits for that.
  const job = await step('Create a version for a job to fill', 'create', { message: 'Job output' })
  void emulator.store.commitAfter(datasetId, job.version!, 3000)
  console.log('\n  (the emulator commits it in 3 s, as the job would when it is done)')
  await step('Wait for the job to commit it', 'wait', { version: job.version!, waitTimeout: '1m' })

  const [replaced] = (JSON.parse(promoted.moved!) as { from: string[] }[])[0]!.from
  await step('Delete the version it replaced', 'delete', { version: replaced! })
  const schedule = { olderThan: '3d', protectTags: 'keep' }
  await step('Scheduled cleanup, first in dry run', 'cleanup', { ...schedule, dryRun: 'true' })
  await step('Scheduled cleanup', 'cleanup', schedule)

  // A second dataset of the same team, with its own crashed runs.
  const second = emulator.store.createDataset({ name: 'eval' }).id
  emulator.store.seedVersions(second, [
    ...history({ count: 3, spanMs: 10 * DAY, seed: 11, committedShare: 1 }),
    { ageMs: 8 * DAY, message: 'crashed eval', tags: ['exp-2024'], usageBytes: '2147483648' },
    { ageMs: 7 * DAY, message: 'release candidate', tags: ['release-3'], usageBytes: '1024' },
    { ageMs: 4 * DAY, message: 'latest eval', tags: ['exp-2025'], usageBytes: '2048' }
  ])
  // The README's fan-out: the datasets in groups, each group cleaned by one job of a matrix.
  const team = await step("The team's datasets, in one group", 'datasets', { batches: '1' })
  const [group] = JSON.parse(team.batches!) as string[]
  await step('Clean the group, as a matrix job would', 'cleanup', {
    datasetId: group!,
    olderThan: '3d',
    protectTags: 'keep, release-*',
    keepLatest: '1'
  })
  await step('A wildcard in list tags is refused', 'list', { tags: 'prod*' }, false)

  const missing = Operations.filter(op => !recap.some(row => row.operation === op))
  if (missing.length > 0) throw new Error(`the demo runs no step of: ${missing.join(', ')}`)
  console.log(`\n${bold('Recap')}\n`)
  console.log(
    columns(
      ['#', 'step', 'operation', 'outcome', 'key outputs'],
      recap.map((row, i) => [String(i + 1), row.title, row.operation, row.outcome, row.outputs])
    )
  )
  console.log(`\n${bold('Demo finished:')} every step behaved as expected.`)
} finally {
  await emulator.close()
}
