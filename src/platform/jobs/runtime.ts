import {
  Queue,
  UnrecoverableError,
  Worker,
  type ConnectionOptions,
  type Job,
  type JobsOptions,
  type Processor,
  type WorkerOptions,
} from 'bullmq';
import type { Cluster } from 'ioredis';
import type { Logger } from '../http/logger.ts';
import { settledWithin } from '../deadline.ts';
import { createCluster, queuePrefix, withCoalescedWrites } from '../redis.ts';
import type { JobHandlers, JobMap, JobName, QueueSpec, TypedQueue } from './queue-spec.ts';

/**
 * Retries with exponential backoff and jitter: Slack 429s, Salesforce REQUEST_LIMIT_EXCEEDED and
 * Redis blips are all transient. Completed jobs are kept a day so deterministic job ids (one digest
 * per rep per window, one contest finalisation) keep deduplicating for that long.
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000, jitter: 0.5 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** Waits for every promise to settle, or for the deadline; true when all settled in time. */
async function allSettledWithin(deadlineMs: number, work: Promise<unknown>[]): Promise<boolean> {
  return (await settledWithin(Promise.allSettled(work), deadlineMs)).done;
}

export type WorkerTuning = Pick<
  WorkerOptions,
  'concurrency' | 'limiter' | 'lockDuration' | 'stalledInterval'
>;

interface ProcessorRegistration {
  queue: string;
  processor: Processor;
  options?: WorkerTuning;
}

/** Dispatches a job to the handler for its name; a name without one is a bug, so it is not retried. */
function dispatcher<Jobs extends JobMap>(spec: QueueSpec<Jobs>, handlers: JobHandlers<Jobs>): Processor {
  return async (job: Job, token?: string, signal?: AbortSignal) => {
    const handler = (handlers as unknown as Record<string, Processor | undefined>)[job.name];
    if (!handler) throw new UnrecoverableError(`queue ${spec.name} has no handler for job ${job.name}`);
    return handler(job, token, signal);
  };
}

export interface JobRuntimeOptions {
  /** Redis URL; each queue and worker opens its own connection as BullMQ recommends. */
  redisUrl: string;
  prefix: string;
  /** REDIS_CLUSTER: redisUrl is a seed node of a Redis Cluster. */
  cluster?: boolean;
  logger: Logger;
}

export class JobRuntime {
  private readonly queues = new Map<string, Queue>();
  private readonly declared = new Set<string>();
  private readonly workers: Worker[] = [];
  private readonly registrations: ProcessorRegistration[] = [];
  private readonly options: JobRuntimeOptions;
  private closing = false;
  /** On Cluster: the Cluster clients this runtime made (BullMQ only closes connections it made). */
  private readonly clusters: Cluster[] = [];
  private producerCluster: Cluster | undefined;

  constructor(options: JobRuntimeOptions) {
    this.options = options;
  }

  private get onCluster(): boolean {
    return this.options.cluster === true;
  }

  private prefixOf(queue: string): string {
    return queuePrefix(this.options.prefix, queue, this.onCluster);
  }

  /**
   * Workers block on Redis and wait out an outage: they resume by themselves when it returns. On
   * Cluster, BullMQ takes a client and duplicates it for its own connections, so the one given
   * here never connects.
   */
  private workerConnection(): ConnectionOptions {
    if (!this.onCluster) {
      return withCoalescedWrites({ url: this.options.redisUrl, maxRetriesPerRequest: null });
    }
    const template = createCluster(
      this.options.redisUrl,
      { maxRetriesPerRequest: null },
      { lazyConnect: true },
    );
    this.clusters.push(template);
    return template;
  }

  /**
   * Producers fail fast (BullMQ's advice for queues): while Redis is down an enqueue rejects at once
   * instead of waiting in ioredis's offline queue, so a person who typed a command hears so within
   * Slack's 3 s and nothing half-happens. On Cluster every queue shares one producer client (a
   * Cluster client holds a connection to each master).
   */
  private producerConnection(): ConnectionOptions {
    if (!this.onCluster) {
      return withCoalescedWrites({
        url: this.options.redisUrl,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
      });
    }
    if (!this.producerCluster) {
      // No offline queue, as on one node: BullMQ waits for the client to be ready before its first
      // command, and after that an enqueue during an outage rejects at once instead of queueing.
      this.producerCluster = createCluster(
        this.options.redisUrl,
        { maxRetriesPerRequest: 1 },
        { enableOfflineQueue: false },
      );
      this.producerCluster.on('error', (error: Error) =>
        this.options.logger.warn({ err: error }, 'queue connection error'),
      );
      this.clusters.push(this.producerCluster);
    }
    return this.producerCluster;
  }

  /** Makes a queue known to metrics, health and drain checks before anything is enqueued on it. */
  declare(...specs: Pick<QueueSpec, 'name'>[]): void {
    for (const spec of specs) this.declared.add(spec.name);
  }

