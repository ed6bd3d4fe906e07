/**
 * Worker lock settings for queues whose jobs must resume soon after their worker dies (kill -9, an
 * OOM kill, a lost node): a dead worker's job goes to another worker once its lock lapses and a
 * stalled-job check notices, within lockDuration + stalledInterval (25 s here). BullMQ renews the
 * lock every lockDuration / 2 while the job runs, so a long job keeps its lock for as long as it
 * takes.
 */
export const QUICK_RECOVERY_LOCKS = { lockDuration: 20_000, stalledInterval: 5_000 } as const;
