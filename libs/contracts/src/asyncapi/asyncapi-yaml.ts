import { stringify } from 'yaml';
import { buildAsyncApiDocument } from './asyncapi.js';

/** Where the committed document lives, from the repository root. */
export const ASYNCAPI_FILE = 'docs/asyncapi.yaml';

/**
 * The text of docs/asyncapi.yaml. Kept out of the lib's index: `yaml` is a development dependency,
 * used by the regeneration script and the test that finds a stale file.
 */
export function asyncApiYaml(): string {
  const header = '# Generated from libs/contracts by `npm run docs:asyncapi`; do not edit by hand.\n';
  return header + stringify(buildAsyncApiDocument(), { lineWidth: 0, aliasDuplicateObjects: false });
}
