/**
 * The record of a cleanup: the `json` output and the result file's record. Pure. (Its job
 * summary is in `cleanup-summary.ts`.)
 */
import { versionRef } from '../operations/cleanup/outcomes.ts'
import { keptByRule } from '../operations/cleanup/plan.ts'
import type { CleanupResult } from '../operations/result.ts'
import { outcomeDetail } from './cleanup-words.ts'
import { cleanupSettings } from './settings.ts'

/**
 * The run in figures, as the `json` output carries it: settings, counts and, unless `ids` is
 * false, the ID lists; with several datasets, unless `perDataset` is false, a breakdown per
 * dataset (a run over thousands of datasets may not fit it in an output). Per-version details
 * are in the result file (`cleanupRecord`).
 */
export function cleanupReport(result: CleanupResult, ids = true, perDataset = true) {
  const t = result.tally
  const s = result.settings
  const breakdown = result.several && perDataset
  return {
    datasetId: result.datasetId,
    dryRun: s.dryRun,
    settings: cleanupSettings(s),
    ...(breakdown && {
      datasets: result.datasets.map(d => ({
        datasetId: d.datasetId,
        ...(d.name !== undefined && { name: d.name }),
        scanned: d.scanned,
        listRequests: d.listRequests,
        kept: keptByRule(d.plan),
        candidates: d.plan.candidates.length,
        deleted: d.tally.deleted.length,
        gone: d.tally.gone.length,
        skipped: d.tally.skipped.length,
        failed: d.tally.failed.length,
        notAttempted: d.tally.notAttempted.length,
        remaining: d.plan.deferred.length,
        freedBytes: String(d.tally.freedBytes)
      })),
      unlisted: result.unlisted,
      ...(result.notPrivate !== undefined && { notPrivate: result.notPrivate })
    }),
    scanned: result.scanned,
    listRequests: result.listRequests,
    kept: keptByRule(result.plan),
    counts: {
      candidates: result.plan.candidates.length,
      deleted: t.deleted.length,
      gone: t.gone.length,
      skipped: t.skipped.length,
      failed: t.failed.length,
      notAttempted: t.notAttempted.length
    },
    stopped: result.stop?.cause ?? null,
    ...(ids && {
      candidates: result.plan.candidates.map(d => versionRef(d, result.several)),
      deleted: t.deleted,
      gone: t.gone,
      skipped: t.skipped,
      failed: t.failed.map(f => f.version),
      notAttempted: t.notAttempted
    }),
    remaining: result.plan.deferred.length,
    freedBytes: String(t.freedBytes),
    durationMs: Math.round(result.durationMs)
  }
}

/**
 * Everything about the run, as the result file holds it: the report with every ID list, each
 * failure with its error, the versions left for later runs, and every candidate in detail.
 */
export function cleanupRecord(result: CleanupResult) {
  const s = result.settings
  return {
    ...cleanupReport(result),
    failed: result.tally.failed,
    deferred: result.plan.deferred.map(d => versionRef(d, result.several)),
    outcomes: result.outcomes.map(o => {
      const v = o.decision.version
      return {
        ...(result.several && { datasetId: o.decision.datasetId }),
        version: v.version,
        outcome: o.status,
        detail: outcomeDetail(o, s),
        message: v.message,
        tags: v.tags,
        usageBytes: v.usageBytes,
        dtCreated: v.dtCreated,
        dtModified: v.dtModified,
        ageMs: o.decision.ageMs
      }
    })
  }
}
