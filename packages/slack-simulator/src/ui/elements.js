/* global document, window */
// Block Kit interactive elements. Each element either dispatches an action right away (buttons,
// selects outside input blocks) or registers a reader so the modal can collect its value on submit.

import { plainText, textToHtml } from './mrkdwn.js';

export function h(tag, attrs = {}, children = []) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'html') el.innerHTML = value;
    else if (key === 'text') el.textContent = value;
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of [].concat(children)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof window.Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function allOptions(element) {
  const options = [...(element.options ?? [])];
  for (const group of element.option_groups ?? []) options.push(...(group.options ?? []));
  return options;
}

function confirmed(element) {
  const c = element.confirm;
  if (!c) return true;
  return window.confirm(`${plainText(c.title)}\n\n${plainText(c.text)}`);
}

/** The value a person has entered before (draft) wins over the element's initial value. */
function startingValue(element, ctx, blockId) {
  const draft = ctx.draft?.[blockId]?.[element.action_id];
  if (draft !== undefined) return draft;
  if (element.initial_option) return element.initial_option.value;
  if (element.initial_options) return element.initial_options.map((o) => o.value);
  if (element.initial_date_time !== undefined) return String(element.initial_date_time);
  return (
    element.initial_value ??
    element.initial_user ??
    element.initial_users ??
    element.initial_conversation ??
    element.initial_conversations ??
    element.initial_channel ??
    element.initial_channels ??
    element.initial_date ??
    element.initial_time ??
    null
  );
}

function selectChoices(element, ctx) {
  const type = element.type;
  if (type.includes('users_select')) {
    return ctx.users.filter((u) => !u.isBot).map((u) => ({ value: u.id, label: u.name }));
  }
  if (type.includes('conversations_select') || type.includes('channels_select')) {
    return ctx.channels.map((c) => ({ value: c.id, label: `# ${c.name}` }));
  }
  return allOptions(element).map((o) => ({ value: o.value, label: plainText(o.text) }));
}

function renderSelect(element, ctx, blockId, commit) {
  const multiple = element.type.startsWith('multi_');
  const start = startingValue(element, ctx, blockId);
  const selected = new Set([].concat(start ?? []).map(String));
  const select = h('select', { class: 'bk-select', multiple, 'data-action-id': element.action_id });
  if (!multiple) {
    select.append(h('option', { value: '', text: plainText(element.placeholder) || 'Select an option' }));
  }
  for (const choice of selectChoices(element, ctx)) {
    select.append(
      h('option', { value: choice.value, selected: selected.has(String(choice.value)), text: choice.label }),
    );
  }
  const read = () => (multiple ? [...select.selectedOptions].map((o) => o.value) : select.value || null);
  select.addEventListener('change', () => commit(read()));
  return { el: select, read };
}

function renderOverflow(element, ctx, blockId) {
  const menu = h('div', { class: 'bk-overflow-menu', hidden: true });
  const trigger = h('button', { type: 'button', class: 'bk-overflow', title: 'More actions', text: '⋯' });
  trigger.addEventListener('click', () => {
    menu.hidden = !menu.hidden;
  });
  for (const option of element.options ?? []) {
    menu.append(
      h('button', {
        type: 'button',
        text: plainText(option.text),
        onclick: () => {
          menu.hidden = true;
          if (confirmed(element)) ctx.onAction({ actionId: element.action_id, blockId, value: option.value });
        },
      }),
    );
  }
  return h('div', { class: 'bk-overflow-wrap' }, [trigger, menu]);
}

function renderChoices(element, ctx, blockId, commit) {
  const multiple = element.type === 'checkboxes';
  const start = new Set([].concat(startingValue(element, ctx, blockId) ?? []).map(String));
  const name = `${blockId}-${element.action_id}-${Math.random().toString(36).slice(2)}`;
  const inputs = [];
  const wrap = h('div', { class: 'bk-choices' });
  for (const option of element.options ?? []) {
    const input = h('input', {
      type: multiple ? 'checkbox' : 'radio',
      name,
      value: option.value,
      checked: start.has(String(option.value)),
    });
    inputs.push(input);
    wrap.append(
      h('label', { class: 'bk-choice' }, [
        input,
        h('span', {}, [
          h('span', { html: textToHtml(option.text, ctx.lookup) }),
          option.description ? h('small', { html: textToHtml(option.description, ctx.lookup) }) : null,
        ]),
      ]),
    );
  }
  const read = () => {
    const checked = inputs.filter((i) => i.checked).map((i) => i.value);
    return multiple ? checked : (checked[0] ?? null);
  };
  wrap.addEventListener('change', () => commit(read()));
  return { el: wrap, read };
}

