import type { RequestListener } from 'node:http';
import type { JobRuntime } from '../jobs/runtime.ts';
import type { SalesforceGateway } from '../salesforce/gateway.ts';
import type { ReadinessCheck } from './server.ts';
import type { RedisClient } from '../redis.ts';

/** Until start-up completes, /readyz says what it is waiting for; /healthz answers from the first moment. */
export interface ProcessState {
  phase: string;
  /** Set once the process's parts exist (main.ts hands over what it built). */
  services?: { jobs: Pick<JobRuntime, 'workersRunning'>; salesforce: Pick<SalesforceGateway, 'loginStatus'> };
  slackAuth?: ReadinessCheck;
  /** Requests bullpen's own routes do not answer: Bolt's receiver, the simulator redirect. */
  fallback?: RequestListener;
}

/** /readyz: Redis answers, start-up is done, and the parts this role runs are healthy. */
export function readinessOf(redis: RedisClient, state: ProcessState, runsWorkers: boolean) {
  return async (): Promise<ReadinessCheck[]> => {
    const checks: ReadinessCheck[] = [];
    try {
      await redis.ping();
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
