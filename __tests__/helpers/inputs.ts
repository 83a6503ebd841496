import type { InputName } from '../../src/names.ts'
import type { ReadInput } from '../../src/inputs/index.ts'

/** A ReadInput over a plain object, trimming like core.getInput does. */
export function reader(values: Partial<Record<InputName, string>>): ReadInput {
  return name => (values[name] ?? '').trim()
}
