import type { RequestListener } from 'node:http';
import type { JobRuntime } from '../jobs/runtime.ts';
import type { SalesforceGateway } from '../salesforce/gateway.ts';
import type { ReadinessCheck } from './server.ts';
import type { RedisClient } from '../redis.ts';
import { settledWithin } from '../deadline.ts';

/** Until start-up completes, /readyz says what it is waiting for; /healthz answers from the first moment. */
export interface ProcessState {
  phase: string;
  /** Set once the process's parts exist (main.ts hands over what it built). */
  services?: { jobs: Pick<JobRuntime, 'workersRunning'>; salesforce: Pick<SalesforceGateway, 'loginStatus'> };
  slackAuth?: ReadinessCheck;
  /** Requests bullpen's own routes do not answer: Bolt's receiver, the simulator redirect. */
  fallback?: RequestListener;
}

/**
 * How long /readyz waits for Redis's PONG. A Cluster client keeps commands queued while every node
 * is down, so an unbounded ping waited for the outage to end and the probe never got an answer.
 */
export const READINESS_PING_MS = 2_000;

/** PING, failing once `deadlineMs` passes without an answer (the ping itself stays queued). */
async function pingWithin(redis: RedisClient, deadlineMs: number): Promise<void> {
  if (!(await settledWithin(redis.ping(), deadlineMs)).done) {
    throw new Error(`no answer to PING in ${deadlineMs} ms`);
  }
}

/** /readyz: Redis answers, start-up is done, and the parts this role runs are healthy. */
export function readinessOf(redis: RedisClient, state: ProcessState, runsWorkers: boolean) {
  return async (): Promise<ReadinessCheck[]> => {
    const checks: ReadinessCheck[] = [];
    try {
      await pingWithin(redis, READINESS_PING_MS);
      checks.push({ name: 'redis', ok: true, detail: 'ping ok' });
    } catch (error) {
      checks.push({ name: 'redis', ok: false, detail: (error as Error).message });
    }
    if (state.phase !== 'started') checks.push({ name: 'startup', ok: false, detail: state.phase });
    const services = state.services;
    if (runsWorkers && services) {
      const running = services.jobs.workersRunning;
      checks.push({ name: 'workers', ok: running, detail: running ? 'running' : 'not running' });
    }
    if (state.slackAuth) checks.push(state.slackAuth);
    const salesforce = services?.salesforce.loginStatus;
    if (runsWorkers && salesforce) checks.push({ name: 'salesforce', ...salesforce });
    return checks;
  };
}
