import type { App } from '@slack/bolt';
import { guardAction, guardCommand, guardShortcut, guardView } from './store-guard.ts';
import { requireViewState } from './view-state-guard.ts';

/**
 * What bullpen asks Slack for, as registered by the feature modules. The manifest drift test and
 * `bullpen doctor` compare this with manifests/slack-app.yml, so a command added in code but not in
 * the manifest (or the other way round) is caught before a user types it and gets "dispatch_failed".
 */
export interface SlackSurface {
  commands: string[];
  events: string[];
  /** callback_id and type of each global or message shortcut */
  shortcuts: { callbackId: string; type: 'global' | 'message' }[];
  actions: string[];
  views: string[];
}

type CommandHandler = Parameters<App['command']>[1];
type EventHandler = Parameters<App['event']>[1];
type ActionHandler = Parameters<App['action']>[1];
type ViewHandler = Parameters<App['view']>[1];
type ShortcutHandler = Parameters<App['shortcut']>[1];

type Listener<A> = (args: A) => Promise<void>;

/**
 * Listeners by name behind one Bolt listener. Bolt runs every registered listener's matching
 * middleware on every request (about forty for bullpen, two for a bare app), which the acking process
 * paid for on each command and click (bench acks); one listener per kind looks the name up instead.
 * A name nobody registered is left unacked, as Bolt leaves a request no listener matched.
 */
class ByName<A> {
  private readonly table = new Map<string, Listener<A>[]>();
  private readonly nameOf: (args: A) => string | undefined;

  constructor(nameOf: (args: A) => string | undefined) {
    this.nameOf = nameOf;
  }

  /** True for the first listener: the caller registers the one Bolt listener then. */
  add(name: string, listener: Listener<A>): boolean {
    const first = this.table.size === 0;
    this.table.set(name, [...(this.table.get(name) ?? []), listener]);
    return first;
  }

  readonly dispatch = async (args: A): Promise<void> => {
    const name = this.nameOf(args);
    const listeners = name === undefined ? undefined : this.table.get(name);
    if (!listeners) return;
    if (listeners.length === 1) return listeners[0]?.(args);
    // Every listener runs to its end (as Bolt runs several matching listeners), and every failure
    // is reported: Promise.all reported the first while the others were still working, and lost theirs.
    const outcomes = await Promise.allSettled(listeners.map((listener) => listener(args)));
    const failures = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1)
      throw new AggregateError(failures, `${failures.length} listeners of ${name} failed`);
  };
}

type CommandArgs = Parameters<CommandHandler>[0];
type ActionArgs = Parameters<ActionHandler>[0];
type ViewArgs = Parameters<ViewHandler>[0];
const ANY = /^/;

/**
 * A thin recording layer over Bolt's listener registration. It changes two things about dispatch:
 * while bullpen's database is out of reach, people hear so at once (see store-guard.ts), and
 * commands, actions and views are looked up by name behind one Bolt listener each (ByName).
 */
export class SlackRouter {
  readonly surface: SlackSurface = { commands: [], events: [], shortcuts: [], actions: [], views: [] };
  private readonly app: App;
  private readonly storeReady: () => boolean;
  private readonly commands = new ByName<CommandArgs>((args) => args.command.command);
  private readonly actions = new ByName<ActionArgs>((args) =>
    'action_id' in args.payload ? args.payload.action_id : undefined,
  );
  private readonly views = new ByName<ViewArgs>((args) => args.body.view.callback_id);

  constructor(app: App, options: { storeReady?: () => boolean } = {}) {
    this.app = app;
    this.storeReady = options.storeReady ?? (() => true);
  }

  command(name: `/${string}`, handler: CommandHandler): void {
    this.surface.commands.push(name);
    if (this.commands.add(name, guardCommand(this.storeReady, handler)))
      this.app.command(ANY, this.commands.dispatch);
  }

  event(name: string, handler: EventHandler): void {
    this.surface.events.push(name);
    this.app.event(name, handler);
  }

  action(actionId: string, handler: ActionHandler): void {
    this.surface.actions.push(actionId);
    if (this.actions.add(actionId, guardAction(this.storeReady, handler)))
      this.app.action(ANY, this.actions.dispatch);
  }

  view(callbackId: string, handler: ViewHandler): void {
    this.surface.views.push(callbackId);
    if (this.views.add(callbackId, guardView(this.storeReady, requireViewState(handler))))
      this.app.view(ANY, this.views.dispatch);
  }

  shortcut(callbackId: string, type: 'global' | 'message', handler: ShortcutHandler): void {
    this.surface.shortcuts.push({ callbackId, type });
    this.app.shortcut(
      { callback_id: callbackId, type: type === 'global' ? 'shortcut' : 'message_action' },
      guardShortcut(this.storeReady, handler),
    );
  }
}
