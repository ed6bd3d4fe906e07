/**
 * The SLA hit rate, ranked honestly. A raw rate ranks 1 of 1 (100%) above 49 of 50 (98%); the
 * lower bound of the Wilson score interval asks "how high is this rep's rate, at worst, given how
 * few leads we have seen?", so a long record of hits beats a lucky single one. A policy minimum of
 * decided leads (hits + misses) on top keeps a rep with two lucky leads from winning outright.
 */

/** 95% two-sided: the usual confidence for "at least this good". */
export const WILSON_Z = 1.96;

/** Hits and decided leads (hits + misses) behind one rep's rate. */
export interface HitTally {
  hits: number;
  decided: number;
}

/** Lower bound of the Wilson score interval of hits/decided; 0 when nothing is decided yet. */
export function wilsonLowerBound(hits: number, decided: number, z = WILSON_Z): number {
  if (decided <= 0) return 0;
  const p = hits / decided;
  const z2 = z * z;
  const centre = p + z2 / (2 * decided);
  const spread = z * Math.sqrt((p * (1 - p) + z2 / (4 * decided)) / decided);
  return Math.max(0, (centre - spread) / (1 + z2 / decided));
}

/** The rate in basis points (10000 = 100%), as the board stores it. */
export const rateBasisPoints = ({ hits, decided }: HitTally): number =>
  decided === 0 ? 0 : Math.round((10_000 * hits) / decided);

/** How many more decided leads a rep needs before ranking with everyone else (0: none). */
export const decidedStillNeeded = (tally: HitTally, minDecided: number): number =>
  Math.max(0, minDecided - tally.decided);
