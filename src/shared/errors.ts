/**
 * Failures we expect and explain: bad input, an API error, a listing we cannot trust.
 * The step reports their message alone; anything else is a bug and also gets its stack in debug.
 */
export class ActionError extends Error {
  override name = 'ActionError'
}

/** One or more inputs are invalid; each problem names its input and what was expected. */
export class InputError extends ActionError {
  override name = 'InputError'
  readonly problems: readonly string[]

  constructor(problems: readonly string[]) {
    super(
      problems.length === 1
        ? `Invalid input: ${problems[0]}`
        : `Invalid inputs:\n${problems.map(p => `- ${p}`).join('\n')}`
    )
    this.problems = problems
  }
}

/** The message of anything thrown, without assuming it is an Error. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}