  /** Every queue declared or used in this process. */
  get queueNames(): string[] {
    return [...new Set([...this.declared, ...this.queues.keys()])];
  }

  queue<Jobs extends JobMap>(spec: QueueSpec<Jobs>): TypedQueue<Jobs> {
    return this.queueNamed(spec.name) as unknown as TypedQueue<Jobs>;
  }

  /** Enqueues one job; its data is checked against the job name's type. */
  add<Jobs extends JobMap, Name extends JobName<Jobs>>(
    spec: QueueSpec<Jobs>,
    name: Name,
    data: Jobs[Name],
    opts?: JobsOptions,
  ): Promise<Job> {
    return this.queueNamed(spec.name).add(name, data, opts);
  }

  /** Enqueues many jobs of one name in one round trip. */
  addBulk<Jobs extends JobMap, Name extends JobName<Jobs>>(
    spec: QueueSpec<Jobs>,
    name: Name,
    items: { data: Jobs[Name]; opts?: JobsOptions }[],
  ): Promise<Job[]> {
    return this.queueNamed(spec.name).addBulk(items.map((item) => ({ name, ...item })));
  }

  /** Declares the handlers for a queue's jobs; workers only start in the worker role. */
  process<Jobs extends JobMap>(
    spec: QueueSpec<Jobs>,
    handlers: JobHandlers<Jobs>,
    options?: WorkerTuning,
  ): void {
    this.declared.add(spec.name);
    this.registrations.push({
      queue: spec.name,
      processor: dispatcher(spec, handlers),
      ...(options ? { options } : {}),
    });
  }

  /** By name, for the ops views (depths per queue) that read every queue alike. */
  queueNamed(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.producerConnection(),
        prefix: this.prefixOf(name),
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      });
      queue.on('error', (error) =>
        this.options.logger.warn({ err: error, queue: name }, 'queue connection error'),
      );
      this.queues.set(name, queue);
    }
    return queue;
  }

  get registeredQueues(): string[] {
    return this.registrations.map((r) => r.queue);
  }

  startWorkers(): void {
    for (const { queue, processor, options } of this.registrations) {
      const worker = new Worker(queue, processor, {
        connection: this.workerConnection(),
        prefix: this.prefixOf(queue),
        concurrency: 4,
        ...options,
      });
      worker.on('failed', (job, error) =>
        this.options.logger.warn(
          { err: error, queue, jobId: job?.id, attempt: job?.attemptsMade },
          'job failed; it will be retried if attempts remain',
        ),
      );
      worker.on('error', (error) => this.options.logger.warn({ err: error, queue }, 'worker error'));
      this.workers.push(worker);
    }
    if (this.workers.length > 0) {
      this.options.logger.info({ queues: this.registeredQueues }, 'job workers started');
    }
  }

  /** A queue closes by QUIT, which a Redis that is down never answers: past the deadline, disconnect. */
  private async closeQueues(deadlineMs: number): Promise<void> {
    const queues = [...this.queues.values()];
    const closed = await allSettledWithin(
      deadlineMs,
      queues.map((q) => q.close()),
    );
    if (!closed)
      await allSettledWithin(
        deadlineMs,
        queues.map((q) => q.disconnect()),
      );
  }

  private async closeClusters(deadlineMs: number): Promise<void> {
    const quit = async (cluster: Cluster): Promise<void> => {
      if (cluster.status === 'ready') await cluster.quit().catch(() => cluster.disconnect());
      else cluster.disconnect();
    };
    if (!(await allSettledWithin(deadlineMs, this.clusters.map(quit)))) {
      for (const cluster of this.clusters) cluster.disconnect();
    }
  }

  get workersRunning(): boolean {
    return this.workers.length > 0 && this.workers.every((w) => w.isRunning());
  }

  /**
   * Stops taking jobs and lets active ones finish until the deadline. Past it, running processors get
   * an abort signal and the worker's connection is dropped: their locks are no longer extended, so
   * BullMQ's stalled-job check hands those jobs to another worker and nothing is lost.
   */
  async close(deadlineMs: number): Promise<{ forced: boolean }> {
    if (this.closing) return { forced: false };
    this.closing = true;
    let forced = false;
    const graceful = Promise.all(this.workers.map((w) => w.close()));
    if (!(await settledWithin(graceful, deadlineMs)).done) {
      forced = true;
      this.options.logger.warn('active jobs did not finish before the shutdown deadline; releasing them');
      for (const worker of this.workers) worker.cancelAllJobs('bullpen is shutting down');
      // A connection in the middle of reconnecting may never report its end; do not wait past the deadline.
      await allSettledWithin(
        deadlineMs,
        this.workers.map((w) => w.disconnect()),
      );
    }
    await this.closeQueues(deadlineMs);
    await this.closeClusters(deadlineMs);
    return { forced };
  }
}
