import type { KnownBlock, ModalView } from '@slack/types';
import { truncate } from './text.ts';

/** Slack refuses a modal whose title or button text is longer than this. */
const VIEW_TEXT_MAX = 24;

const viewText = (text: string) => ({ type: 'plain_text' as const, text: truncate(text, VIEW_TEXT_MAX) });

/**
 * A form in a modal: what its submission is routed by (callbackId), its title, its submit button,
 * a Cancel button, and what it carries for the submission (privateMetadata).
 */
export function formModal(form: {
  callbackId: string;
  title: string;
  submit: string;
  privateMetadata: string;
  blocks: KnownBlock[];
}): ModalView {
  return {
    type: 'modal',
    callback_id: form.callbackId,
    title: viewText(form.title),
    submit: viewText(form.submit),
    close: viewText('Cancel'),
    private_metadata: form.privateMetadata,
    blocks: form.blocks,
  };
}

/**
 * A modal that only says something (a holding note, an outcome, a refusal): a title, one text, a
 * Close button; a callback id where a later views.update or a listener needs to know it.
 */
export function noticeModal(notice: { callbackId?: string; title: string; text: string }): ModalView {
  return {
    type: 'modal',
    ...(notice.callbackId ? { callback_id: notice.callbackId } : {}),
    title: viewText(notice.title),
    close: viewText('Close'),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(notice.text, 3_000) } }],
  };
}
