// The ack benchmark's yardstick: a bare Bolt app with bullpen's receiver (HTTPReceiver, see
// src/platform/slack/app.ts) that verifies the signature and only acks every command and action.
// Prints one JSON line {url, pid} when listening; exits when its parent closes stdin.
import { App, HTTPReceiver } from '@slack/bolt';

const options = JSON.parse(process.argv[2] ?? '{}') as { signingSecret: string };
const receiver = new HTTPReceiver({ signingSecret: options.signingSecret, endpoints: '/slack/events' });
// A fixed token through authorize: no auth.test call, nothing but the ack on the request path.
const app = new App({ receiver, authorize: async () => ({ botToken: 'xoxb-bare' }) });
app.command(/.*/, async ({ ack }) => {
  await ack();
});
app.action(/.*/, async ({ ack }) => {
  await ack();
});
const server = await receiver.start({ port: 0, host: '127.0.0.1' });
const address = server.address();
const port = typeof address === 'object' && address ? address.port : 0;
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}`, pid: process.pid })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void app.stop().then(() => process.exit(0));
});
