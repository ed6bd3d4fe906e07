import type { ServerResponse } from 'node:http';
import type { TvDeps } from '../deps.ts';
import { TvLinkStore, type TvLink } from '../store.ts';
import { computeView, viewKey, type TvView } from './views.ts';

/**
 * The open screens of this process, one server-sent-event stream each. A single timer recomputes
 * each distinct team view that has a screen open (not one query loop per screen) and sends it only
 * to screens whose last view differs. A screen whose link was revoked is told so and closed.
 */

const DEFAULT_TICK_MS = 2_000;
const KEEP_ALIVE_MS = 15_000;
/** What EventSource waits before reconnecting, e.g. while bullpen restarts. */
const RETRY_MS = 2_000;

interface Screen {
  res: ServerResponse;
  link: TvLink;
  sentHash: string | null;
  lastWriteAt: number;
}

export class TvStreams {
  private readonly deps: TvDeps;
  private readonly links: TvLinkStore;
  private readonly screens = new Set<Screen>();
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;

  constructor(deps: TvDeps) {
    this.deps = deps;
    this.links = new TvLinkStore(deps.redis, deps.keys);
  }

  get openScreens(): number {
    return this.screens.size;
  }

  async open(link: TvLink, res: ServerResponse): Promise<void> {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`retry: ${RETRY_MS}\n\n`);
    const screen: Screen = { res, link, sentHash: null, lastWriteAt: Date.now() };
    this.screens.add(screen);
    // The response's close is the connection's (a GET's request may count as done at once).
    res.on('close', () => this.drop(screen));
    res.on('error', () => this.drop(screen));
    this.timer ??= setInterval(() => void this.tick(), this.deps.tickMs ?? DEFAULT_TICK_MS).unref();
    // A new or reconnected screen gets the current view at once, not on the next tick.
    this.send(screen, await computeView(this.deps, link));
  }

  private drop(screen: Screen): void {
    this.screens.delete(screen);
    if (this.screens.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private send(screen: Screen, view: TvView): void {
    if (screen.sentHash === view.hash || screen.res.writableEnded) return;
    const data = JSON.stringify({ hash: view.hash, html: view.html, panels: view.panels });
    screen.res.write(`event: view\ndata: ${data}\n\n`);
    screen.sentHash = view.hash;
    screen.lastWriteAt = Date.now();
  }

  private async closeRevoked(): Promise<void> {
    const hashes = new Set([...this.screens].map((s) => s.link.hash));
    const live = new Set<string>();
    for (const hash of hashes) if (await this.links.byHash(hash)) live.add(hash);
    for (const screen of [...this.screens]) {
      if (live.has(screen.link.hash)) continue;
      screen.res.end('event: revoked\ndata: {}\n\n');
      this.drop(screen);
    }
  }

  /** One pass over every open team view; a pass still running makes the next one skip. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      await this.closeRevoked();
      const groups = new Map<string, Screen[]>();
      for (const screen of this.screens) {
        const key = viewKey(screen.link);
        groups.set(key, [...(groups.get(key) ?? []), screen]);
      }
      for (const group of groups.values()) {
        const first = group[0];
        if (!first) continue;
        const view = await computeView(this.deps, first.link);
        for (const screen of group) this.send(screen, view);
      }
      this.keepAlive();
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'TV board update failed');
    } finally {
      this.ticking = false;
    }
  }

  /** A comment now and then keeps proxies from closing a quiet stream. */
  private keepAlive(): void {
    const now = Date.now();
    for (const screen of this.screens) {
      if (now - screen.lastWriteAt < KEEP_ALIVE_MS || screen.res.writableEnded) continue;
      screen.res.write(': keep-alive\n\n');
      screen.lastWriteAt = now;
    }
  }
}
