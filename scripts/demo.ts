/**
 * `npm run demo`: the action end to end against the local emulator. Starts the emulator, then runs
 * the bundled dist/index.js exactly as the runner would for a realistic sequence of steps, and
 * prints each step's requests, outputs and job summary. Add --log to see the action's own log.
 */
import { DAY, history } from '../emulator/seed.ts'
import { startEmulator, type Emulator } from '../emulator/server.ts'
import { annotations, runAction, type ActionRun } from './run-action.ts'

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

const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text)
const indent = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map(line => `    ${line}`)
    .join('\n')

async function step(
  emulator: Emulator,
  title: string,
  inputs: Record<string, string>,
  expectSuccess = true
): Promise<ActionRun> {
  const before = emulator.requests.length
  const run = await runAction(
    { baseUrl: emulator.url, ...inputs },
    { env: { ...GITHUB_ENV, PAPERSPACE_API_KEY: emulator.apiKey } }
  )
  console.log(`\n${bold(`▶ ${title}`)}`)
  console.log(
    indent(
      Object.entries(inputs)
        .map(([k, v]) => `${k}: ${v.includes('\n') ? JSON.stringify(v) : v}`)
        .join('\n')
    )
  )
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
  for (const error of annotations(run.stdout, 'error')) console.log(`  error: ${error}`)
  console.log('  outputs:')
  for (const [name, value] of Object.entries(run.outputs)) {
    console.log(
      `    ${name} = ${value.length > 160 ? `${value.slice(0, 160)}… (${value.length} chars)` : value}`
    )
  }
  console.log(`  job summary:\n${indent(run.summary)}`)
  if ((run.exitCode === 0) !== expectSuccess) {
    throw new Error(
      `step "${title}" exited with ${run.exitCode}; expected ${expectSuccess ? 'success' : 'failure'}`
    )
  }
  return run
}

const emulator = await startEmulator()
try {
  const dataset = emulator.store.createDataset({ name: 'training-data' })
  emulator.store.seedVersions(dataset.id, [
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
    {
      ageMs: 5 * DAY,
      message: 'kept for debugging',
      tags: ['keep'],
      usageBytes: String(1024 ** 3)
    },
    { ageMs: 2 * 3_600_000, message: 'upload in progress', usageBytes: '0' }
  ])
  const datasetId = dataset.id
  console.log(
    `Emulator at ${emulator.url}; dataset ${datasetId} holds 11 earlier versions, 4 uncommitted; ` +
      'one is tagged production.'
  )

  const created = await step(emulator, 'Create a version after training', {
    operation: 'create',
    datasetId,
    tags: 'resnet50, nightly',
    metadata: '{"epochs": 10, "accuracy": 0.931}'
  })
  const version = created.outputs.version!

  await step(emulator, 'Commit it', { operation: 'commit', datasetId, version })
  await step(emulator, 'Update its message and tags', {
    operation: 'update',
    datasetId,
    version,
    message: 'ResNet-50, 10 epochs, 93.1% top-1',
    tags: 'resnet50\nrelease'
  })
  const promoted = await step(emulator, 'Promote it to production', {
    operation: 'promote',
    datasetId,
    version,
    tags: 'production'
  })
  await step(emulator, 'Resolve production, as a deploy workflow would', {
    operation: 'resolve',
    datasetId,
    tags: 'production'
  })
  await step(emulator, 'Inspect it', { operation: 'get', datasetId, version })
  await step(emulator, 'List the newest versions', { operation: 'list', datasetId, limit: '5' })

  // A Paperspace job writes a version and commits it itself; the workflow waits for that.
  const jobOutput = await step(emulator, 'Create a version for a Paperspace job to fill', {
    operation: 'create',
    datasetId,
    message: 'Job output'
  })
  void emulator.store.commitAfter(datasetId, jobOutput.outputs.version!, 3000)
  console.log('\n  (the emulator commits it in 3 s, as the job would when it is done)')
  await step(emulator, 'Wait for the job to commit it', {
    operation: 'wait',
    datasetId,
    version: jobOutput.outputs.version!,
    waitTimeout: '1m'
  })

  const [replaced] = (JSON.parse(promoted.outputs.moved!) as { from: string[] }[])[0]!.from
  await step(emulator, 'Delete the version it replaced as production', {
    operation: 'delete',
    datasetId,
    version: replaced!
  })
  const cleanup = { operation: 'cleanup', datasetId, olderThan: '3d', protectTags: 'keep' }
  await step(emulator, 'Scheduled cleanup, first in dry run', { ...cleanup, dryRun: 'true' })
  await step(emulator, 'Scheduled cleanup', cleanup)

  // A second dataset of the same team, with its own crashed runs.
  const second = emulator.store.createDataset({ name: 'eval-data' }).id
  emulator.store.seedVersions(second, [
    ...history({ count: 3, spanMs: 10 * DAY, seed: 11, committedShare: 1 }),
    {
      ageMs: 8 * DAY,
      message: 'crashed eval',
      tags: ['exp-2024'],
      usageBytes: String(2 * 1024 ** 3)
    },
    { ageMs: 7 * DAY, message: 'release candidate', tags: ['release-3'], usageBytes: '1024' },
    { ageMs: 4 * DAY, message: 'latest eval', tags: ['exp-2025'], usageBytes: '2048' }
  ])
  await step(emulator, 'The datasets the key can see', { operation: 'datasets' })
  await step(emulator, 'One cleanup for both datasets (patterns, keepLatest)', {
    operation: 'cleanup',
    datasetId: `${datasetId},${second}`,
    olderThan: '3d',
    protectTags: 'keep, release-*',
    keepLatest: '1'
  })
  await step(
    emulator,
    'Bad input fails before any request (expected to fail)',
    { operation: 'get', datasetId, version: '../other' },
    false
  )
  console.log(`\n${bold('Demo finished:')} every step behaved as expected.`)
} finally {
  await emulator.close()
}
