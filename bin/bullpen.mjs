#!/usr/bin/env node
// Plain JavaScript up to here on purpose: it must run on any Node to say which Node bullpen needs.
import { exitUnlessNodeIsRecent } from './check-node.mjs';

exitUnlessNodeIsRecent();

// Node 22.18+/23.6+ strip TypeScript types natively; older 22.x releases load the sources through tsx.
if (!process.features.typescript) {
  const { register } = await import('tsx/esm/api');
  register();
}
const { runCli } = await import('../src/cli/main.ts');
const code = await runCli(process.argv.slice(2));
// A command is done when it returns: a client still retrying in the background (Slack's Web API
// client keeps at it for minutes) must not keep the process alive after "shutdown complete".
process.exit(code);
