import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import {
  SIM_BOT,
  SIM_TEAM,
  demoSeed,
  seedBotUser,
  seedConversation,
  seedUser,
  seedUsergroup,
  type WorkspaceSeed,
} from './seed.ts';
import type {
  JsonObject,
  SimBotIdentity,
  SimConversation,
  SimEphemeral,
  SimMessage,
  SimTeam,
  SimUser,
  SimUsergroup,
  SimView,
} from './types.ts';

/**
 * Everything the simulated workspace holds. Mutations go through methods so that every change
 * bumps `version` and notifies the browser UI, which re-reads what it shows.
 */
export class SimWorkspace {
  readonly team: SimTeam = SIM_TEAM;
  readonly bot: SimBotIdentity = SIM_BOT;
  readonly users = new Map<string, SimUser>();
  readonly conversations = new Map<string, SimConversation>();
  readonly usergroups: SimUsergroup[] = [];
  readonly messages: SimMessage[] = [];
  readonly ephemerals: SimEphemeral[] = [];
  readonly views = new Map<string, SimView>();
  /** Open modal view ids per user, bottom first; Slack allows three. */
  readonly modalStacks = new Map<string, string[]>();
  /** Published Home view id per user. */
  readonly homeViews = new Map<string, string>();
  version = 0;

  private readonly changes = new EventEmitter();
  private readonly now: () => number;
  private lastTsMicros = 0;
  private idCounter = 0;

  constructor(seed: WorkspaceSeed | undefined, now: () => number) {
    this.now = now;
    this.changes.setMaxListeners(0);
    const at = new Date(now());
    const botUser = seedBotUser(this.bot, this.team, at);
    this.users.set(botUser.id, botUser);
    const people = seed?.people ?? demoSeed.people ?? [];
    for (const person of people) this.users.set(person.slackId, seedUser(person, this.team, at));
    const everyone = people.map((p) => p.slackId);
    for (const channel of seed?.channels ?? demoSeed.channels ?? []) {
      this.conversations.set(channel.id, seedConversation(channel, everyone, at));
    }
    for (const group of seed?.usergroups ?? demoSeed.usergroups ?? []) {
      this.usergroups.push(seedUsergroup(group));
    }
  }

  onChange(listener: (version: number) => void): () => void {
    this.changes.on('change', listener);
    return () => this.changes.off('change', listener);
  }

  touch(): void {
    this.version += 1;
    this.changes.emit('change', this.version);
  }

