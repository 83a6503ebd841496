/**
 * The effective settings of a run, as a user reads them: in the log, in a cleanup's `json`
 * output and in its job summary. The key is never among them.
 */
import type { CleanupSettings, Settings } from '../interface/settings.ts'
import { targetsText } from '../operations/cleanup/plan-file.ts'

/** A cleanup's rules under their input names. */
export function cleanupSettings(s: CleanupSettings) {
  return {
    datasetId: targetsText(s.targets),
    keepLatest: s.rules.keepLatest,
    olderThan: s.olderThan,
    dryRun: s.dryRun,
    maxDeletions: s.rules.maxDeletions,
    concurrency: s.concurrency,
    protectTags: s.rules.protectTags,
    tags: s.rules.onlyTags,
    ...(s.plan !== undefined && { plan: s.plan.path, planMaxAge: s.planMaxAge })
  }
}

/** Every setting the operation uses, flat, for the log. */
export function effectiveSettings(settings: Settings): Record<string, unknown> {
  const { connection, ignored: _ignored, ...rest } = settings
  const own = settings.operation === 'cleanup' ? cleanupSettings(settings) : rest
  return {
    operation: settings.operation,
    ...own,
    baseUrl: connection.baseUrl,
    timeoutMs: connection.timeoutMs,
    retries: connection.retries
  }
}

/** One `name: value` line per setting, then a warning for each input the operation ignores. */
export function settingsLog(settings: Settings): { info: string[]; warnings: string[] } {
  return {
    info: Object.entries(effectiveSettings(settings)).map(
      ([name, value]) => `${name}: ${JSON.stringify(value)}`
    ),
    warnings: settings.ignored.map(
      name => `${name} is not used by operation ${settings.operation}; it was ignored`
    )
  }
}
