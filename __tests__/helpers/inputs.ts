import type { InputName } from '../../src/interface/names.ts'
import type { ReadInput } from '../../src/interface/inputs.ts'

/** A ReadInput over a plain object, trimming like core.getInput does. */
export function reader(values: Partial<Record<InputName, string>>): ReadInput {
  return name => (values[name] ?? '').trim()
}
