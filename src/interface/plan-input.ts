/**
 * The `plan` input of cleanup: the plan file's text, parsed and held to its guard rails before a
 * single request, each problem naming its input. A plan is refused when it is not a plan file of a
 * known format version, when it is older than planMaxAge, when datasetId names other datasets than
 * the plan's, when it holds more versions than maxDeletions, and when inputs that only shape a plan
 * (olderThan, keepLatest, tags) or dryRun are set with it. Pure: the runner reads the file and
 * gives the text (see `PlanReading`).
 */
import {
  PLAN_FORMAT,
  PLAN_VERSION,
  type CleanupPlanFile,
  type PlannedVersion,
  type PlanSettings
} from '../operations/cleanup/plan-file.ts'
import {
  date,
  nullableString,
  object,
  ResponseShapeError,
  string,
  strings,
  usageBytes,
  type Fields
} from '../paperspace/parse.ts'
import { formatAge } from '../shared/age.ts'
import { isPlainId } from '../shared/ids.ts'
import { quote } from '../shared/quote.ts'
import { parseDuration } from './duration.ts'
import type { InputReader } from './input-reader.ts'
import { Inputs } from './names.ts'
import type { CleanupSettings, DatasetTargets } from './settings.ts'

/** The plan input's file as the runner read it: its text, or why it could not be read. */
export type PlanText = { readonly text: string } | { readonly error: string }

/** What checking a plan needs from outside the inputs: the file, and the time to judge its age. */
export interface PlanReading {
  readonly nowMs: number
  readonly read: (path: string) => PlanText
}

/** A path in a message: whole, as a runner's paths are long (quote's default would cut it). */
const quotePath = (path: string) => quote(path, 500)

/** How far ahead of this runner's clock a plan's time may be (another runner's clock). */
export const PLAN_CLOCK_SKEW_MS = 5 * 60_000

/**
 * The cleanup settings with the plan to apply, when the plan input is given; `settings` as they
 * are otherwise. Without datasetId the run covers the datasets the plan was made for.
 */
export function withPlan(
  input: InputReader,
  reading: PlanReading | undefined,
  settings: CleanupSettings
): CleanupSettings {
  const path = input.value(Inputs.plan)
  if (path === '') return settings
  refuseShaping(input, settings)
  const source = reading?.read(path) ?? { error: 'no file can be read here' }
  if ('error' in source) {
    input.problem(`${Inputs.plan}: could not read ${quotePath(path)}: ${source.error}`)
    return settings
  }
  const file = parsePlanFile(input, path, source.text)
  if (file === undefined) return settings
  const ownTargets = planTargets(input, path, file)
  if (ownTargets === undefined) return settings
  checkAge(input, file, settings, reading!.nowMs)
  const given = input.value(Inputs.datasetId) !== ''
  if (given) checkDatasets(input, file, settings.targets)
  if (file.versions.length > settings.rules.maxDeletions) {
    input.problem(
      `${Inputs.maxDeletions}: the plan holds ${file.versions.length} versions, more than ${Inputs.maxDeletions} (${settings.rules.maxDeletions}); set ${Inputs.maxDeletions} to at least ${file.versions.length} to apply it`
    )
  }
  return { ...settings, targets: given ? settings.targets : ownTargets, plan: { path, file } }
}

/** olderThan, keepLatest and tags choose what a plan holds, so with a plan they contradict it. */
function refuseShaping(input: InputReader, settings: CleanupSettings): void {
  const { rules } = settings
  const shaping = [
    rules.olderThanMs !== parseDuration(input.defaultOf(Inputs.olderThan)) && Inputs.olderThan,
    rules.keepLatest !== Number(input.defaultOf(Inputs.keepLatest)) && Inputs.keepLatest,
    rules.onlyTags.length > 0 && Inputs.tags
  ].filter(name => name !== false)
  for (const name of shaping) {
    input.problem(
      `${name}: chooses which versions a plan holds, and ${Inputs.plan} applies a plan as it was made; leave ${name} out with ${Inputs.plan} (to change it, make a new plan)`
    )
  }
  if (settings.dryRun) {
    input.problem(
      `${Inputs.dryRun}: the dry run that made the plan was its preview, and ${Inputs.plan} applies it; leave ${Inputs.dryRun} out with ${Inputs.plan}`
    )
  }
}

function checkAge(
  input: InputReader,
  file: CleanupPlanFile,
  settings: CleanupSettings,
  nowMs: number
): void {
  const ageMs = nowMs - Date.parse(file.createdAt)
  if (ageMs > settings.planMaxAgeMs) {
    input.problem(
      `${Inputs.plan}: made ${formatAge(ageMs)} ago (${file.createdAt}), older than ${Inputs.planMaxAge} (${settings.planMaxAge}); make a new plan, or raise ${Inputs.planMaxAge}`
    )
  } else if (ageMs < -PLAN_CLOCK_SKEW_MS) {
    input.problem(
      `${Inputs.plan}: made at ${file.createdAt}, ${formatAge(-ageMs)} from now; a plan cannot come from the future, make a new one`
    )
  }
}

