import { registerContestJobs } from './contests/index.ts';
import { registerNudgeJobs } from './nudges/jobs.ts';
import { recognitionWorker } from './recognition/jobs.ts';
import { registerSalesforceJobs } from '../shared/sync/sync-jobs.ts';
import type { WorkerFeature } from '../services.ts';

/** Every feature's background work, registered in worker processes (ROLE=worker or all). */
export const workerFeatures: WorkerFeature[] = [
  { name: 'salesforce', registerJobs: registerSalesforceJobs },
  {
    name: 'slack-delivery',
    registerJobs: async (services) => services.delivery.registerWorker(),
  },
  recognitionWorker,
  { name: 'nudges', registerJobs: registerNudgeJobs },
  { name: 'contests', registerJobs: registerContestJobs },
];
