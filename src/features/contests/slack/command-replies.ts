import {
  context,
  header,
  linesToSections,
  MAX_MESSAGE_BLOCKS,
  section,
  type ContestMessage,
  type KnownBlock,
} from './block-kit.ts';
import { EXAMPLES } from '../domain/command-parser.ts';
import { escapeMrkdwn, formatPoints, slackDate, timeLeft, truncate } from './format.ts';
import { METRICS, NOT_COUNTS, scoringEnd, type Contest } from '../domain/model.ts';
import type { LedgerEntry, LedgerRule } from '../domain/scoring-types.ts';
import { CONTEST_TEMPLATES } from '../domain/templates.ts';

/** Private answers to `/contest` and `/leaderboard why`: errors, the list, help, the points behind a score. */

const RULE_LABELS: Record<LedgerRule, string> = {
  followup: 'Follow-up',
  call: 'Call',
  first_touch_sla: 'First touch within SLA',
  sla_hit: 'Touched within SLA',
  sla_miss: 'SLA missed',
  meeting: 'Meeting',
  conversion: 'Converted',
  opportunity_won: 'Won',
  lead_qualified: 'Qualified and handed off',
  handoff_accepted: 'Hand-off accepted',
  time_to_accept: 'Median time to accept',
};

export function pointsExplanation(
  contest: Contest,
  entries: readonly LedgerEntry[],
  options: { recordUrl: (recordId: string) => string; leadNames?: ReadonlyMap<string, string> },
): ContestMessage {
  const lines = entries.map((entry) => {
    if (entry.rule === 'time_to_accept') {
      // One entry per AE: the median over every hand-off they accepted in the window.
      return `• ${RULE_LABELS[entry.rule]} over your accepts so far: ${formatPoints(contest, entry.points)} · as of ${slackDate(entry.at)}`;
    }
    const target = entry.leadId ?? entry.recordId;
    const label = escapeMrkdwn(truncate(options.leadNames?.get(target) ?? target, 80)).replaceAll('|', '¦');
    const url = options.recordUrl(entry.recordId).replace(/[<>|\s]/g, encodeURIComponent);
    return `• ${RULE_LABELS[entry.rule]}: <${url}|${label}> · ${slackDate(entry.at)} · +${entry.points}`;
  });
  const sum = entries.reduce((total, entry) => total + entry.points, 0);
  const total = NOT_COUNTS.has(contest.metric) ? formatPoints(contest, sum) : String(sum);
  const blocks: KnownBlock[] = [section(`*Your points in ${escapeMrkdwn(contest.name)}* (${total})`)];
  if (lines.length === 0)
    blocks.push(section('_Nothing has scored yet. Log a call or email on a lead in scope._'));
  const packed = linesToSections(lines, MAX_MESSAGE_BLOCKS - 3);
  blocks.push(...packed.blocks);
  if (packed.shown < lines.length) blocks.push(context(`…and ${lines.length - packed.shown} older entries.`));
  return { text: `Your points in ${escapeMrkdwn(contest.name)}`, blocks };
}

export function commandErrorMessage(error: string, example: string, sent?: string): ContestMessage {
  return {
    text: `That didn't work: ${escapeMrkdwn(error)}`,
    blocks: [
      section(`:warning: ${escapeMrkdwn(error)}`),
      context(`Try: \`${escapeMrkdwn(example)}\``),
      ...(sent ? [context(sent)] : []),
    ],
  };
}

export function contestListMessage(contests: readonly Contest[], now: Date): ContestMessage {
  const lines = contests.map(
    (contest) =>
      `• \`${contest.id}\` *${escapeMrkdwn(contest.name)}* · ${contest.status} · ${
        contest.status === 'scheduled'
          ? `starts ${slackDate(contest.window.start)}`
          : timeLeft(scoringEnd(contest), now)
      }`,
  );
  const blocks =
    lines.length === 0
      ? [section('No contests yet. `/contest` launches one.')]
      : linesToSections(lines, MAX_MESSAGE_BLOCKS).blocks;
  return { text: 'Contests', blocks };
}

export function contestHelpMessage(): ContestMessage {
  const commands = [
    '`/contest` opens the form to launch a contest.',
    `\`${EXAMPLES.start}\``,
    'Options: `metric:` `for:` (1h–30d) `start:2026-12-01T09:00` `in:#channel` `with:@people` or `with:@group` `teams:@group1,@group2` `scope:all|source=A,B|campaign=701…` `prize:"…"` `top:10` `goal:20` (each rep’s target; not for sla_hit_rate) `template:` `updates:live|daily|both`',
    '`/contest list` · `/contest status [id]` · `/contest end <id>` · `/contest cancel <id>` · `/contest extend <id> 2d` · `/contest recompute <id>` · `/contest report <id>` (did it stick?)',
    `\`${EXAMPLES.preview}\` shows what the board would have looked like.`,
  ];
  const metrics = `*Metrics:* ${METRICS.join(', ')}, won_amount`;
  const templates = `*Templates:* ${CONTEST_TEMPLATES.map((t) => `\`${t.id}\` ${t.label}`).join(' · ')}`;
  return {
    text: 'How /contest works',
    blocks: [header('Follow-up contests'), section(commands.join('\n')), section(`${metrics}\n${templates}`)],
  };
}
