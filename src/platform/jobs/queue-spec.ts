import type { Job, Queue } from 'bullmq';

/**
 * A queue and the jobs it carries, declared once by the feature that owns it: job name -> data.
 * `JobRuntime.queue(spec)`, `add(spec, …)` and `process(spec, …)` take the spec, so a job name or
 * its data cannot drift between the code that enqueues and the code that processes.
 */
export type JobMap = Record<string, unknown>;

export interface QueueSpec<Jobs extends JobMap = JobMap> {
  readonly name: string;
  /** Type-only: never set; carries the job map through inference. */
  readonly jobs?: Jobs;
}

export const defineQueue = <Jobs extends JobMap>(name: string): QueueSpec<Jobs> => ({ name });

export type JobName<Jobs extends JobMap> = Extract<keyof Jobs, string>;
export type TypedQueue<Jobs extends JobMap> = Queue<Jobs[JobName<Jobs>], unknown, JobName<Jobs>>;
export type TypedJob<Jobs extends JobMap, Name extends JobName<Jobs> = JobName<Jobs>> = Job<
  Jobs[Name],
  unknown,
  Name
>;

/** One handler per job name; a job whose name has none fails without retries. */
export type JobHandlers<Jobs extends JobMap> = {
  [Name in JobName<Jobs>]: (
    job: TypedJob<Jobs, Name>,
    token?: string,
    signal?: AbortSignal,
  ) => Promise<unknown>;
};
