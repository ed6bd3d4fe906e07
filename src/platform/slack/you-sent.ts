import { mrkdwnEscape } from './text.ts';

/**
 * Quotes back what a person typed when bullpen refuses it, so nothing they wrote is lost: they
 * copy, fix and resend instead of retyping a long shout-out or contest line.
 */
export function youSent(command: string, text: string, maxLength = 1500): string {
  const escaped = mrkdwnEscape(text);
  const clipped = escaped.length > maxLength ? `${escaped.slice(0, maxLength)}…` : escaped;
  const quoted = `${command} ${clipped}`
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
  return `You sent:\n${quoted}`;
}
