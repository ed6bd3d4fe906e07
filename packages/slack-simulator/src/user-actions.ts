import { deliverToApp, type DeliveryOptions } from './app-delivery.ts';
import type { ResponseUrlRegistry, ResponseUrlTarget, TriggerRegistry } from './interaction-tokens.ts';
import {
  actionTs,
  appHomeOpenedEvent,
  blockActionsPayload,
  eventCallbackBody,
  interactivityBody,
  messageShortcutPayload,
  slashCommandBody,
  viewClosedPayload,
  viewSubmissionPayload,
  type ActionContainer,
  type PayloadContext,
} from './payloads.ts';
import { applyResponseMessage, responseMessageSchema } from './response-messages.ts';
import type { AppResponse, JsonObject, SimConversation, SimView } from './types.ts';
import { buildStateValues, encodeInput, findElement, type SimpleInput } from './view-state.ts';
import { applyViewSubmissionResponse } from './view-submission.ts';
import type { SimWorkspace } from './workspace.ts';

export interface UserActionDeps {
  workspace: SimWorkspace;
  triggers: TriggerRegistry;
  responseUrls: ResponseUrlRegistry;
  delivery: DeliveryOptions;
  baseUrl: () => string;
  now: () => number;
}

export type EnteredValues = Record<string, Record<string, SimpleInput>>;

export interface InteractOptions {
  /** Narrows the element search when an action_id repeats across blocks. */
  blockId?: string;
  /** What the person has typed so far in the modal the element sits in. */
  viewValues?: EnteredValues;
}

export interface EventDeliveryOptions {
  retryNum?: number;
  retryReason?: string;
}

const FORM = 'application/x-www-form-urlencoded';

/**
 * Everything a person can do in the simulated Slack client. Each action sends bullpen a real signed
 * HTTP request, applies Slack's side of the answer (ack bodies, response_action) to the workspace,
 * and returns bullpen's HTTP response.
 */
export class UserActions {
  private readonly deps: UserActionDeps;
  private eventCounter = 0;

  constructor(deps: UserActionDeps) {
    this.deps = deps;
  }

  private context(userId: string): PayloadContext {
    const user = this.deps.workspace.users.get(userId);
    if (!user || user.is_bot) throw new Error(`unknown user ${userId}`);
    return { team: this.deps.workspace.team, bot: this.deps.workspace.bot, user };
  }

  private conversationFor(userId: string, channelId: string): SimConversation {
    const conversation = this.deps.workspace.resolveConversation(channelId);
    if (!conversation) throw new Error(`unknown channel ${channelId}`);
    if (!conversation.members.includes(userId)) throw new Error(`${userId} is not in ${conversation.id}`);
    return conversation;
  }

  private responseUrl(target: ResponseUrlTarget): string {
    return `${this.deps.baseUrl()}/response/${this.deps.responseUrls.issue(target, this.deps.now())}`;
  }

  private channelRef(conversation: SimConversation): { id: string; name: string } {
    return { id: conversation.id, name: conversation.kind === 'im' ? 'directmessage' : conversation.name };
  }

  private deliverPayload(payload: JsonObject): Promise<AppResponse> {
    return deliverToApp(this.deps.delivery, interactivityBody(payload), FORM);
  }

  async sendSlashCommand(
    userId: string,
    channelId: string,
    command: string,
    text: string,
  ): Promise<AppResponse> {
    const ctx = this.context(userId);
    const conversation = this.conversationFor(userId, channelId);
    const target: ResponseUrlTarget = {
      userId,
      channelId: conversation.id,
      sourceTs: undefined,
      sourceIsEphemeral: false,
    };
    const body = slashCommandBody(
      ctx,
      { channelId: conversation.id, channelName: this.channelRef(conversation).name, command, text },
      this.responseUrl(target),
      this.deps.triggers.issue(userId, this.deps.now()),
    );
    const response = await deliverToApp(this.deps.delivery, body, FORM);
    const failure = response.timedOut
      ? 'operation_timeout'
      : response.status !== 200
        ? 'dispatch_failed'
        : undefined;
    if (failure !== undefined) {
      this.deps.workspace.addEphemeral({
        channel: conversation.id,
        user: userId,
        text: `${command} failed with the error "${failure}"`,
        source: 'simulator',
      });
      return response;
    }
    // A slash command's ack body is shown to the person like a response_url message.
    const parsedAck = response.json ? responseMessageSchema.safeParse(response.json) : undefined;
    if (
      parsedAck?.success === true &&
      (parsedAck.data.text !== undefined || parsedAck.data.blocks !== undefined)
    ) {
      applyResponseMessage(this.deps.workspace, target, parsedAck.data, 'ack');
    } else if (response.json === undefined && response.body.trim() !== '') {
      applyResponseMessage(this.deps.workspace, target, { text: response.body }, 'ack');
    }
    return response;
  }

