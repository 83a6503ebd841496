/**
 * `${{ }}` expressions, evaluated by GitHub's own evaluator (`@actions/expressions`), for the
 * local workflow runner (scripts/run-workflow.ts) and the tests that follow a README workflow.
 *
 * What is ours is kept small on purpose: finding the `${{ }}` in a string and joining their values
 * with the text around them (a thin loop around the library's evaluator); reading an `if:` as
 * GitHub does (an implicit `success() &&`); and the honesty rule: an expression that reads a
 * context, a key or a function that the caller cannot provide as GitHub would is refused, naming
 * it, instead of quietly reading null.
 */
import { Evaluator, Lexer, Parser, data, wellKnownFunctions, type Expr } from '@actions/expressions'
import {
  Binary,
  ContextAccess,
  FunctionCall,
  Grouping,
  IndexAccess,
  Literal,
  Logical,
  Unary
} from '@actions/expressions/ast'
import type { FunctionDefinition } from '@actions/expressions/funcs/info'
import { truthy } from '@actions/expressions/result'

export type Value =
  null | boolean | number | string | readonly Value[] | { readonly [key: string]: Value }

/** Context values by name (`env`, `steps`, `matrix`, ...), as plain JSON. */
export type Contexts = Readonly<Record<string, Value>>

/**
 * The contexts an expression may read, each with the keys of it that the caller cannot provide as
 * GitHub would. A context with such keys may not be read whole, or by a computed key, either.
 */
export type Available = Readonly<Record<string, readonly string[]>>

/** How the job stands when an `if:` is evaluated. */
export interface JobStatus {
  readonly failed: boolean
}

/** Every context GitHub has somewhere in a workflow, so that only GitHub's own mistakes fail the parse. */
const GITHUB_CONTEXTS = [
  'github',
  'needs',
  'strategy',
  'matrix',
  'job',
  'jobs',
  'runner',
  'env',
  'vars',
  'secrets',
  'steps',
  'inputs'
]
/** The status functions as GitHub defines them, for a run that is never cancelled. */
const STATUS = {
  success: (status: JobStatus) => !status.failed,
  failure: (status: JobStatus) => status.failed,
  cancelled: () => false,
  always: () => true
}
/** The runner's functions, beyond the library's well-known ones. */
const RUNNER_FUNCTIONS = [
  ...Object.keys(STATUS).map(name => ({ name, minArgs: 0, maxArgs: 0 })),
  { name: 'hashFiles', minArgs: 1, maxArgs: 255 }
]

const quoted = (expression: string) => `\${{ ${expression} }}`

/** Parses as GitHub does: what GitHub would reject fails with the library's own message. */
function parse(expression: string): Expr {
  try {
    const tokens = new Lexer(expression).lex().tokens
    const tree = new Parser(tokens, GITHUB_CONTEXTS, RUNNER_FUNCTIONS).parse() as Expr | undefined
    if (tree === undefined) throw new Error('An expression was expected')
    return tree
  } catch (error) {
    throw new Error(`${quoted(expression)}: ${(error as Error).message}`, { cause: error })
  }
}

/** Every node of a tree, each with its parent. */
function* walk(node: Expr, parent?: Expr): Generator<[Expr, Expr | undefined]> {
  yield [node, parent]
  const children =
    node instanceof Unary
      ? [node.expr]
      : node instanceof Binary
        ? [node.left, node.right]
        : node instanceof Logical || node instanceof FunctionCall
          ? node.args
          : node instanceof Grouping
            ? [node.group]
            : node instanceof IndexAccess
              ? [node.expr, node.index]
              : []
  for (const child of children) yield* walk(child, node)
}

const isStatusCall = (node: Expr) =>
  node instanceof FunctionCall && Object.hasOwn(STATUS, node.functionName.lexeme.toLowerCase())

/** Why a parsed expression cannot be evaluated with what `available` provides, if it cannot. */
function refusal(tree: Expr, available: Available, statusFunctions: boolean): string | undefined {
  const provided = new Map(Object.entries(available).map(([name, v]) => [name.toLowerCase(), v]))
  for (const [node, parent] of walk(tree)) {
    if (node instanceof Literal && /''.*''/s.test(node.token.lexeme.slice(1, -1))) {
      // The library's lexer turns only the first '' of a string into ' (GitHub turns every one).
      return `the string ${node.token.lexeme} has more than one '', which this evaluator misreads`
    }
    if (node instanceof FunctionCall) {
      const name = node.functionName.lexeme
      if (Object.hasOwn(wellKnownFunctions, name.toLowerCase())) continue
      if (!isStatusCall(node)) return `${name}() is not available in a local run`
      if (!statusFunctions) return `${name}() is only for if:`
    }
    if (!(node instanceof ContextAccess)) continue
    const name = node.name.lexeme
    const unknown = provided.get(name.toLowerCase())
    if (unknown === undefined) {
      const names = [...provided.keys()].join(', ') || 'none'
      return `no ${name} context here (the contexts here: ${names})`
    }
    if (unknown.length === 0) continue
    const key =
      parent instanceof IndexAccess &&
      parent.expr === node &&
      parent.index instanceof Literal &&
      parent.index.literal.kind === data.Kind.String
        ? parent.index.literal.coerceString().toLowerCase()
        : undefined
    if (key === undefined) {
      const names = unknown.map(k => `${name}.${k}`).join(', ')
      return `${name} is read whole or by a computed key, and a local run does not know ${names}`
    }
    if (unknown.some(k => k.toLowerCase() === key)) return `${name}.${key} is not known locally`
  }
  return undefined
}