  /** Message timestamps are unique and increasing, like Slack's "seconds.micros" ids. */
  nextTs(): string {
    const micros = Math.max(this.now() * 1000, this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    const seconds = Math.floor(micros / 1_000_000);
    return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  newId(prefix: string): string {
    this.idCounter += 1;
    const suffix = `${this.idCounter.toString(36)}${randomBytes(4).toString('hex')}`.toUpperCase();
    return `${prefix}0${suffix}`.slice(0, 11);
  }

  humans(): SimUser[] {
    return [...this.users.values()].filter((u) => !u.is_bot);
  }

  /** Accepts a conversation id, a `#name`, a bare name, or a user id (which means the app DM). */
  resolveConversation(ref: string): SimConversation | undefined {
    const direct = this.conversations.get(ref);
    if (direct) return direct;
    const name = ref.startsWith('#') ? ref.slice(1) : ref;
    const byName = [...this.conversations.values()].find((c) => c.kind === 'channel' && c.name === name);
    if (byName) return byName;
    const user = this.users.get(ref);
    if (user && !user.is_bot) return this.openDm(user.id);
    return undefined;
  }

  findDm(userId: string): SimConversation | undefined {
    return [...this.conversations.values()].find((c) => c.kind === 'im' && c.imUser === userId);
  }

  /** The DM between the app and a person; created on first use, like conversations.open. */
  openDm(userId: string): SimConversation {
    const existing = this.findDm(userId);
    if (existing) return existing;
    const dm: SimConversation = {
      id: this.newId('D'),
      name: userId,
      kind: 'im',
      purpose: '',
      created: Math.floor(this.now() / 1000),
      members: [userId, this.bot.userId],
      imUser: userId,
    };
    this.conversations.set(dm.id, dm);
    this.touch();
    return dm;
  }

  findMessage(channel: string, ts: string): SimMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  findMessageByTs(ts: string): SimMessage | undefined {
    return this.messages.find((m) => m.ts === ts);
  }

  findEphemeral(ts: string): SimEphemeral | undefined {
    return this.ephemerals.find((e) => e.ts === ts);
  }

  addMessage(message: Omit<SimMessage, 'type' | 'ts' | 'team'>): SimMessage {
    const stored: SimMessage = { type: 'message', ts: this.nextTs(), team: this.team.id, ...message };
    this.messages.push(stored);
    this.touch();
    return stored;
  }

  addEphemeral(ephemeral: Omit<SimEphemeral, 'ts'>): SimEphemeral {
    const stored: SimEphemeral = { ts: this.nextTs(), ...ephemeral };
    this.ephemerals.push(stored);
    this.touch();
    return stored;
  }

  removeMessage(channel: string, ts: string): boolean {
    const index = this.messages.findIndex((m) => m.channel === channel && m.ts === ts);
    if (index < 0) return false;
    this.messages.splice(index, 1);
    this.touch();
    return true;
  }

  removeEphemeral(ts: string): boolean {
    const index = this.ephemerals.findIndex((e) => e.ts === ts);
    if (index < 0) return false;
    this.ephemerals.splice(index, 1);
    this.touch();
    return true;
  }

  messagesIn(channel: string): SimMessage[] {
    return this.messages.filter((m) => m.channel === channel);
  }

  ephemeralsFor(userId: string, channel?: string): SimEphemeral[] {
    return this.ephemerals.filter(
      (e) => e.user === userId && (channel === undefined || e.channel === channel),
    );
  }

  /** The modal a person currently sees, if any (top of their stack). */
  openModal(userId: string): SimView | undefined {
    const stack = this.modalStacks.get(userId) ?? [];
    const top = stack[stack.length - 1];
    return top === undefined ? undefined : this.views.get(top);
  }

  homeView(userId: string): SimView | undefined {
    const id = this.homeViews.get(userId);
    return id === undefined ? undefined : this.views.get(id);
  }

  createView(
    userId: string,
    type: SimView['type'],
    definition: JsonObject,
    rootViewId?: string,
    previousViewId?: string,
  ): SimView {
    const id = this.newId('V');
    const view: SimView = {
      id,
      userId,
      type,
      definition,
      hash: `${Math.floor(this.now() / 1000)}.${randomBytes(4).toString('hex')}`,
      externalId: typeof definition['external_id'] === 'string' ? definition['external_id'] : '',
      rootViewId: rootViewId ?? id,
      previousViewId: previousViewId ?? null,
      stateValues: {},
      errors: {},
      closed: false,
    };
    this.views.set(id, view);
    return view;
  }

  replaceViewDefinition(view: SimView, definition: JsonObject): void {
    view.definition = definition;
    view.hash = `${Math.floor(this.now() / 1000)}.${randomBytes(4).toString('hex')}`;
    view.errors = {};
    if (typeof definition['external_id'] === 'string') view.externalId = definition['external_id'];
    this.touch();
  }

  pushModal(userId: string, view: SimView): void {
    const stack = this.modalStacks.get(userId) ?? [];
    stack.push(view.id);
    this.modalStacks.set(userId, stack);
    this.touch();
  }

  /** Closes the top modal, or the whole stack when `all` is set. Returns the views closed. */
  closeModal(userId: string, all = false): SimView[] {
    const stack = this.modalStacks.get(userId) ?? [];
    const closedIds = all ? stack.splice(0) : stack.splice(-1);
    const closed = closedIds.map((id) => this.views.get(id)).filter((v): v is SimView => v !== undefined);
    for (const view of closed) view.closed = true;
    this.touch();
    return closed;
  }

  /** Renders a SimView the way views.* methods return it. */
  viewPayload(view: SimView): JsonObject {
    return {
      id: view.id,
      team_id: this.team.id,
      type: view.type,
      blocks: [],
      private_metadata: '',
      callback_id: '',
      ...view.definition,
      state: { values: view.stateValues },
      hash: view.hash,
      external_id: view.externalId,
      clear_on_close: view.definition['clear_on_close'] === true,
      notify_on_close: view.definition['notify_on_close'] === true,
      root_view_id: view.type === 'modal' ? view.rootViewId : null,
      previous_view_id: view.previousViewId,
      app_id: this.bot.appId,
      app_installed_team_id: this.team.id,
      bot_id: this.bot.botId,
    };
  }

  messagePayload(message: SimMessage): JsonObject {
    const payload: JsonObject = { ...message };
    delete payload['channel'];
    if (message.bot_id !== undefined) {
      payload['bot_profile'] = {
        id: this.bot.botId,
        app_id: this.bot.appId,
        name: this.bot.name,
        deleted: false,
        team_id: this.team.id,
      };
    }
    return payload;
  }
}
