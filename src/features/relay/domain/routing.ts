import type { RelayPolicy } from '../policy.ts';

/**
 * The AE the policy's routing rule proposes for a lead (the SDR may change it in the modal).
 * Round-robin takes the team member after the last one chosen; `turn` is that counter.
 */
export function proposedAe(
  policy: Pick<RelayPolicy, 'routing' | 'aes'>,
  lead: Readonly<Record<string, unknown>>,
  turn: number,
): string | null {
  const routing = policy.routing;
  if (routing.kind === 'named') return routing.ae;
  if (routing.kind === 'field') {
    const value = lead[routing.field];
    const mapped = typeof value === 'string' ? routing.map[value] : undefined;
    return mapped ?? routing.fallback ?? null;
  }
  const team = routing.team ?? policy.aes;
  if (team.length === 0) return null;
  return team[turn % team.length] ?? null;
}

/** Whether a rule takes turns, so the caller advances its counter only when it does. */
export const takesTurns = (policy: Pick<RelayPolicy, 'routing'>): boolean =>
  policy.routing.kind === 'roundRobin';

/** Ids compare on their first 15 characters (Salesforce's case-sensitive form). */
export { sameId } from '../../../platform/salesforce/ids.ts';
