/**
 * The comparison for cleanup: the same requests made one at a time by `curl`, one process per
 * request, as a shell loop would: every page of the listing (following the cursor), then for each
 * stale version a fresh GET and a DELETE. The loop runs in full over the listing and over a sample
 * of the deletions; the whole is extrapolated from the sample's time per deletion.
 */
import { spawn } from 'node:child_process'
import type { Emulator } from '../../emulator/server.ts'

export interface CurlEstimate {
  readonly listMs: number
  readonly perDeletionMs: number
  readonly sampled: number
  /** The listing plus `deletions` deletions at the sampled pace. */
  readonly estimateMs: (deletions: number) => number
}

export async function curlLoop(
  emulator: Emulator,
  datasetId: string,
  sample: number
): Promise<CurlEstimate> {
  const auth = `Authorization: Bearer ${emulator.apiKey}`
  const base = `${emulator.url}/datasets/${datasetId}/versions`
  const listStarted = performance.now()
  const ids: string[] = []
  let after: string | undefined
  do {
    const query = `limit=120&order=asc${after === undefined ? '' : `&after=${encodeURIComponent(after)}`}`
    const page = JSON.parse(await curl(['-H', auth, `${base}?${query}`])) as {
      items: { version: string; isCommitted: boolean }[]
      nextPage?: string | null
    }
    ids.push(...page.items.filter(v => !v.isCommitted).map(v => v.version))
    after = page.nextPage ?? undefined
  } while (after !== undefined)
  const listMs = performance.now() - listStarted

  const chosen = ids.slice(0, sample)
  const deleteStarted = performance.now()
  for (const id of chosen) {
    await curl(['-H', auth, `${base}/${id}`])
    await curl(['-H', auth, '-X', 'DELETE', `${base}/${id}`])
  }
  const perDeletionMs = (performance.now() - deleteStarted) / Math.max(1, chosen.length)
  return {
    listMs,
    perDeletionMs,
    sampled: chosen.length,
    estimateMs: deletions => listMs + perDeletionMs * deletions
  }
}

function curl(args: string[]): Promise<string> {
  const child = spawn('curl', ['--silent', '--show-error', '--fail', ...args], {
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  let err = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', code =>
      code === 0 ? resolve(out) : reject(new Error(`curl failed (exit ${code}): ${err}`))
    )
  })
}
