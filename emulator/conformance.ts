/**
 * Checks answers and requests against the spec's schemas (schemas.ts), so that the emulator cannot
 * drift from the API unnoticed: the test suite runs every answer any emulator sends through
 * `answerViolations`, and every request the action sends through `requestViolations`.
 */
import { Ajv, type ErrorObject, type SchemaObject } from 'ajv'
import type { Answer } from './answers.ts'
import type { RecordedRequest } from './faults.ts'
import { errorBody, OPERATIONS, type Operation } from './schemas.ts'

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true })
// RFC 3339, as the spec's `format: date-time`; ajv leaves formats to a plugin, and one format
// does not need one.
ajv.addFormat('date-time', text => DATE_TIME.test(text) && !Number.isNaN(Date.parse(text)))

/**
 * The violations of `schema` by `value` (the `part` of a message: body or query), each naming
 * where. ajv compiles a schema on first use and keeps it by the schema object.
 */
function violations(schema: SchemaObject, value: unknown, part = 'body'): string[] {
  const validate = ajv.compile(schema)
  return validate(value) ? [] : (validate.errors ?? []).map(error => describe(error, part))
}

function describe(error: ErrorObject, part: string): string {
  const where = `${part}${error.instancePath}`
  const extra = error.params.additionalProperty as string | undefined
  return extra === undefined
    ? `${where} ${error.message}`
    : `${where} has "${extra}", not in the spec`
}

function operation(method: string, path: string): Operation | undefined {
  return OPERATIONS.find(o => o.method === method && o.path.test(path))
}

/**
 * What is wrong with an answer the emulator produced itself: a 200 must match its operation's
 * schema, any other status is an error body of 400 or above. Answers a fault shaped may be
 * anything and are not checked; a last page the `endCursor` option gave `nextPage: null` or `""`
 * is checked without it.
 */
export function answerViolations(answer: Answer): string[] {
  if (answer.shapedBy === 'fault' || answer.text === undefined) return []
  const { request, status } = answer
  const said =
    request === undefined
      ? `answer ${status}`
      : `${request.method} ${request.path} answered ${status}`
  let body: unknown
  try {
    body = JSON.parse(answer.text)
  } catch {
    return [`${said}: the body is not JSON`]
  }
  if (answer.shapedBy === 'endCursor') body = withoutNextPage(body)
  let found: string[]
  if (status === 200) {
    const op = request === undefined ? undefined : operation(request.method, request.path)
    found =
      op === undefined ? ['no operation of the spec answers 200 here'] : violations(op.answer, body)
  } else if (status >= 400) {
    found = violations(errorBody, body)
  } else {
    found = ['the spec answers only 200 or an error']
  }
  return found.map(violation => `${said}: ${violation}`)
}

function withoutNextPage(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return body
  const { nextPage, ...rest } = body as Record<string, unknown>
  return nextPage === null || nextPage === '' ? rest : body
}

/**
 * What is wrong with a request for the spec: an operation it names, the body that operation takes
 * (closed objects: a field the spec lacks would be dropped or refused) or none, and only the query
 * parameters it documents.
 */
export function requestViolations(request: RecordedRequest): string[] {
  const said = `${request.method} ${request.path}`
  const op = operation(request.method, request.path)
  if (op === undefined) return [`${said} is no operation of the spec`]
  const found: string[] = []
  if (op.body === undefined) {
    if (request.body !== undefined) found.push('a body, where the operation takes none')
  } else if (request.body === undefined) {
    found.push('no body, where the operation requires one')
  } else {
    found.push(...violations(op.body, request.body))
  }
  if (op.query === undefined) {
    if (Object.keys(request.query).length > 0) found.push('a query, where the operation takes none')
  } else {
    found.push(...violations(op.query, request.query, 'query'))
  }
  return found.map(violation => `${said} sent ${violation}`)
}
