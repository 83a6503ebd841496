/**
 * Preloaded (`node --import ./scripts/json-import-hook.ts`) by every script that loads
 * @actions/workflow-parser. The parser's ESM build imports its schemas
 * (`../action-v1.0.min.json`, `../workflow-v1.0.min.json`) without `with { type: 'json' }`, and
 * Node 24 refuses such an import (ERR_IMPORT_ATTRIBUTE_MISSING). This hook adds the attribute to
 * JSON imports made from inside that package, and to nothing else: our own code still has to
 * write the attribute.
 *
 * Jest does not need it and could not use it: jest's ESM runtime links test modules itself,
 * outside Node's loader (it refuses module.registerHooks in a test), and loads such JSON with a
 * deprecation warning. So the tests never import the parser in process; they run
 * scripts/check-github.ts as a child process preloaded with this hook, as `npm run` does.
 */
import { registerHooks } from 'node:module'

const PARSER = '/node_modules/@actions/workflow-parser/'

registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context)
    // require() passes no importAttributes at all.
    const attributes = context.importAttributes ?? {}
    if (
      context.parentURL?.includes(PARSER) &&
      resolved.url.endsWith('.json') &&
      attributes.type === undefined
    ) {
      return { ...resolved, importAttributes: { ...attributes, type: 'json' } }
    }
    return resolved
  }
})
