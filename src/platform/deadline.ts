/**
 * Waiting for work with a deadline: the one race bullpen runs wherever it must not wait past a
 * bound (a Slack acknowledgement, a readiness probe, a metrics scrape, a shutdown step).
 */

/** The work's result if it settles within `ms`; its error is thrown as the work's own. */
export async function settledWithin<T>(
  work: Promise<T>,
  ms: number,
): Promise<{ done: true; value: T } | { done: false }> {
  let timer: NodeJS.Timeout | undefined;
  const late = Symbol('late');
  const first = await Promise.race([
    work,
    new Promise<typeof late>((resolve) => {
      timer = setTimeout(() => resolve(late), ms);
    }),
  ]).finally(() => clearTimeout(timer));
  return first === late ? { done: false } : { done: true, value: first as T };
}
