import { z } from 'zod';
import { validateView } from './block-kit.ts';
import type { JsonObject, SimView } from './types.ts';
import { fail, invalidBlocks, jsonObjectArg, parseArgs, type MethodHandler } from './web-api-shared.ts';

const MAX_MODAL_STACK = 3;

function viewArgument(
  view: unknown,
  expected: 'modal' | 'home',
): { ok: true; view: JsonObject } | { ok: false; response: JsonObject } {
  if (typeof view === 'string' || view === undefined) {
    return {
      ok: false,
      response: fail('invalid_arguments', {
        response_metadata: { messages: ['[ERROR] missing or malformed view'] },
      }),
    };
  }
  const problems = validateView(view, expected);
  if (problems.length > 0) return { ok: false, response: invalidBlocks(problems) };
  return { ok: true, view: jsonObjectArg.parse(view) };
}

/** The definition as stored: everything bullpen sent except fields Slack computes itself. */
function definitionOf(view: JsonObject): JsonObject {
  const { id: _id, hash: _hash, state: _state, ...definition } = view;
  return definition;
}

const open: MethodHandler = (rawArgs, ctx) => {
  const parsed = parseArgs(z.object({ trigger_id: z.string(), view: z.unknown() }), rawArgs);
  if (!parsed.ok) return parsed.response;
  const checked = viewArgument(parsed.data.view, 'modal');
  if (!checked.ok) return checked.response;
  const trigger = ctx.triggers.exchange(parsed.data.trigger_id, ctx.now());
  if (!trigger.ok) return fail(trigger.error);
  ctx.workspace.closeModal(trigger.userId, true);
  const view = ctx.workspace.createView(trigger.userId, 'modal', definitionOf(checked.view));
  ctx.workspace.pushModal(trigger.userId, view);
  return { ok: true, view: ctx.workspace.viewPayload(view) };
};

const push: MethodHandler = (rawArgs, ctx) => {
  const parsed = parseArgs(z.object({ trigger_id: z.string(), view: z.unknown() }), rawArgs);
  if (!parsed.ok) return parsed.response;
  const checked = viewArgument(parsed.data.view, 'modal');
  if (!checked.ok) return checked.response;
  const trigger = ctx.triggers.exchange(parsed.data.trigger_id, ctx.now());
  if (!trigger.ok) return fail(trigger.error);
  const current = ctx.workspace.openModal(trigger.userId);
  if (!current) return fail('not_found');
  const stack = ctx.workspace.modalStacks.get(trigger.userId) ?? [];
  if (stack.length >= MAX_MODAL_STACK) return fail('push_limit_reached');
  const view = ctx.workspace.createView(
    trigger.userId,
    'modal',
    definitionOf(checked.view),
    current.rootViewId,
    current.id,
  );
  ctx.workspace.pushModal(trigger.userId, view);
  return { ok: true, view: ctx.workspace.viewPayload(view) };
};

const update: MethodHandler = (rawArgs, ctx) => {
  const parsed = parseArgs(
    z.object({
      view: z.unknown(),
      view_id: z.string().optional(),
      external_id: z.string().optional(),
      hash: z.string().optional(),
    }),
    rawArgs,
  );
  if (!parsed.ok) return parsed.response;
  const args = parsed.data;
  if (args.view_id === undefined && args.external_id === undefined) {
    return fail('invalid_arguments', {
      response_metadata: { messages: ['[ERROR] view_id or external_id is required'] },
    });
  }
  const existing: SimView | undefined =
    args.view_id !== undefined
      ? ctx.workspace.views.get(args.view_id)
      : [...ctx.workspace.views.values()].find((v) => v.externalId === args.external_id);
  if (!existing || (existing.type === 'modal' && existing.closed)) return fail('not_found');
  if (args.hash !== undefined && args.hash !== existing.hash) return fail('hash_conflict');
  const checked = viewArgument(args.view, existing.type);
  if (!checked.ok) return checked.response;
  ctx.workspace.replaceViewDefinition(existing, definitionOf(checked.view));
  return { ok: true, view: ctx.workspace.viewPayload(existing) };
};

const publish: MethodHandler = (rawArgs, ctx) => {
  const parsed = parseArgs(
    z.object({ user_id: z.string(), view: z.unknown(), hash: z.string().optional() }),
    rawArgs,
  );
  if (!parsed.ok) return parsed.response;
  const user = ctx.workspace.users.get(parsed.data.user_id);
  if (!user || user.is_bot) return fail('user_not_found');
  const checked = viewArgument(parsed.data.view, 'home');
  if (!checked.ok) return checked.response;
  const existing = ctx.workspace.homeView(user.id);
  if (existing && parsed.data.hash !== undefined && parsed.data.hash !== existing.hash)
    return fail('hash_conflict');
  if (existing) {
    ctx.workspace.replaceViewDefinition(existing, definitionOf(checked.view));
    return { ok: true, view: ctx.workspace.viewPayload(existing) };
  }
  const view = ctx.workspace.createView(user.id, 'home', definitionOf(checked.view));
  ctx.workspace.homeViews.set(user.id, view.id);
  ctx.workspace.touch();
  return { ok: true, view: ctx.workspace.viewPayload(view) };
};

export const viewMethods: Record<string, MethodHandler> = {
  'views.open': open,
  'views.push': push,
  'views.update': update,
  'views.publish': publish,
};
