/**
 * Removes secrets from text we are about to print or write. `core.setSecret` only asks the runner
 * to mask its log; outputs, the job summary and messages the API echoes back are ours to clean.
 */
export type Redact = (text: string) => string

export function redactor(secrets: readonly string[]): Redact {
  const known = secrets.filter(s => s.length > 0)
  return text => known.reduce((out, secret) => out.split(secret).join('***'), text)
}
