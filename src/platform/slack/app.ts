import type { RequestListener } from 'node:http';
import { App, HTTPReceiver, type Logger as BoltLogger } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { SlackSettings } from '../config/load.ts';
import type { Logger } from '../http/logger.ts';
import type { Env } from '../config/env.ts';
import { slackClientOptions, slackLibraryLogger } from './client-options.ts';
import { rejectRequestsOutsideClockWindow } from './request-freshness.ts';
import { SlackRouter, type SlackSurface } from './router.ts';
import { describeSlackAuthFailure, refusedTokenError } from './token-check.ts';
import type { RedisClient } from '../redis.ts';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackRuntime {
  app: App;
  surface: SlackSurface;
  /** Present in HTTP mode: bullpen's own HTTP server hands Slack's requests to Bolt's receiver. */
  requestListener?: RequestListener;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Bolt logs through pino, so its lines are structured and redacted like ours (its app client shares them). */
export function boltLogger(logger: Logger): BoltLogger {
  return slackLibraryLogger(logger, 'bolt');
}

type ConnectedSlack = Exclude<SlackSettings, { mode: 'local' }>;

/** Registers the app's listeners (every feature's) on the router; does no I/O. */
export type RegisterListeners = (router: SlackRouter) => void;

/** What the Slack runtime needs from the process (property names as main.ts has them). */
export interface SlackRuntimeDeps {
  config: { env: Pick<Env, 'SLACK_TIMEOUT_MS'> };
  logger: Logger;
  redis: Pick<RedisClient, 'status'>;
}

/**
 * Bolt checks the bot token (auth.test) when it initialises. Left in the constructor, a refused token
 * rejects a promise nobody awaits and Node kills the process; deferred to here, the refusal is logged
 * and main.ts's own auth.test reports it in /readyz, so bullpen stays up, not ready, saying why.
 */
async function initialise(app: App, logger: Logger): Promise<boolean> {
  try {
    await app.init();
    return true;
  } catch (error) {
    // A refused token is a configuration fact, not a bug: its stack would only bury the reason.
    const detail = refusedTokenError(error) ? {} : { err: error };
    logger.error(detail, `Slack did not accept bullpen: ${describeSlackAuthFailure(error)}`);
    return false;
  }
}

/**
 * Builds the Bolt app for Socket Mode (SLACK_APP_TOKEN set) or the HTTP receiver, with every feature
 * registered. The Web API URL is configurable so the same code talks to Slack, GovSlack or the local
 * simulator; @slack/web-api retries 429s and 5xx itself.
 */
export function createSlackRuntime(
  settings: ConnectedSlack,
  registerListeners: RegisterListeners,
  deps: SlackRuntimeDeps,
  options: { retries?: number } = {},
): SlackRuntime {
  const logger = boltLogger(deps.logger);
  const clientOptions = slackClientOptions({
    apiUrl: settings.apiUrl,
    timeoutMs: deps.config.env.SLACK_TIMEOUT_MS,
    logger: deps.logger,
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
  });
  // Only a connection known to be lost counts: one still opening at start-up gets the benefit of the doubt.
  const storeReady = (): boolean => !['reconnecting', 'close', 'end'].includes(deps.redis.status);
  if (settings.mode === 'socket') {
    return socketRuntime(settings, registerListeners, deps.logger, { logger, clientOptions, storeReady });
  }
  const receiver = new HTTPReceiver({
    signingSecret: settings.signingSecret,
    endpoints: SLACK_EVENTS_PATH,
    logger,
  });
  const app = new App({
    token: settings.botToken,
    receiver,
    clientOptions,
    logger,
    deferInitialization: true,
    // bullpen keeps no conversation state in Bolt; its default store costs every request a look-up
    // and, for a channel it has never seen, a thrown Error.
    convoStore: false,
  });
  const router = new SlackRouter(app, { storeReady });
  registerListeners(router);
  // Bolt's token check starts now, as it would in its constructor, but its failure is handled.
  const initialised = initialise(app, deps.logger);
  return {
    app,
    surface: router.surface,
    requestListener: rejectRequestsOutsideClockWindow(
      afterInitialisation(initialised, receiver.requestListener, deps.logger),
      deps.logger,
    ),
    start: async () => {
      await initialised;
    },
    stop: async () => {},
  };
}

/**
 * Bolt cannot authorise a request before its initialisation has finished, nor ever if that failed
 * (Slack refused the token): requests wait for the first, and get a 503 pointing at /readyz for the second.
 */
function afterInitialisation(
  initialised: Promise<boolean>,
  listener: RequestListener,
  logger: Logger,
): RequestListener {
  return (req, res) => {
    void initialised
      .then((ok) => {
        if (ok) {
          listener(req, res);
          return;
        }
        req.resume();
        res.writeHead(503, { 'content-type': 'text/plain' });
        res.end('bullpen could not connect to Slack (see /readyz)');
      })
      .catch((error: unknown) => {
        // A throw here would otherwise be an unhandled rejection, which ends the process.
        logger.error({ err: error }, 'Slack request failed before Bolt could answer it');
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  };
}

function socketRuntime(
  settings: Extract<ConnectedSlack, { mode: 'socket' }>,
  registerListeners: RegisterListeners,
  appLogger: Logger,
  shared: { logger: BoltLogger; clientOptions: WebClientOptions; storeReady: () => boolean },
): SlackRuntime {
  const { logger, clientOptions, storeReady } = shared;
  const app = new App({
    token: settings.botToken,
    appToken: settings.appToken,
    socketMode: true,
    clientOptions,
    logger,
    deferInitialization: true,
    convoStore: false,
  });
  const router = new SlackRouter(app, { storeReady });
  registerListeners(router);
  let started = false;
  return {
    app,
    surface: router.surface,
    start: async () => {
      // Without an accepted bot token a socket connection could take events but answer none.
      if (!(await initialise(app, appLogger))) return;
      started = true;
      await app.start();
    },
    stop: async () => {
      if (started) await app.stop();
    },
  };
}
