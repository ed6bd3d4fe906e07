import { domainEventId, type DomainEvent } from '../../shared/sync/domain-events.ts';
import type { JobRuntime, QueueName } from './runtime.ts';

/** The job name under which domain events arrive on a subscriber's queue. */
export const DOMAIN_EVENT_JOB = 'domain-event';

/**
 * Fans domain events out to the queues of the features that subscribed (SLA engine, contests,
 * recognition). Each event gets a deterministic job id per queue, so publishing the same event
 * twice (an overlap window, a retried sync) enqueues it once while the first job is kept.
 */
export class DomainEventBus {
  private readonly runtime: JobRuntime;
  private readonly subscribers = new Set<QueueName>();

  constructor(runtime: JobRuntime) {
    this.runtime = runtime;
  }

  subscribe(queue: QueueName): void {
    this.subscribers.add(queue);
  }

  async publish(events: DomainEvent[]): Promise<void> {
    if (events.length === 0 || this.subscribers.size === 0) return;
    await Promise.all(
      [...this.subscribers].map((queue) =>
        this.runtime.queue(queue).addBulk(
          events.map((event) => ({
            name: DOMAIN_EVENT_JOB,
            data: event,
            opts: { jobId: domainEventId(event) },
          })),
        ),
      ),
    );
  }
}
