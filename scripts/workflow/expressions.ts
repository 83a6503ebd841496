/**
 * The part of GitHub's `${{ ... }}` expression language that our workflows use, so that
 * `scripts/run-workflow.ts` can run them locally: literals, the `env` and `steps` contexts,
 * property and index access, `fromJSON` / `toJSON`, `!`, `==`, `!=`, `&&`, `||` and parentheses.
 * Anything else (another context, another function, `*` filters, `<`) is refused with an error
 * naming it, rather than guessed at: a local run that quietly differs from GitHub's proves nothing.
 */

export type Value = null | boolean | number | string | Value[] | { [key: string]: Value }

export interface Contexts {
  readonly env: Record<string, string>
  readonly steps: Record<string, { outputs: Record<string, string>; outcome?: string }>
}

type Node =
  | { kind: 'literal'; value: Value }
  | { kind: 'context'; name: 'env' | 'steps' }
  | { kind: 'property'; target: Node; name: string }
  | { kind: 'index'; target: Node; index: Node }
  | { kind: 'call'; name: 'fromJSON' | 'toJSON'; args: Node[] }
  | { kind: 'not'; operand: Node }
  | { kind: 'binary'; op: '==' | '!=' | '&&' | '||'; left: Node; right: Node }

const CONTEXTS = ['env', 'steps'] as const
const FUNCTIONS = ['fromJSON', 'toJSON'] as const

export class ExpressionError extends Error {}

type Token = { type: 'punct' | 'ident' | 'string' | 'number'; text: string; value?: Value }

function tokenize(source: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < source.length) {
    const rest = source.slice(i)
    const space = /^\s+/.exec(rest)
    if (space) {
      i += space[0].length
      continue
    }
    const string = /^'((?:[^']|'')*)'/.exec(rest)
    if (string) {
      tokens.push({ type: 'string', text: string[0], value: string[1]!.replace(/''/g, "'") })
      i += string[0].length
      continue
    }
    const number = /^-?\d+(\.\d+)?/.exec(rest)
    if (number) {
      tokens.push({ type: 'number', text: number[0], value: Number(number[0]) })
      i += number[0].length
      continue
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(rest)
    if (ident) {
      tokens.push({ type: 'ident', text: ident[0] })
      i += ident[0].length
      continue
    }
    const punct = /^(==|!=|&&|\|\||[!.()[\],])/.exec(rest)
    if (punct) {
      tokens.push({ type: 'punct', text: punct[0] })
      i += punct[0].length
      continue
    }
    throw new ExpressionError(`unsupported syntax at "${rest.slice(0, 20)}" in ${source}`)
  }
  return tokens
}

/** Parses one expression (the text between `${{` and `}}`); throws on anything outside the subset. */
export function parseExpression(source: string): Node {
  const tokens = tokenize(source)
  let pos = 0
  const peek = () => tokens[pos]
  const fail = (what: string): never => {
    throw new ExpressionError(`${what} in \${{ ${source.trim()} }}`)
  }
  const expect = (text: string) => {
    if (peek()?.text !== text) fail(`expected "${text}"`)
    pos++
  }

  function orExpr(): Node {
    let left = andExpr()
    while (peek()?.text === '||') {
      pos++
      left = { kind: 'binary', op: '||', left, right: andExpr() }
    }
    return left
  }
  function andExpr(): Node {
    let left = equality()
    while (peek()?.text === '&&') {
      pos++
      left = { kind: 'binary', op: '&&', left, right: equality() }
    }
    return left
  }
  function equality(): Node {
    let left = unary()
    while (peek()?.text === '==' || peek()?.text === '!=') {
      const op = peek()!.text as '==' | '!='
      pos++
      left = { kind: 'binary', op, left, right: unary() }
    }
    return left
  }
  function unary(): Node {
    if (peek()?.text === '!') {
      pos++
      return { kind: 'not', operand: unary() }
    }
    return postfix(primary())
  }
  function postfix(node: Node): Node {
    for (;;) {
      const token = peek()
      if (token?.text === '.') {
        pos++
        const name = peek()
        if (name?.type !== 'ident') fail('expected a property name after "."')
        pos++
        node = { kind: 'property', target: node, name: name!.text }
      } else if (token?.text === '[') {
        pos++
        const index = orExpr()
        expect(']')
        node = { kind: 'index', target: node, index }
      } else {
        return node
      }
    }
  }
  function primary(): Node {
    const token = peek()
    if (token === undefined) return fail('unexpected end')
    pos++
    if (token.type === 'string' || token.type === 'number') {
      return { kind: 'literal', value: token.value! }
    }
    if (token.text === '(') {
      const inner = orExpr()
      expect(')')
      return inner
    }
    if (token.type === 'ident') {
      if (token.text === 'true' || token.text === 'false') {
        return { kind: 'literal', value: token.text === 'true' }
      }
      if (token.text === 'null') return { kind: 'literal', value: null }
      if (peek()?.text === '(') {
        if (!(FUNCTIONS as readonly string[]).includes(token.text)) {
          fail(`unsupported function ${token.text}()`)
        }
        pos++
        const args: Node[] = []
        while (peek()?.text !== ')') {
          args.push(orExpr())
          if (peek()?.text === ',') pos++
          else break
        }
        expect(')')
        if (args.length !== 1) fail(`${token.text}() takes one argument`)
        return { kind: 'call', name: token.text as 'fromJSON' | 'toJSON', args }
      }
      if ((CONTEXTS as readonly string[]).includes(token.text)) {
        return { kind: 'context', name: token.text as 'env' | 'steps' }
      }
      return fail(`unsupported context "${token.text}"`)
    }
    return fail(`unexpected "${token.text}"`)
  }

  const node = orExpr()
  if (pos < tokens.length) fail(`unexpected "${tokens[pos]!.text}"`)
  return node
}