  /** A person posts plain text; bullpen hears it as a `message` event (and `app_mention` when mentioned). */
  async sendMessage(userId: string, channelId: string, text: string): Promise<AppResponse | undefined> {
    this.context(userId);
    const conversation = this.conversationFor(userId, channelId);
    const message = this.deps.workspace.addMessage({ channel: conversation.id, user: userId, text });
    if (this.deps.delivery.appUrl() === undefined) return undefined;
    const base = {
      user: userId,
      text,
      ts: message.ts,
      channel: conversation.id,
      team: this.deps.workspace.team.id,
    };
    const channelType = conversation.kind === 'im' ? 'im' : 'channel';
    const response = await this.sendEvent({ type: 'message', channel_type: channelType, ...base });
    if (text.includes(`<@${this.deps.workspace.bot.userId}>`)) {
      return this.sendEvent({ type: 'app_mention', ...base });
    }
    return response;
  }

  clickButton(
    userId: string,
    target: string,
    actionId: string,
    value?: string,
    options: InteractOptions = {},
  ) {
    return this.interact(userId, target, actionId, value === undefined ? null : value, options);
  }

  selectOption(
    userId: string,
    target: string,
    actionId: string,
    selected: SimpleInput,
    options: InteractOptions = {},
  ) {
    return this.interact(userId, target, actionId, selected, options);
  }

  /** `target` is a message ts (channel or ephemeral) or a view id (modal or Home). */
  async interact(
    userId: string,
    target: string,
    actionId: string,
    input: SimpleInput,
    options: InteractOptions = {},
  ): Promise<AppResponse> {
    const ctx = this.context(userId);
    const { workspace } = this.deps;
    const view = workspace.views.get(target);
    let container: ActionContainer;
    let blocks: unknown[];
    let fromViewId: string | undefined;
    if (view) {
      if (view.userId !== userId) throw new Error(`view ${target} belongs to ${view.userId}`);
      blocks = Array.isArray(view.definition['blocks']) ? view.definition['blocks'] : [];
      if (options.viewValues) view.stateValues = buildStateValues(blocks, options.viewValues);
      container = { type: 'view', view: workspace.viewPayload(view) };
      fromViewId = view.type === 'modal' ? view.id : undefined;
    } else {
      const ephemeral = workspace.findEphemeral(target);
      const message = ephemeral ? undefined : workspace.findMessageByTs(target);
      const source = ephemeral ?? message;
      if (!source) throw new Error(`no message or view ${target}`);
      if (ephemeral && ephemeral.user !== userId)
        throw new Error(`ephemeral ${target} is not visible to ${userId}`);
      const conversation = this.conversationFor(userId, source.channel);
      blocks = source.blocks ?? [];
      container = {
        type: 'message',
        channel: this.channelRef(conversation),
        messageTs: source.ts,
        isEphemeral: ephemeral !== undefined,
        ...(message ? { message: workspace.messagePayload(message) } : {}),
        responseUrl: this.responseUrl({
          userId,
          channelId: conversation.id,
          sourceTs: source.ts,
          sourceIsEphemeral: ephemeral !== undefined,
        }),
      };
    }
    const found = findElement(blocks, actionId, options.blockId);
    if (!found) throw new Error(`no element with action_id "${actionId}" in ${target}`);
    const action: JsonObject = {
      action_id: actionId,
      block_id: found.blockId,
      type: found.element['type'],
      action_ts: actionTs(this.deps.now()),
    };
    if (found.element['type'] === 'button') {
      action['text'] = found.element['text'];
      const value = typeof input === 'string' ? input : found.element['value'];
      if (value !== undefined) action['value'] = value;
      if (found.element['style'] !== undefined) action['style'] = found.element['style'];
    } else {
      const { type: _type, ...encoded } = encodeInput(found.element, input);
      Object.assign(action, encoded);
      if (found.element['placeholder'] !== undefined) action['placeholder'] = found.element['placeholder'];
    }
    const triggerId = this.deps.triggers.issue(userId, this.deps.now(), fromViewId);
    return this.deliverPayload(blockActionsPayload(ctx, container, action, triggerId, { values: {} }));
  }

