import type { KnownBlock, SectionBlock } from '@slack/types';
import { mention } from '../../../platform/slack/mentions.ts';
import { escapeAndTruncate, mrkdwnEscape, truncate } from '../../../platform/slack/text.ts';
import { formatAmount, type LinkedOpportunity } from '../domain/opportunity.ts';
import type { Shoutout } from '../domain/shoutout.ts';

/** Block Kit for shout-out posts and win prompts: small pure functions over plain data. */

export const RECOGNITION_ACTIONS = {
  /** Overflow menu on a posted shout-out (Delete). */
  postMenu: 'shoutout_post_menu',
  /** Win prompt DM button: opens the modal pre-filled with the owner and the opportunity. */
  fromWin: 'shoutout_from_win',
  /** Home / help button: opens an empty shout-out modal. */
  compose: 'shoutout_compose',
  /** Link button to the opportunity; Slack still sends the click, which must be acknowledged. */
  openOpportunity: 'shoutout_open_opportunity',
} as const;

export const DELETE_OPTION_VALUE_PREFIX = 'delete:';
const SECTION_TEXT_MAX = 3_000;
const HEADER_MAX = 150;

export interface Author {
  id: string;
  name: string;
  title: string;
}

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export const mentionList = (slackIds: readonly string[]): string => {
  const mentions = slackIds.map(mention);
  if (mentions.length <= 1) return mentions.join('');
  return `${mentions.slice(0, -1).join(', ')} and ${mentions.at(-1) ?? ''}`;
};

/**
 * Splits long mrkdwn into section-sized pieces at line or word breaks, never inside an entity
 * (`&amp;`) or a mention (`<@U123>`). Escaping can make a 1,500-character message longer than one
 * section holds.
 */
export function chunkMrkdwn(text: string, max = SECTION_TEXT_MAX): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = Math.max(rest.lastIndexOf('\n', max), rest.lastIndexOf(' ', max));
    if (cut <= max / 2) cut = max;
    const open = rest.lastIndexOf('<', cut);
    if (open > rest.lastIndexOf('>', cut - 1) && open > 0) cut = open;
    const amp = rest.lastIndexOf('&', cut);
    if (amp > rest.lastIndexOf(';', cut - 1) && amp > cut - 6 && amp > 0) cut = amp;
    chunks.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest !== '') chunks.push(rest);
  return chunks;
}

const quote = (mrkdwn: string): string =>
  mrkdwn
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');

function opportunityLine(opportunity: LinkedOpportunity): string {
  const name = escapeAndTruncate(opportunity.name, 120);
  const label = opportunity.url ? `<${opportunity.url}|${name}>` : `*${name}*`;
  return `:briefcase: ${label} · ${formatAmount(opportunity.amount)}`;
}

function deleteMenu(shoutoutId: string): SectionBlock['accessory'] {
  return {
    type: 'overflow',
    action_id: RECOGNITION_ACTIONS.postMenu,
    options: [
      {
        text: { type: 'plain_text', text: 'Delete shout-out' },
        value: `${DELETE_OPTION_VALUE_PREFIX}${shoutoutId}`,
      },
    ],
  };
}

export interface ShoutoutPostInput {
  shoutout: Pick<Shoutout, 'id' | 'recipients' | 'text' | 'style'>;
  author: Author;
  opportunity: LinkedOpportunity | null;
}

/** The public post. Executives get the header and their title; peer kudos stay plain. */
export function shoutoutPost({ shoutout, author, opportunity }: ShoutoutPostInput): SlackMessage {
  const recipients = mentionList(shoutout.recipients);
  const authorName = mrkdwnEscape(truncate(author.name, 80));
  const title = author.title.trim() === '' ? '' : ` · _${escapeAndTruncate(author.title, 80)}_`;
  const blocks: KnownBlock[] = [];
  let intro: string;
  if (shoutout.style === 'executive') {
    blocks.push({
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncate(`🏆 Shout-out from ${author.name}`, HEADER_MAX),
        emoji: true,
      },
    });
    intro = `*${authorName}*${title} recognises ${recipients}`;
  } else {
    intro = `:clap: ${mention(author.id)} gives kudos to ${recipients}`;
  }
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: intro }, accessory: deleteMenu(shoutout.id) });
  for (const chunk of chunkMrkdwn(shoutout.text, SECTION_TEXT_MAX - 50)) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: quote(chunk) } });
  }
  const context = [opportunity ? opportunityLine(opportunity) : null, `id \`${shoutout.id}\``].filter(
    (part): part is string => part !== null,
  );
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: context.join('   ') }] });
  const who = shoutout.style === 'executive' ? `Shout-out from ${author.name}` : `Kudos from ${author.name}`;
  return { text: truncate(`${who} to ${recipients}`, 300), blocks };
}

