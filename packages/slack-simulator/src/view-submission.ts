import { z } from 'zod';
import { validateView } from './block-kit.ts';
import type { AppResponse, SimView } from './types.ts';
import type { SimWorkspace } from './workspace.ts';

const TROUBLE_CONNECTING = 'We had some trouble connecting. Try again?';

/** Field key the browser UI shows above a modal's blocks rather than under one input. */
export const VIEW_LEVEL_ERROR = '';

const responseActionSchema = z.discriminatedUnion('response_action', [
  z.object({ response_action: z.literal('errors'), errors: z.record(z.string(), z.string()) }),
  z.object({ response_action: z.literal('update'), view: z.record(z.string(), z.unknown()) }),
  z.object({ response_action: z.literal('push'), view: z.record(z.string(), z.unknown()) }),
  z.object({ response_action: z.literal('clear') }),
]);

/**
 * Slack's side of a view_submission answer: an empty 200 closes the modal; `response_action`
 * shows field errors, replaces or pushes a view, or clears the stack. A slow or failed answer
 * leaves the modal open with Slack's "trouble connecting" notice.
 */
export function applyViewSubmissionResponse(
  workspace: SimWorkspace,
  view: SimView,
  response: AppResponse,
): void {
  if (response.timedOut || response.status !== 200) {
    view.errors = { [VIEW_LEVEL_ERROR]: TROUBLE_CONNECTING };
    workspace.touch();
    return;
  }
  if (response.json === undefined || response.json['response_action'] === undefined) {
    workspace.closeModal(view.userId);
    return;
  }
  const parsed = responseActionSchema.safeParse(response.json);
  if (!parsed.success) {
    view.errors = { [VIEW_LEVEL_ERROR]: TROUBLE_CONNECTING };
    workspace.touch();
    return;
  }
  const action = parsed.data;
  switch (action.response_action) {
    case 'errors':
      view.errors = action.errors;
      workspace.touch();
      return;
    case 'clear':
      workspace.closeModal(view.userId, true);
      return;
    case 'update':
    case 'push': {
      if (validateView(action.view, 'modal').length > 0) {
        view.errors = { [VIEW_LEVEL_ERROR]: TROUBLE_CONNECTING };
        workspace.touch();
        return;
      }
      if (action.response_action === 'update') {
        workspace.replaceViewDefinition(view, action.view);
        view.stateValues = {};
        return;
      }
      const pushed = workspace.createView(view.userId, 'modal', action.view, view.rootViewId, view.id);
      workspace.pushModal(view.userId, pushed);
      return;
    }
  }
}
