import type { RelayDeps } from './deps.ts';

/**
 * Whether this Slack user may qualify and hand off leads: a qualifier by role or by name in the
 * policy, and matched to a Salesforce user (the hand-off Task is theirs).
 */
export async function actorRefusal(
  deps: Pick<RelayDeps, 'config' | 'roles' | 'people'>,
  slackUserId: string,
): Promise<{ refusal: null; salesforceId: string } | { refusal: string }> {
  const { qualifiers } = deps.config.policy.relay;
  const listed = qualifiers.people.includes(slackUserId);
  const roles = listed ? null : await deps.roles.rolesOf(slackUserId);
  if (!listed && !qualifiers.roles.some((role) => roles?.has(role))) {
    return { refusal: 'Only qualifiers (SDRs, as the relay policy names them) can hand leads off to an AE.' };
  }
  const salesforceId = await deps.people.salesforceIdFor(slackUserId);
  if (!salesforceId) {
    return {
      refusal:
        'bullpen cannot match your Slack account to a Salesforce user, so it cannot log the hand-off as yours.',
    };
  }
  return { refusal: null, salesforceId };
}
