/**
 * A lead landing in a mapped queue: what its channel post shows and what a Claim click is checked
 * against. One arrival per lead, queue and moment, so a lead that leaves the queue and comes back is
 * a new arrival with a new post, while the same sync event seen twice is the same arrival.
 */

export interface Arrival {
  id: string;
  leadId: string;
  queueId: string;
  queueName: string;
  channel: string;
  claimSlaMinutes: number;
  manager: string | null;
  /** When the lead entered the queue (created in it, or moved to it), ISO-8601. */
  arrivedAt: string;
  lead: { name: string; company: string | null; source: string | null; createdAt: string };
}

/** Arrivals older than this are history by the time bullpen first sees them (a first sync): not posted. */
export const MAX_ARRIVAL_AGE_MS = 24 * 3_600_000;

export const arrivalIdOf = (leadId: string, queueId: string, arrivedAtMs: number): string =>
  `${leadId}-${queueId.slice(0, 15)}-${arrivedAtMs}`;

/** "45s", "3m 12s", "2h 5m", "1d 3h": how long a lead waited, to the precision a reader cares about. */
export function elapsedText(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  const rest = seconds % 60;
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m ${rest}s`;
  return `${rest}s`;
}
