import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ACK_TIMEOUT_MS } from './app-delivery.ts';
import { SimFiles } from './files.ts';
import { ResponseUrlRegistry, TRIGGER_TTL_MS, TriggerRegistry } from './interaction-tokens.ts';
import { RateLimiter } from './rate-limiter.ts';
import type { WorkspaceSeed } from './seed.ts';
import { createRouter } from './server.ts';
import type { SlashCommandHint } from './ui-api.ts';
import type { AppResponse, JsonObject, RecordedCall, RecordedResponseUrlPost } from './types.ts';
import {
  UserActions,
  type EnteredValues,
  type EventDeliveryOptions,
  type InteractOptions,
} from './user-actions.ts';
import type { SimpleInput } from './view-state.ts';
import { WebApi } from './web-api.ts';
import { SimWorkspace } from './workspace.ts';

export type { WorkspaceSeed, SeedChannel, SeedPerson, SeedUsergroup } from './seed.ts';
export { demoSeed, SIM_BOT, SIM_TEAM } from './seed.ts';
export type * from './types.ts';
export type { EnteredValues, InteractOptions, EventDeliveryOptions } from './user-actions.ts';
export type { SimpleInput } from './view-state.ts';
export type { SlashCommandHint } from './ui-api.ts';
export { SimWorkspace } from './workspace.ts';
export { SimFiles, type SimFile } from './files.ts';
export { slackSignature, signedHeaders } from './signing.ts';
export { validateBlocks, validateView } from './block-kit.ts';

export interface SlackSimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  signingSecret: string;
  botToken: string;
  /** Where bullpen's HTTP receiver listens, e.g. http://127.0.0.1:3000/slack/events. */
  appUrl?: string;
  /** Calls per minute per Web API method, e.g. { 'chat.update': 50 }. Unlisted methods are unlimited. */
  rateLimits?: Partial<Record<string, number>>;
  /** Length of the rate-limit window; tests shrink it so Retry-After is 1 s. Default 60 000. */
  rateLimitWindowMs?: number;
  workspace?: WorkspaceSeed;
  /** Clock for trigger/response_url expiry and timestamps; tests move it forward. Default Date.now. */
  now?: () => number;
  /** How long a trigger_id stays valid. Default 3 000 ms, as on Slack. */
  triggerTtlMs?: number;
  /** How long the simulator waits for bullpen to answer a request. Default 3 000 ms, as on Slack. */
  ackTimeoutMs?: number;
  /** Slash commands the browser UI offers as completions. Any command can still be typed. */
  slashCommands?: readonly SlashCommandHint[];
}

export const DEFAULT_SLASH_COMMANDS: readonly SlashCommandHint[] = [
  {
    command: '/contest',
    usageHint: '[metric] [duration] [prize]',
    description: 'Launch a follow-up contest',
  },
  { command: '/shoutout', usageHint: '@someone for …', description: 'Recognise a rep in public' },
  { command: '/bullpen', usageHint: 'help', description: 'bullpen help' },
];

