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

/**
 * A thin recording layer over Bolt's listener registration. It changes one thing about dispatch:
 * while bullpen's database is out of reach, people hear so at once (see store-guard.ts).
 */
export class SlackRouter {
  readonly surface: SlackSurface = { commands: [], events: [], shortcuts: [], actions: [], views: [] };
  private readonly app: App;
  private readonly storeReady: () => boolean;

  constructor(app: App, options: { storeReady?: () => boolean } = {}) {
    this.app = app;
    this.storeReady = options.storeReady ?? (() => true);
  }

  command(name: `/${string}`, handler: CommandHandler): void {
    this.surface.commands.push(name);
    this.app.command(name, guardCommand(this.storeReady, handler));
  }

  event(name: string, handler: EventHandler): void {
    this.surface.events.push(name);
    this.app.event(name, handler);
  }

  action(actionId: string, handler: ActionHandler): void {
    this.surface.actions.push(actionId);
    this.app.action(actionId, guardAction(this.storeReady, handler));
  }

  view(callbackId: string, handler: ViewHandler): void {
    this.surface.views.push(callbackId);
    this.app.view(callbackId, guardView(this.storeReady, requireViewState(handler)));
  }

  shortcut(callbackId: string, type: 'global' | 'message', handler: ShortcutHandler): void {
    this.surface.shortcuts.push({ callbackId, type });
    this.app.shortcut(
      { callback_id: callbackId, type: type === 'global' ? 'shortcut' : 'message_action' },
      guardShortcut(this.storeReady, handler),
    );
  }
}
