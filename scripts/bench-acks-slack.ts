// The Slack side of the ack benchmark, in its own process so serving bullpen's Web API calls and
// response_url posts costs neither bullpen nor the load generator any CPU: the Slack simulator (for
// views.publish, users.*, chat.*) and a sink that counts what arrives on each response_url.
// Prints one JSON line {simulatorUrl, sinkUrl} when ready; exits when its parent closes stdin.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSlackSimulator } from '@bullpen/slack-simulator';

const options = JSON.parse(process.argv[2] ?? '{}') as { signingSecret: string; botToken: string };
const simulator = await startSlackSimulator({
  port: 0,
  signingSecret: options.signingSecret,
  botToken: options.botToken,
  slashCommands: [],
});

/** Answers per kind of request (the response_url's path is /r/<kind>/<n>), and the last text of each. */
const answers: Record<string, number> = {};
const lastText: Record<string, string> = {};
/** When the first answer to request n arrived (epoch ms, the machine's clock the load generator reads too). */
const arrivals = new Map<number, number>();
const sink = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ answers, lastText }));
    return;
  }
  if (req.url === '/arrivals') {
    // GET reads them; POST starts afresh (each target's requests are numbered from 0).
    if (req.method === 'POST') arrivals.clear();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(Object.fromEntries(arrivals)));
    return;
  }
  const at = Date.now();
  const [, kind = 'unknown', n] = /^\/r\/([^/]+)\/(\d+)/.exec(req.url ?? '') ?? [];
  // The bench's readiness probes (/r/probe/<n>) are numbered apart from the measured requests.
  if (kind !== 'probe' && n !== undefined && !arrivals.has(Number(n))) arrivals.set(Number(n), at);
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    answers[kind] = (answers[kind] ?? 0) + 1;
    try {
      lastText[kind] = String((JSON.parse(body) as { text?: unknown }).text ?? '').slice(0, 200);
    } catch {
      lastText[kind] = body.slice(0, 200);
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
});
await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
process.stdout.write(`${JSON.stringify({ simulatorUrl: simulator.url, sinkUrl })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  sink.close();
  void simulator.close().then(() => process.exit(0));
});
