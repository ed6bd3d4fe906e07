/* global document */
// The modal overlay: renders the top view of the person's modal stack, keeps what they typed across
// live refreshes, and sends submit / close / in-modal actions.

import { renderBlocks } from './blocks.js';
import { h } from './elements.js';
import { textToHtml } from './mrkdwn.js';

let current = { key: '', readers: [] };

/** Values typed so far, as `{ [blockId]: { [actionId]: value } }`. */
export function collectModalValues() {
  const values = {};
  for (const reader of current.readers) {
    values[reader.blockId] ??= {};
    values[reader.blockId][reader.actionId] = reader.read();
  }
  return values;
}

function missingRequired(definition, values) {
  const missing = {};
  (definition.blocks ?? []).forEach((block, index) => {
    if (block.type !== 'input' || block.optional) return;
    const blockId = block.block_id ?? `sim-block-${index}`;
    const value = values[blockId]?.[block.element?.action_id];
    if (
      value === null ||
      value === undefined ||
      value === '' ||
      (Array.isArray(value) && value.length === 0)
    ) {
      missing[blockId] = 'Please complete this required field.';
    }
  });
  return missing;
}

/**
 * `modal` is the snapshot's modal ({ id, definition, errors, stackDepth }) or null. Re-renders only
 * when the view or its errors change, so typing is never interrupted by a refresh.
 */
export function renderModal(root, modal, baseCtx, actions) {
  if (!modal) {
    root.replaceChildren();
    current = { key: '', readers: [] };
    return;
  }
  const key = JSON.stringify([modal.id, modal.definition, modal.errors]);
  if (key === current.key) return;
  const draft = current.viewId === modal.id ? collectModalValues() : {};
  const readers = [];
  let localErrors = {};
  const ctx = {
    ...baseCtx,
    draft,
    readers,
    errors: { ...modal.errors },
    onAction: (action) => actions.interact({ ...action, target: modal.id, viewValues: collectModalValues() }),
  };
  const definition = modal.definition;
  const viewError = modal.errors?.[''];
  const body = h('div', { class: 'modal-body' }, [
    viewError ? h('div', { class: 'modal-view-error', text: viewError }) : null,
    renderBlocks(definition.blocks, ctx),
  ]);
  const submit = async () => {
    const values = collectModalValues();
    localErrors = missingRequired(definition, values);
    if (Object.keys(localErrors).length > 0) {
      current.key = '';
      renderModal(root, { ...modal, errors: localErrors }, baseCtx, actions);
      return;
    }
    submitButton.disabled = true;
    try {
      await actions.submit(modal.id, values);
    } finally {
      submitButton.disabled = false;
    }
  };
  const submitButton = definition.submit
    ? h('button', {
        type: 'button',
        class: 'primary',
        html: textToHtml(definition.submit, baseCtx.lookup),
        onclick: submit,
      })
    : null;
  const dialog = h(
    'div',
    { class: 'modal', role: 'dialog', 'aria-modal': 'true', 'aria-label': definition.title?.text ?? 'Modal' },
    [
      h('div', { class: 'modal-head' }, [
        modal.stackDepth > 1 ? h('span', { class: 'modal-stack', text: `${modal.stackDepth} views` }) : null,
        h('h2', { html: textToHtml(definition.title, baseCtx.lookup) }),
        h('button', {
          type: 'button',
          class: 'modal-x',
          title: 'Close',
          text: '✕',
          onclick: () => actions.close(modal.id),
        }),
      ]),
      body,
      h('div', { class: 'modal-foot' }, [
        h('button', {
          type: 'button',
          class: 'ghost',
          html: definition.close ? textToHtml(definition.close, baseCtx.lookup) : 'Cancel',
          onclick: () => actions.close(modal.id),
        }),
        submitButton,
      ]),
    ],
  );
  root.replaceChildren(h('div', { class: 'modal-overlay' }, dialog));
  current = { key, readers, viewId: modal.id };
  const firstInput = dialog.querySelector('input, textarea, select');
  if (firstInput && document.activeElement === document.body) firstInput.focus();
}
