import { WebClient, ErrorCode, type WebAPIPlatformError } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoChannels } from '@bullpen/demo-company';
import { startSlackSimulator, type SlackSimulator } from '../src/index.ts';

const BOT_TOKEN = 'xoxb-simulated-test-token';
const sales = demoChannels[0].id;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

let sim: SlackSimulator;
const client = () =>
  new WebClient(BOT_TOKEN, { slackApiUrl: `${sim.url}/api/`, retryConfig: { retries: 0 } });

beforeEach(async () => {
  sim = await startSlackSimulator({ signingSecret: 'secret', botToken: BOT_TOKEN });
});
afterEach(async () => {
  await sim.close();
});

describe('Slack simulator files.uploadV2', () => {
  it('takes the upload URL, the bytes and the completion, and shows the file in the channel', async () => {
    const result = await client().filesUploadV2({
      channel_id: sales,
      file: PNG,
      filename: 'chart.png',
      title: 'Chart',
      initial_comment: 'The numbers',
    });
    expect(result.ok).toBe(true);
    expect(sim.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    expect(sim.callsTo('files.completeUploadExternal')).toHaveLength(1);
    const [file] = sim.files.all();
    expect(file?.bytes?.equals(PNG)).toBe(true);
    expect(file).toMatchObject({
      filename: 'chart.png',
      title: 'Chart',
      mimetype: 'image/png',
      completed: true,
    });
    const [message] = sim.workspace.messagesIn(sales);
    expect(message).toMatchObject({ text: 'The numbers', files: [{ id: file?.id, title: 'Chart' }] });
    const served = await fetch(`${sim.url}/files/${file?.id ?? ''}`);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('refuses to complete a file whose bytes never arrived, or into an unknown channel', async () => {
    const reserved = await client().files.getUploadURLExternal({ filename: 'x.png', length: 3 });
    const refuse = async (channel: string) => {
      try {
        await client().files.completeUploadExternal({
          files: [{ id: String(reserved.file_id) }],
          channel_id: channel,
        });
      } catch (error) {
        expect((error as WebAPIPlatformError).code).toBe(ErrorCode.PlatformError);
        return (error as WebAPIPlatformError).data.error;
      }
      return 'ok';
    };
    expect(await refuse(sales)).toBe('file_not_found');
    await fetch(String(reserved.upload_url), { method: 'POST', body: new Uint8Array([1, 2, 3]) });
    expect(await refuse('C0NOSUCH1')).toBe('channel_not_found');
    expect(sim.workspace.messagesIn(sales)).toHaveLength(0);
  });
});