/** Parses one expression and refuses, naming it, what `available` does not provide. */
function check(expression: string, available: Available, statusFunctions: boolean): Expr {
  const tree = parse(expression)
  const reason = refusal(tree, available, statusFunctions)
  if (reason !== undefined) throw new Error(`${quoted(expression)}: ${reason}`)
  return tree
}

/** A string cut at its `${{ }}`: `texts` has one more entry than `expressions`, around them. */
interface Template {
  readonly texts: readonly string[]
  readonly expressions: readonly string[]
}

const OPEN = '${{'

/** The `${{ }}` of a string as GitHub's template reader finds them (`}}` inside a quoted string does not close one). */
function template(text: string): Template {
  const texts: string[] = []
  const expressions: string[] = []
  let from = 0
  for (let start = text.indexOf(OPEN); start >= 0; start = text.indexOf(OPEN, from)) {
    texts.push(text.slice(from, start))
    let end = -1
    let inString = false
    for (let i = start + OPEN.length; i < text.length && end < 0; i++) {
      if (text[i] === "'") inString = !inString
      else if (!inString && text[i] === '}' && text[i - 1] === '}') end = i
    }
    if (end < 0) throw new Error(`an expression is not closed: ${text.slice(start, start + 40)}`)
    expressions.push(text.slice(start + OPEN.length, end - 1).trim())
    from = end + 1
  }
  texts.push(text.slice(from))
  return { texts, expressions }
}

/** An `if:` as GitHub reads it: with or without `${{ }}`, and empty meaning success(). */
function conditionTemplate(text: string): Template {
  if (text.includes(OPEN)) return template(text)
  return { texts: ['', ''], expressions: [text.trim() || 'success()'] }
}

/** Refuses, before anything runs, an expression in `text` that reads what `available` lacks. */
export function checkTemplate(text: string, available: Available): void {
  for (const expression of template(text).expressions) check(expression, available, false)
}

/** The same for an `if:`, where the status functions may be used. */
export function checkCondition(text: string, available: Available): void {
  for (const expression of conditionTemplate(text).expressions) check(expression, available, true)
}

/** Checks every expression of a template against the contexts given, and readies its evaluation. */
function prepare(found: Template, contexts: Contexts, status?: JobStatus) {
  const available = Object.fromEntries(Object.keys(contexts).map(name => [name, []]))
  const trees = found.expressions.map(e => check(e, available, status !== undefined))
  const values = new data.Dictionary(
    ...Object.entries(contexts).map(([key, value]) => ({
      key,
      value: JSON.parse(JSON.stringify(value), data.reviver) as data.ExpressionData
    }))
  )
  const functions = new Map<string, FunctionDefinition>(
    Object.entries(STATUS).map(([name, holds]) => [
      name,
      { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(holds(status!)) }
    ])
  )
  return {
    trees,
    /** The template's value: a lone expression's own, otherwise text. */
    evaluate(): data.ExpressionData {
      const results = trees.map((tree, i) => {
        try {
          return new Evaluator(tree, values, functions).evaluate()
        } catch (error) {
          const message = `${quoted(found.expressions[i]!)}: ${(error as Error).message}`
          throw new Error(message, { cause: error })
        }
      })
      if (results.length === 1 && found.texts.every(t => t === '')) return results[0]!
      // GitHub makes such a string one format() call, which embeds each value as coerceString().
      const joined = found.texts.map((t, i) => t + (results[i]?.coerceString() ?? '')).join('')
      return new data.StringData(joined)
    }
  }
}

/** The value of a string as GitHub evaluates it: a lone `${{ }}` gives its value, anything else text. */
export function evaluate(text: string, contexts: Contexts): Value {
  const value = prepare(template(text), contexts).evaluate()
  return JSON.parse(JSON.stringify(value, data.replacer)) as Value
}

/** A string with every `${{ }}` replaced by its value as text, as GitHub gives it to a step. */
export function interpolate(text: string, contexts: Contexts): string {
  const value = prepare(template(text), contexts).evaluate()
  if (!value.primitive) {
    const what = value.kind === data.Kind.Array ? 'an array' : 'an object'
    throw new Error(`${text.trim()} gives ${what}, not text (toJSON() makes text)`)
  }
  return value.coerceString()
}

/** Every value of a step's `env:` or `with:` (YAML may make one a number or a boolean), interpolated. */
export function interpolateAll(
  values: Readonly<Record<string, unknown>> | undefined,
  contexts: Contexts
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values ?? {}).map(([k, v]) => [k, interpolate(String(v), contexts)])
  )
}

/** Whether a step (or job) with this `if:` runs, given how the job stands. */
export function condition(text: string, contexts: Contexts, status: JobStatus): boolean {
  const prepared = prepare(conditionTemplate(text), contexts, status)
  const named = prepared.trees.some(tree => [...walk(tree)].some(([node]) => isStatusCall(node)))
  // Without a status function GitHub reads the condition as `success() && (condition)`.
  if (!named && !STATUS.success(status)) return false
  return truthy(prepared.evaluate())
}
