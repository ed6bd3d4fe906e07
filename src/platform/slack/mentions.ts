/**
 * Slack user ids and mentions, in one place: ids arrive in payloads, policy files and typed text,
 * and every check of them must agree on what an id looks like.
 */

/** A Slack user id: U… for a workspace member, W… for an Enterprise Grid one. */
export const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

export const isSlackUserId = (value: string): boolean => SLACK_USER_ID.test(value);

/** The mrkdwn that Slack renders as the person's name. */
export const mention = (slackUserId: string): string => `<@${slackUserId}>`;
