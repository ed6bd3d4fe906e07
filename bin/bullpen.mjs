#!/usr/bin/env node
// Plain JavaScript on purpose: it must run on any Node to say which Node bullpen needs.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `bullpen needs Node.js 22.12 or newer (24 LTS recommended); this is Node ${process.versions.node}. ` +
      'Install Node 24 (see .nvmrc) and run again.',
  );
  process.exit(1);
}

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