/** Every dataset of the plan must be one that datasetId names. */
function checkDatasets(input: InputReader, file: CleanupPlanFile, targets: DatasetTargets): void {
  if ('all' in targets) return
  const named = new Set(targets.ids)
  const others = [...new Set(file.versions.map(v => v.datasetId))].filter(id => !named.has(id))
  if (others.length > 0) {
    input.problem(
      `${Inputs.datasetId}: the plan holds versions of datasets it does not name: ${others.join(', ')}; name every dataset of the plan, or leave ${Inputs.datasetId} out to apply the plan as it was made`
    )
  }
}

/** The datasets the plan was made for (its settings.datasetId); every version must be of one. */
function planTargets(
  input: InputReader,
  path: string,
  file: CleanupPlanFile
): DatasetTargets | undefined {
  const text = file.settings.datasetId
  const ids = text.split(',')
  if (text !== '*' && !ids.every(isPlainId)) {
    input.problem(
      `${Inputs.plan}: ${quotePath(path)} is damaged: $.settings.datasetId is not IDs or *`
    )
    return undefined
  }
  const targets: DatasetTargets = text === '*' ? { all: true } : { ids }
  const stray = file.versions.find(v => 'ids' in targets && !targets.ids.includes(v.datasetId))
  if (stray !== undefined) {
    input.problem(
      `${Inputs.plan}: ${quotePath(path)} is damaged: it holds a version of dataset ${stray.datasetId}, which its settings.datasetId does not name`
    )
    return undefined
  }
  return targets
}

/** The plan file, or undefined with the problem recorded. */
function parsePlanFile(
  input: InputReader,
  path: string,
  text: string
): CleanupPlanFile | undefined {
  const refuse = (why: string) => {
    input.problem(`${Inputs.plan}: ${quotePath(path)} ${why}`)
    return undefined
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return refuse(`is not a plan file: not valid JSON (${(error as Error).message})`)
  }
  const root = value as Partial<Fields> | null
  if (typeof root !== 'object' || root === null || root.format !== PLAN_FORMAT) {
    return refuse(`is not a plan file: its format is not ${PLAN_FORMAT}`)
  }
  if (root.version !== PLAN_VERSION) {
    const version = JSON.stringify(root.version)?.slice(0, 20) ?? '(none)'
    return refuse(
      `is a plan of format version ${version}, which this version of the action does not know (it reads version ${PLAN_VERSION}); make and apply plans with the same version of the action`
    )
  }
  try {
    return planFile(root)
  } catch (error) {
    if (error instanceof ResponseShapeError) return refuse(`is damaged: ${error.message}`)
    throw error
  }
}

/** The fields of a plan file of this version; throws ResponseShapeError naming the first bad one. */
function planFile(root: Fields): CleanupPlanFile {
  const settings = object(root.settings, '$.settings')
  const list = root.versions
  if (!Array.isArray(list)) throw new ResponseShapeError('$.versions', 'an array')
  const versions = list.map((value, i) => plannedVersion(value, `$.versions[${i}]`))
  const seen = new Set<string>()
  for (const [i, v] of versions.entries()) {
    const ref = `${v.datasetId}:${v.version}`
    if (seen.has(ref)) throw new ResponseShapeError(`$.versions[${i}]`, `${ref} once (it is twice)`)
    seen.add(ref)
  }
  return {
    format: PLAN_FORMAT,
    version: PLAN_VERSION,
    createdAt: date(root, 'createdAt', '$'),
    settings: planSettings(settings),
    versions
  }
}

function planSettings(fields: Fields): PlanSettings {
  const where = '$.settings'
  return {
    datasetId: string(fields, 'datasetId', where),
    olderThan: string(fields, 'olderThan', where),
    keepLatest: count(fields, 'keepLatest', where),
    maxDeletions: count(fields, 'maxDeletions', where),
    protectTags: strings(fields, 'protectTags', where),
    tags: strings(fields, 'tags', where)
  }
}

function plannedVersion(value: unknown, where: string): PlannedVersion {
  const fields = object(value, where)
  const id = (key: string) => {
    const text = string(fields, key, where)
    if (!isPlainId(text)) throw new ResponseShapeError(`${where}.${key}`, 'a plain ID')
    return text
  }
  if (fields.rule !== 'olderThan') throw new ResponseShapeError(`${where}.rule`, '"olderThan"')
  return {
    datasetId: id('datasetId'),
    datasetName: nullableString(fields, 'datasetName', where),
    version: id('version'),
    message: nullableString(fields, 'message', where),
    dtCreated: date(fields, 'dtCreated', where),
    dtModified: date(fields, 'dtModified', where),
    tags: strings(fields, 'tags', where),
    usageBytes: usageBytes(fields, where),
    rule: 'olderThan',
    ageMs: count(fields, 'ageMs', where)
  }
}

function count(fields: Fields, key: string, where: string): number {
  const value = fields[key]
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ResponseShapeError(`${where}.${key}`, 'a whole number')
  }
  return value
}
