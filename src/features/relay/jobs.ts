import { z } from 'zod';
import type { RelayDeps } from './app/deps.ts';
import { FUNNEL_HOME_JOB, runFunnelHomeJob } from './app/funnel-home.ts';
import { escalateToManager, remindAe } from './app/notify.ts';
import { relayQueue } from './queue.ts';
import { registerFunnelReplyJobs } from './replies/funnel-reply-jobs.ts';

export { relayQueue } from './queue.ts';
export { relayRepliesQueue } from './replies/funnel-reply-jobs.ts';

const slaJobSchema = z.object({ leadId: z.string(), handedOffAt: z.string() });

/**
 * The accept SLA's processors (each does nothing once the AE has answered) and Home's funnel; and,
 * on their own queue, `/funnel`'s answers and drill-downs.
 */
export function startRelayJobs(deps: RelayDeps): void {
  deps.jobs.process(
    relayQueue,
    {
      'accept-reminder': (job) => remindAe(deps, slaJobSchema.parse(job.data)),
      'accept-escalation': (job) => escalateToManager(deps, slaJobSchema.parse(job.data)),
      [FUNNEL_HOME_JOB]: () => runFunnelHomeJob(deps),
    },
    { concurrency: 2 },
  );
  registerFunnelReplyJobs(deps);
}
