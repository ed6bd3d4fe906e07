/**
 * The time as a feature sees it, injected by the composition root. Production uses `realClock`;
 * tests and demos pass a clock whose `timeScale` shrinks every delay a feature schedules (0.001 runs
 * a one-hour contest in 3.6 s) so they can watch a whole contest instead of waiting for it.
 */
export interface Clock {
  now(): Date;
  /** Scheduled delays are multiplied by this factor: 1 is real time. */
  timeScale: number;
}

export const realClock: Clock = { now: () => new Date(), timeScale: 1 };
