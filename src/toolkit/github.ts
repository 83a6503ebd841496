/**
 * The workflow run context of `@actions/github`, without the rest of the package.
 *
 * The package's entry points (`@actions/github` and `@actions/github/lib/utils`) both load Octokit,
 * its REST endpoint table, `@actions/http-client` and undici at start-up, about 1.2 MB bundled,
 * for a GitHub API client the action never makes. `Context` reads only environment variables and
 * the event payload file, so its module is imported by path.
 */
import { Context } from '../../node_modules/@actions/github/lib/context.js'

/** Read from the environment once, when first imported, as `@actions/github` does. */
export const context = new Context()
