import type { LeadQueuesDeps } from '../deps.ts';
import type { RoutingStore } from '../routing-store.ts';
import { whyText } from '../slack/routing-blocks.ts';
import { managerSlackId } from './claim-sla.ts';
import { mappingFor } from './mapping.ts';

/**
 * `/routing why <lead id>`: who bullpen assigned a lead to, when and why (the rule, and who was
 * skipped for what). Answered to the lead's routed owners, their managers, the queue's manager and
 * admins; anyone else hears only that they may not see it, so lead Ids reveal nothing.
 */

export type WhyDeps = Pick<LeadQueuesDeps, 'config' | 'people' | 'slack' | 'roles' | 'queues'> & {
  routing: RoutingStore;
};

const LEAD_ID = /^00Q[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/;
export const WHY_USAGE = 'Usage: `/routing why <lead id>`, with a Lead Id like 00Q5e00000AbCdE.';

async function mayAsk(
  deps: WhyDeps,
  slackUserId: string,
  owners: string[],
  queueId: string,
): Promise<boolean> {
  for (const owner of owners) if (await deps.roles.mayActForOwner(slackUserId, owner)) return true;
  const queue = await deps.queues.lookup(queueId);
  const manager = queue ? mappingFor(deps.config.policy.queues, queue)?.manager : undefined;
  return manager !== undefined && (await managerSlackId(deps, manager)) === slackUserId;
}

export async function routingWhy(
  deps: WhyDeps,
  request: { slackUserId: string; text: string },
): Promise<string> {
  const [verb, leadId, ...rest] = request.text.trim().split(/\s+/).filter(Boolean);
  if (verb?.toLowerCase() !== 'why' || leadId === undefined || rest.length > 0) return WHY_USAGE;
  if (!LEAD_ID.test(leadId)) return `'${leadId.slice(0, 40)}' is not a Lead Id (00Q…). ${WHY_USAGE}`;
  const record = await deps.routing.routedLead(leadId);
  const owners = record?.assignments.map((assignment) => assignment.ownerId) ?? [];
  if (!record || !(await mayAsk(deps, request.slackUserId, owners, record.queueId))) {
    return `bullpen has not assigned lead ${leadId} (routed or claimed) in the last 30 days, or you may not see its routing.`;
  }
  const slackIds = new Map<string, string | null>();
  for (const id of new Set([
    ...owners,
    ...record.assignments.flatMap((a) => a.skipped.map((s) => s.userId)),
  ])) {
    slackIds.set(id, await deps.people.slackIdFor(id));
  }
  return whyText(record, (id) => {
    const slackId = slackIds.get(id);
    return slackId ? `<@${slackId}>` : id;
  });
}
