import type { DailySection } from '../../../shared/daily/section.ts';
import type { RecognitionStore } from '../store.ts';
import { shoutoutLine } from './home-section.ts';

/**
 * Yesterday's shout-outs to the team (any recipient in it) in its daily summary, newest first, as
 * Home lists them. Read from Redis only.
 */

const SCAN_RECENT = 200;
const SECTION_MAX = 2_900;

export const recognitionDailySection = (store: RecognitionStore): DailySection => ({
  order: 30,
  name: 'shout-outs',
  render: async ({ team, yesterday }) => {
    const shoutouts = (await store.recent(SCAN_RECENT)).filter((shoutout) => {
      const at = new Date(shoutout.createdAt).getTime();
      const inDay = at >= yesterday.start.getTime() && at < yesterday.end.getTime();
      return inDay && shoutout.recipients.some((id) => team.memberSlackIds.has(id));
    });
    if (shoutouts.length === 0) return [];
    let text = `*Shout-outs yesterday*`;
    for (const shoutout of shoutouts) {
      const line = shoutoutLine(shoutout);
      if (text.length + line.length + 1 > SECTION_MAX) break;
      text += `\n${line}`;
    }
    return [{ type: 'section', text: { type: 'mrkdwn', text } }];
  },
});