function truthy(value: Value): boolean {
  return value !== null && value !== false && value !== 0 && value !== ''
}

/** GitHub's loose equality: strings compare case-insensitively; mixed types compare as numbers. */
function equal(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase()
  if (typeof a === typeof b && (typeof a !== 'object' || a === null)) return a === b
  if (typeof a === 'object' || typeof b === 'object') return a === b
  const number = (v: Value) =>
    v === null ? 0 : typeof v === 'boolean' ? Number(v) : v === '' ? 0 : Number(v)
  return number(a) === number(b)
}

export function evaluate(node: Node, contexts: Contexts): Value {
  switch (node.kind) {
    case 'literal':
      return node.value
    case 'context':
      return node.name === 'env'
        ? { ...contexts.env }
        : (JSON.parse(JSON.stringify(contexts.steps)) as Value)
    case 'property':
    case 'index': {
      if (
        node.kind === 'property' &&
        node.target.kind === 'context' &&
        node.target.name === 'steps'
      ) {
        if (!(node.name in contexts.steps)) {
          throw new ExpressionError(`steps.${node.name}: no earlier step has id "${node.name}"`)
        }
      }
      const target = evaluate(node.target, contexts)
      const key = node.kind === 'property' ? node.name : evaluate(node.index, contexts)
      if (Array.isArray(target)) {
        return typeof key === 'number' ? (target[key] ?? null) : null
      }
      if (target !== null && typeof target === 'object' && typeof key === 'string') {
        const entry = Object.entries(target).find(([k]) => k.toLowerCase() === key.toLowerCase())
        return entry?.[1] ?? null
      }
      return null
    }
    case 'call': {
      const arg = evaluate(node.args[0]!, contexts)
      if (node.name === 'toJSON') return JSON.stringify(arg, null, 2)
      if (typeof arg !== 'string') throw new ExpressionError('fromJSON() needs a string')
      try {
        return JSON.parse(arg) as Value
      } catch {
        throw new ExpressionError(`fromJSON(): not JSON: ${arg.slice(0, 80)}`)
      }
    }
    case 'not':
      return !truthy(evaluate(node.operand, contexts))
    case 'binary': {
      const left = evaluate(node.left, contexts)
      if (node.op === '&&') return truthy(left) ? evaluate(node.right, contexts) : left
      if (node.op === '||') return truthy(left) ? left : evaluate(node.right, contexts)
      const same = equal(left, evaluate(node.right, contexts))
      return node.op === '==' ? same : !same
    }
  }
}

/** How GitHub turns a value into the text of a string it is embedded in. */
export function toText(value: Value): string {
  if (value === null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value, null, 2)
}

const EMBEDDED = /\$\{\{(.*?)\}\}/gs

/** The expressions embedded in a string, parsed; throws on the first one outside the subset. */
export function checkTemplate(text: string): void {
  for (const match of text.matchAll(EMBEDDED)) parseExpression(match[1]!)
}

/** Replaces every `${{ ... }}` in a string with its value as text. */
export function interpolate(text: string, contexts: Contexts): string {
  return text.replace(EMBEDDED, (_, source: string) =>
    toText(evaluate(parseExpression(source), contexts))
  )
}

/** An `if:` condition: either a bare expression or one wrapped in `${{ }}`. */
export function condition(text: string, contexts: Contexts): boolean {
  const wrapped = /^\s*\$\{\{(.*)\}\}\s*$/s.exec(text)
  return truthy(evaluate(parseExpression(wrapped ? wrapped[1]! : text), contexts))
}
