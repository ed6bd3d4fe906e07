import { MAX_ARRIVAL_AGE_MS } from '../domain/arrival.ts';
import { isWaitingIn, postArrival, type ArrivalDeps } from './arrivals.ts';
import { mappingFor } from './mapping.ts';

/**
 * Leads already waiting in a mapped queue that no event announced: those there before bullpen's
 * first sync (which reads history without raising events) or before the queue was mapped. Each
 * recent one not yet posted for its queue is posted as if it had just arrived at its CreatedDate,
 * the arrival a `lead.created` event would have given it. Reads Redis only, so it can run often.
 */
export async function postWaitingLeads(deps: ArrivalDeps): Promise<number> {
  let posted = 0;
  for (const queue of await deps.queues.all()) {
    const mapping = mappingFor(deps.config.policy.queues, queue);
    if (!mapping) continue;
    const leads = await deps.store.getMany('Lead', await deps.store.leadIdsOwnedBy(queue.id));
    for (const lead of leads) {
      const createdMs = Date.parse(lead.CreatedDate);
      if (!isWaitingIn(lead, queue) || Date.now() - createdMs > MAX_ARRIVAL_AGE_MS) continue;
      const latest = await deps.leadQueues.latestArrivalOf(lead.Id);
      if (latest && latest.queueId === queue.id) continue;
      await postArrival(deps, { queue, mapping, lead, arrivedAtMs: createdMs });
      posted += 1;
    }
  }
  return posted;
}
