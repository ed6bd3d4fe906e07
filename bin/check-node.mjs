// Plain JavaScript on purpose: it must run on any Node to say which Node bullpen needs. Both
// `bin/bullpen.mjs` and `npm test` use it, so an old Node gets the same one line from either.
import { pathToFileURL } from 'node:url';

/** The line to print when `version` (e.g. "20.20.2") is too old for bullpen, else undefined. */
export function nodeVersionProblem(version) {
  const [major, minor] = version.split('.').map(Number);
  if (major > 22 || (major === 22 && minor >= 12)) return undefined;
  return (
    `bullpen needs Node.js 22.12 or newer (24 LTS recommended); this is Node ${version}. ` +
    'Install Node 24 (see .nvmrc) and run again.'
  );
}

/** Prints the line and exits 1 when this Node is too old. */
export function exitUnlessNodeIsRecent() {
  const problem = nodeVersionProblem(process.versions.node);
  if (problem === undefined) return;
  console.error(problem);
  process.exit(1);
}

// Run directly (the "test" script does, before vitest loads), it checks this Node.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) exitUnlessNodeIsRecent();
