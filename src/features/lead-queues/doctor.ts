import { withDoctorRedis, type DoctorCheck, type DoctorRedisEnv } from '../../platform/doctor.ts';
import { findQueue, readLeadQueues, type LeadQueue } from '../../shared/people/queues.ts';
import type { LeadQueueMapping, LeadQueuesPolicy } from './policy.ts';

/**
 * `bullpen doctor`'s line per mapped queue: whether Salesforce has it (as of the worker's last read
 * of the queues) and whether anyone can claim its leads. A policy naming no queue gets no line.
 */

interface QueuesConfig {
  env: DoctorRedisEnv;
  policy: { queues: LeadQueuesPolicy };
}

function mappingCheck(mapping: LeadQueueMapping, queues: readonly LeadQueue[]): DoctorCheck {
  const queue = findQueue(queues, mapping.queue);
  const where = `→ ${mapping.channel}`;
  if (!queue) {
    const known = queues.map((q) => q.developerName ?? q.name).join(', ') || 'none';
    return {
      name: 'queues',
      status: 'warn',
      required: false,
      detail: `"${mapping.queue}" ${where}: Salesforce has no lead queue by that DeveloperName, Name or Id (lead queues: ${known})`,
      fix: 'name the queue as Setup > Queues shows it, and check it holds Leads (Supported Objects)',
    };
  }
  if (queue.memberUserIds.length === 0) {
    return {
      name: 'queues',
      status: 'warn',
      required: false,
      detail: `${queue.name} ${where}: the queue has no member users, so nobody can claim its leads in Slack`,
      fix: 'add users (or a public group of users) to the queue in Salesforce; roles are not read',
    };
  }
  return {
    name: 'queues',
    status: 'pass',
    required: false,
    detail: `${queue.name} ${where}: ${queue.memberUserIds.length} member(s) can claim, claim SLA ${mapping.claimSlaMinutes} min`,
  };
}

export async function leadQueuesDoctorChecks(config: QueuesConfig): Promise<DoctorCheck[]> {
  const mappings = config.policy.queues;
  if (mappings.length === 0) return [];
  return withDoctorRedis(config.env, async ({ redis, keys }) => {
    const snapshot = await readLeadQueues(redis, keys);
    if (!snapshot) {
      return [
        {
          name: 'queues',
          status: 'skip',
          required: false,
          detail: 'the Salesforce queues have not been read yet (a worker reads them when it starts)',
          fix: "if this lasts, read the worker's log: bullpen's Salesforce user needs read access to Group, GroupMember and QueueSobject",
        },
      ];
    }
    return mappings.map((mapping) => mappingCheck(mapping, snapshot.queues));
  });
}
