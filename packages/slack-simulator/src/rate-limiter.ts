/**
 * Per-method sliding-window limits, the way Slack counts Web API tiers (calls per minute per method
 * per workspace). Only methods with a configured limit are counted.
 */
export class RateLimiter {
  private readonly limits: Map<string, number>;
  private readonly windowMs: number;
  private readonly acceptedAt = new Map<string, number[]>();

  constructor(limits: Partial<Record<string, number>>, windowMs: number) {
    this.limits = new Map(
      Object.entries(limits).filter((entry): entry is [string, number] => typeof entry[1] === 'number'),
    );
    this.windowMs = windowMs;
  }

  /** Counts the call if it is allowed; otherwise returns the whole seconds to wait (at least 1). */
  take(method: string, nowMs: number): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const limit = this.limits.get(method);
    if (limit === undefined) return { allowed: true };
    const recent = (this.acceptedAt.get(method) ?? []).filter((at) => at > nowMs - this.windowMs);
    if (recent.length >= limit) {
      this.acceptedAt.set(method, recent);
      const oldest = recent[0] ?? nowMs;
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - nowMs) / 1000)),
      };
    }
    recent.push(nowMs);
    this.acceptedAt.set(method, recent);
    return { allowed: true };
  }

  setLimit(method: string, callsPerWindow: number | undefined): void {
    if (callsPerWindow === undefined) this.limits.delete(method);
    else this.limits.set(method, callsPerWindow);
    this.acceptedAt.delete(method);
  }
}