  async submitView(userId: string, viewId: string, values: EnteredValues = {}): Promise<AppResponse> {
    const ctx = this.context(userId);
    const view = this.openModalView(userId, viewId);
    const blocks = Array.isArray(view.definition['blocks']) ? view.definition['blocks'] : [];
    view.stateValues = buildStateValues(blocks, values);
    const triggerId = this.deps.triggers.issue(userId, this.deps.now(), view.id);
    const payload = viewSubmissionPayload(ctx, this.deps.workspace.viewPayload(view), triggerId);
    const response = await this.deliverPayload(payload);
    applyViewSubmissionResponse(this.deps.workspace, view, response);
    return response;
  }

  private openModalView(userId: string, viewId: string): SimView {
    const view = this.deps.workspace.views.get(viewId);
    const stack = this.deps.workspace.modalStacks.get(userId) ?? [];
    if (!view || view.type !== 'modal' || !stack.includes(viewId)) {
      throw new Error(`view ${viewId} is not an open modal of ${userId}`);
    }
    return view;
  }

  /** Closing a modal (the ✕ or Cancel): Slack tells the app only when the view asked with notify_on_close. */
  async closeView(userId: string, viewId: string): Promise<AppResponse | undefined> {
    const ctx = this.context(userId);
    const view = this.openModalView(userId, viewId);
    const clear = view.definition['clear_on_close'] === true;
    this.deps.workspace.closeModal(userId, clear);
    if (view.definition['notify_on_close'] !== true) return undefined;
    return this.deliverPayload(viewClosedPayload(ctx, this.deps.workspace.viewPayload(view), clear));
  }

  async openHome(userId: string, tab: 'home' | 'messages' = 'home'): Promise<AppResponse> {
    this.context(userId);
    const dm = this.deps.workspace.openDm(userId);
    const published = this.deps.workspace.homeView(userId);
    const view = published ? this.deps.workspace.viewPayload(published) : undefined;
    return this.sendEvent(appHomeOpenedEvent(userId, dm.id, tab, view));
  }

  async messageShortcut(
    userId: string,
    callbackId: string,
    channelId: string,
    messageTs: string,
  ): Promise<AppResponse> {
    const ctx = this.context(userId);
    const conversation = this.conversationFor(userId, channelId);
    const message = this.deps.workspace.findMessage(conversation.id, messageTs);
    if (!message) throw new Error(`no message ${messageTs} in ${conversation.id}`);
    const responseUrl = this.responseUrl({
      userId,
      channelId: conversation.id,
      sourceTs: undefined,
      sourceIsEphemeral: false,
    });
    const payload = messageShortcutPayload(
      ctx,
      {
        callbackId,
        channel: this.channelRef(conversation),
        message: this.deps.workspace.messagePayload(message),
        nowMs: this.deps.now(),
      },
      this.deps.triggers.issue(userId, this.deps.now()),
      responseUrl,
    );
    return this.deliverPayload(payload);
  }

  /** Sends any Events API event; pass retryNum to replay it the way Slack retries an unacknowledged event. */
  async sendEvent(
    event: JsonObject,
    options: EventDeliveryOptions & { eventId?: string } = {},
  ): Promise<AppResponse> {
    this.eventCounter += 1;
    const eventId = options.eventId ?? `Ev0SIM${String(this.eventCounter).padStart(5, '0')}`;
    const { workspace } = this.deps;
    const body = JSON.stringify(
      eventCallbackBody(workspace.team, workspace.bot, event, eventId, this.deps.now()),
    );
    const headers: Record<string, string> = {};
    if (options.retryNum !== undefined) {
      headers['X-Slack-Retry-Num'] = String(options.retryNum);
      headers['X-Slack-Retry-Reason'] = options.retryReason ?? 'http_timeout';
    }
    return deliverToApp(this.deps.delivery, body, 'application/json', headers);
  }
}
