import type { ReindexProgress } from '../sla-index-store.ts';

/**
 * The SLA index's state in words, for `bullpen doctor` and the admin's Home: ready, rebuilding (with
 * progress), or not built under the running policy (the scan reads every lead meanwhile).
 */

export interface IndexStatus {
  ready: boolean;
  detail: string;
}

export function slaIndexStatus(input: {
  readyHash: string | null;
  currentHash: string;
  progress: ReindexProgress | null;
}): IndexStatus {
  const { readyHash, currentHash, progress } = input;
  const ofThisPolicy = progress?.policyHash === currentHash ? progress : null;
  const running = ofThisPolicy !== null && ofThisPolicy.finishedAt === null;
  if (running && readyHash === currentHash) {
    return {
      ready: true,
      detail: `SLA index ready; refreshing (${ofThisPolicy.reason}): ${ofThisPolicy.done} of ${ofThisPolicy.total} leads`,
    };
  }
  if (ofThisPolicy && running) {
    const share = ofThisPolicy.total > 0 ? Math.floor((ofThisPolicy.done / ofThisPolicy.total) * 100) : 0;
    return {
      ready: false,
      detail: `SLA index rebuilding (${ofThisPolicy.reason}): ${ofThisPolicy.done} of ${ofThisPolicy.total} leads (${share}%); scans read every lead until it is done`,
    };
  }
  if (readyHash === currentHash) {
    const when = ofThisPolicy?.finishedAt ? ` at ${ofThisPolicy.finishedAt}` : '';
    return { ready: true, detail: `SLA index ready (built${when} under the running SLA policy)` };
  }
  const why =
    readyHash === null
      ? 'not built yet: it is built once sync has back-filled leads and tasks'
      : 'built under another SLA policy: a worker rebuilds it at start-up';
  return { ready: false, detail: `SLA index ${why}; scans read every lead meanwhile` };
}
