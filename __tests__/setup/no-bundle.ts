/**
 * Jest setup for the test files that do not run the bundle (jest.config.js, project
 * `in-process`): nothing builds it for them, so one that starts it all the same is pointed at a
 * file that does not exist, whose name says what to do, rather than at the committed `dist/`,
 * which may be older than the sources.
 */
import { join } from 'node:path'
import { BUNDLE_ENV, ROOT } from '../../scripts/run-action.ts'

process.env[BUNDLE_ENV] = join(
  ROOT,
  'no-bundle-here',
  'list-this-test-in-BUNDLE_TESTS-of-jest.config.js-to-run-the-bundle.js'
)