export interface SlackSimulator {
  /** Base URL, e.g. http://127.0.0.1:54321. The Web API is at `${url}/api/`. */
  readonly url: string;
  /** Every Web API call bullpen made, in order. */
  readonly calls: RecordedCall[];
  /** Every POST to a response_url the simulator handed out. */
  readonly responseUrlPosts: RecordedResponseUrlPost[];
  readonly workspace: SimWorkspace;
  /** Files uploaded with files.uploadV2, bytes included. */
  readonly files: SimFiles;
  setAppUrl(appUrl: string): void;
  setRateLimit(method: string, callsPerWindow: number | undefined): void;
  /** Delays a method's response (not its effect) by `delayMs`; undefined or 0 removes the delay. */
  setResponseDelay(method: string, delayMs: number | undefined): void;
  /** Calls made to one method, optionally only the successful ones. */
  callsTo(method: string): RecordedCall[];
  clearCalls(): void;
  /** A fresh trigger_id for a person, as if they had just clicked something. */
  issueTriggerId(userId: string): string;
  sendSlashCommand(userId: string, channelId: string, command: string, text: string): Promise<AppResponse>;
  sendMessage(userId: string, channelId: string, text: string): Promise<AppResponse | undefined>;
  clickButton(
    userId: string,
    target: string,
    actionId: string,
    value?: string,
    options?: InteractOptions,
  ): Promise<AppResponse>;
  selectOption(
    userId: string,
    target: string,
    actionId: string,
    selected: SimpleInput,
    options?: InteractOptions,
  ): Promise<AppResponse>;
  submitView(userId: string, viewId: string, values?: EnteredValues): Promise<AppResponse>;
  closeView(userId: string, viewId: string): Promise<AppResponse | undefined>;
  openHome(userId: string, tab?: 'home' | 'messages'): Promise<AppResponse>;
  messageShortcut(
    userId: string,
    callbackId: string,
    channelId: string,
    messageTs: string,
  ): Promise<AppResponse>;
  sendEvent(event: JsonObject, options?: EventDeliveryOptions & { eventId?: string }): Promise<AppResponse>;
  close(): Promise<void>;
}

/** Starts a local Slack workspace: Web API, response URLs, a browser client, and signed requests to bullpen. */
export async function startSlackSimulator(options: SlackSimulatorOptions): Promise<SlackSimulator> {
  const now = options.now ?? Date.now;
  let baseUrl = '';
  let appUrl = options.appUrl;
  const workspace = new SimWorkspace(options.workspace, now);
  const triggers = new TriggerRegistry(options.triggerTtlMs ?? TRIGGER_TTL_MS);
  const responseUrls = new ResponseUrlRegistry();
  const rateLimiter = new RateLimiter(options.rateLimits ?? {}, options.rateLimitWindowMs ?? 60_000);
  const files = new SimFiles();
  const webApi = new WebApi(
    { workspace, triggers, files, now, baseUrl: () => baseUrl },
    options.botToken,
    rateLimiter,
  );
  const responseUrlPosts: RecordedResponseUrlPost[] = [];
  const actions = new UserActions({
    workspace,
    triggers,
    responseUrls,
    now,
    baseUrl: () => baseUrl,
    delivery: {
      signingSecret: options.signingSecret,
      appUrl: () => appUrl,
      now,
      ackTimeoutMs: options.ackTimeoutMs ?? ACK_TIMEOUT_MS,
    },
  });
  const server = createServer(
    createRouter({
      workspace,
      actions,
      calls: webApi.calls,
      slashCommands: options.slashCommands ?? DEFAULT_SLASH_COMMANDS,
      webApi,
      responseUrls,
      responseUrlPosts,
      files,
      now,
    }),
  );
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;

  return {
    url: baseUrl,
    calls: webApi.calls,
    responseUrlPosts,
    workspace,
    files,
    setAppUrl: (url) => {
      appUrl = url;
    },
    setRateLimit: (method, limit) => rateLimiter.setLimit(method, limit),
    setResponseDelay: (method, delayMs) => webApi.setResponseDelay(method, delayMs),
    callsTo: (method) => webApi.calls.filter((call) => call.method === method),
    clearCalls: () => {
      webApi.calls.length = 0;
      responseUrlPosts.length = 0;
    },
    issueTriggerId: (userId) => triggers.issue(userId, now()),
    sendSlashCommand: (...args) => actions.sendSlashCommand(...args),
    sendMessage: (...args) => actions.sendMessage(...args),
    clickButton: (...args) => actions.clickButton(...args),
    selectOption: (...args) => actions.selectOption(...args),
    submitView: (...args) => actions.submitView(...args),
    closeView: (...args) => actions.closeView(...args),
    openHome: (...args) => actions.openHome(...args),
    messageShortcut: (...args) => actions.messageShortcut(...args),
    sendEvent: (...args) => actions.sendEvent(...args),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