function renderTextInput(element, ctx, blockId, commit) {
  const start = startingValue(element, ctx, blockId);
  const types = { number_input: 'number', email_text_input: 'email', url_text_input: 'url' };
  const attrs = {
    class: 'bk-input',
    placeholder: plainText(element.placeholder),
    maxlength: element.max_length,
    'data-action-id': element.action_id,
  };
  const input = element.multiline
    ? h('textarea', { ...attrs, rows: 4 })
    : h('input', { ...attrs, type: types[element.type] ?? 'text' });
  if (start !== null) input.value = String(start);
  const read = () => (input.value === '' ? null : input.value);
  input.addEventListener('change', () => commit(read()));
  return { el: input, read };
}

/** Slack's datetimepicker speaks epoch seconds; the browser input wants local "YYYY-MM-DDTHH:mm". */
function localDateTime(epochSeconds) {
  const d = new Date(epochSeconds * 1000);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

function renderPicker(element, ctx, blockId, commit) {
  const kinds = { datepicker: 'date', timepicker: 'time', datetimepicker: 'datetime-local' };
  const input = h('input', {
    class: 'bk-input',
    type: kinds[element.type],
    'data-action-id': element.action_id,
  });
  const start = startingValue(element, ctx, blockId);
  if (start !== null) {
    input.value = element.type === 'datetimepicker' ? localDateTime(Number(start)) : String(start);
  }
  const read = () => {
    if (input.value === '') return null;
    if (element.type === 'datetimepicker') return String(Math.floor(new Date(input.value).getTime() / 1000));
    return input.value;
  };
  input.addEventListener('change', () => commit(read()));
  return { el: input, read };
}

/**
 * Renders one element. In an input block (`inInput`), values are read on submit and only dispatched
 * when the block asks for dispatch_action; elsewhere every change is a block_actions at once.
 */
export function renderElement(element, ctx, blockId, inInput = false, dispatchAction = false) {
  const commit = (value) => {
    if (!inInput || dispatchAction) ctx.onAction({ actionId: element.action_id, blockId, value });
  };
  switch (element.type) {
    case 'button': {
      const button = h('button', {
        type: 'button',
        class: `bk-button ${element.style ?? ''}`,
        html: textToHtml(element.text, ctx.lookup),
      });
      button.addEventListener('click', () => {
        if (!confirmed(element)) return;
        if (element.url) window.open(element.url, '_blank', 'noopener');
        ctx.onAction({ actionId: element.action_id, blockId, value: element.value ?? null });
      });
      return button;
    }
    case 'overflow':
      return renderOverflow(element, ctx, blockId);
    case 'image':
      return h('img', { class: 'bk-inline-image', src: element.image_url, alt: element.alt_text ?? '' });
    case 'static_select':
    case 'multi_static_select':
    case 'external_select':
    case 'multi_external_select':
    case 'users_select':
    case 'multi_users_select':
    case 'conversations_select':
    case 'multi_conversations_select':
    case 'channels_select':
    case 'multi_channels_select':
      return withReader(renderSelect(element, ctx, blockId, commit), element, ctx, blockId);
    case 'radio_buttons':
    case 'checkboxes':
      return withReader(renderChoices(element, ctx, blockId, commit), element, ctx, blockId);
    case 'datepicker':
    case 'timepicker':
    case 'datetimepicker':
      return withReader(renderPicker(element, ctx, blockId, commit), element, ctx, blockId);
    case 'plain_text_input':
    case 'number_input':
    case 'email_text_input':
    case 'url_text_input':
      return withReader(renderTextInput(element, ctx, blockId, commit), element, ctx, blockId);
    default:
      return h('span', { class: 'bk-unsupported', text: `[${element.type}]` });
  }
}

function withReader(rendered, element, ctx, blockId) {
  ctx.readers?.push({ blockId, actionId: element.action_id, read: rendered.read });
  return rendered.el;
}