export interface WinPromptInput {
  opportunity: LinkedOpportunity;
  ownerSlackId: string | null;
  ownerName: string;
  threshold: number;
}

/** The DM each executive gets once per big win. */
export function winPromptMessage({
  opportunity,
  ownerSlackId,
  ownerName,
  threshold,
}: WinPromptInput): SlackMessage {
  const owner = ownerSlackId ? mention(ownerSlackId) : `*${escapeAndTruncate(ownerName, 80)}*`;
  const name = escapeAndTruncate(opportunity.name, 120);
  const deal = opportunity.url ? `<${opportunity.url}|${name}>` : `*${name}*`;
  const elements: Extract<KnownBlock, { type: 'actions' }>['elements'] = [
    {
      type: 'button',
      action_id: RECOGNITION_ACTIONS.fromWin,
      text: { type: 'plain_text', text: 'Give a shout-out' },
      style: 'primary',
      value: opportunity.id,
    },
  ];
  if (opportunity.url) {
    elements.push({
      type: 'button',
      action_id: RECOGNITION_ACTIONS.openOpportunity,
      text: { type: 'plain_text', text: 'Open in Salesforce' },
      url: opportunity.url,
    });
  }
  return {
    text: `${ownerName} closed ${opportunity.name} (${formatAmount(opportunity.amount)}). Give a shout-out?`,
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `:tada: ${owner} just closed ${deal} for *${formatAmount(opportunity.amount)}*.\nA word from you in public goes a long way.`,
        },
      },
      { type: 'actions', block_id: 'shoutout_win_actions', elements },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `You get one prompt per Closed Won deal of ${formatAmount(threshold)} or more, as an executive in bullpen.`,
          },
        ],
      },
    ],
  };
}

export const shoutoutHelpText = [
  '*Recognise someone in public*',
  '`/shoutout @Sam Carter @Jordan Lee called every webinar lead within the hour!` posts to the recognition channel.',
  '`/shoutout` opens a form where you can also link a won Salesforce opportunity.',
  '`/shoutout delete so-1a2b3c4d` deletes one of your shout-outs (admins can delete any).',
  'On any message: *More actions → Shout out* starts a shout-out about it.',
].join('\n');

/** What the author can do about a post Slack refused, by Slack's error code. */
function postFailureAdvice(channel: string, slackError: string): string {
  switch (slackError) {
    case 'not_in_channel':
      return `bullpen is not a member of <#${channel}>: type \`/invite @bullpen\` there, then send the shout-out again.`;
    case 'channel_not_found':
      return `bullpen cannot see <#${channel}> (it may be private or deleted): invite @bullpen to it, or ask your bullpen admin to check \`recognition.channel\`.`;
    case 'is_archived':
      return `<#${channel}> is archived: ask your bullpen admin to set another \`recognition.channel\`, then send it again.`;
    default:
      return "Ask your bullpen admin to check bullpen's Slack setup, then send it again.";
  }
}

/** The DM to an author whose shout-out Slack would not post: why, what to do, and their words back. */
export function postFailedText(shoutout: Shoutout, slackError: string): string {
  const quoted = shoutout.text
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');
  return [
    `:warning: Your shout-out was *not posted* to <#${shoutout.channel}>: Slack answered \`${mrkdwnEscape(slackError)}\`.`,
    postFailureAdvice(shoutout.channel, slackError),
    'Here is what you wrote, so nothing is lost:',
    quoted,
  ].join('\n');
}
