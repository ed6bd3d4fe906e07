import type { QueueSpec } from './queue-spec.ts';
import type { JobRuntime } from './runtime.ts';

/** The job name under which domain events arrive on a subscriber's queue. */
export const DOMAIN_EVENT_JOB = 'domain-event';

/** A queue that takes domain events of type Event (and possibly other jobs). */
export type EventQueueSpec<Event> = QueueSpec<{ [DOMAIN_EVENT_JOB]: Event }>;

/**
 * Fans domain events out to the queues of the features that subscribed (SLA engine, contests,
 * recognition). Each event gets a deterministic job id per queue, so publishing the same event
 * twice (an overlap window, a retried sync) enqueues it once while the first job is kept. The
 * events' schema and ids belong to whoever publishes them (src/shared/sync/domain-events.ts).
 */
export class DomainEventBus<Event> {
  private readonly runtime: JobRuntime;
  private readonly idOf: (event: Event) => string;
  private readonly subscribers = new Map<string, EventQueueSpec<Event>>();

  constructor(runtime: JobRuntime, idOf: (event: Event) => string) {
    this.runtime = runtime;
    this.idOf = idOf;
  }

  subscribe(queue: EventQueueSpec<Event>): void {
    this.subscribers.set(queue.name, queue);
  }

  async publish(events: Event[]): Promise<void> {
    if (events.length === 0 || this.subscribers.size === 0) return;
    await Promise.all(
      [...this.subscribers.values()].map((queue) =>
        this.runtime.addBulk(
          queue,
          DOMAIN_EVENT_JOB,
          events.map((event) => ({ data: event, opts: { jobId: this.idOf(event) } })),
        ),
      ),
    );
  }
}
