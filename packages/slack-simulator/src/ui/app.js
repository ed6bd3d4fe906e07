/* global document, window, EventSource */
// The simulated Slack client: pick who you are, read channels and the bullpen app, run slash
// commands, click buttons, fill modals. It re-reads a snapshot from /sim/api/state whenever the
// server says something changed (Server-Sent Events).

import { renderBlocks } from './blocks.js';
import { h } from './elements.js';
import { escapeHtml, mrkdwnToHtml } from './mrkdwn.js';
import { renderModal } from './modal.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(window.location.search);
const view = {
  userId: params.get('user') ?? localStorage.getItem('sim.user') ?? '',
  channelId: params.get('channel') ?? localStorage.getItem('sim.channel') ?? '',
  /** 'channel' for channels and the app's Messages tab, 'home' for the App Home tab. */
  pane: params.get('pane') ?? 'channel',
  snapshot: null,
  usersReady: false,
};

const AVATAR_COLOURS = [
  '#e8912d',
  '#2bac76',
  '#1d9bd1',
  '#e01e5a',
  '#4a154b',
  '#36c5f0',
  '#ecb22e',
  '#7c3085',
];

function toast(message, kind = 'error') {
  const el = h('div', { class: `toast ${kind}`, text: message });
  $('toasts').append(el);
  window.setTimeout(() => el.remove(), 6000);
}

async function post(path, body) {
  const response = await window.fetch(`/sim/api/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const result = await response.json();
  if (!result.ok) toast(result.error ?? 'Something went wrong');
  else if (result.timedOut) toast('bullpen did not answer within 3 seconds (operation_timeout)');
  else if (result.status !== undefined && result.status !== 200)
    toast(`bullpen answered HTTP ${result.status}`);
  return result;
}

function lookup(snapshot) {
  const users = new Map(snapshot.users.map((u) => [u.id, u.name]));
  const channels = new Map(snapshot.allChannels.map((c) => [c.id, c.name]));
  return {
    userName: (id) => users.get(id) ?? id,
    channelName: (id) => channels.get(id) ?? id,
  };
}

function avatar(user) {
  const name = user?.name ?? '?';
  const initials = name
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  const colour = user?.isBot
    ? '#1f3a5f'
    : AVATAR_COLOURS[[...name].reduce((sum, c) => sum + c.charCodeAt(0), 0) % AVATAR_COLOURS.length];
  return h('div', { class: 'avatar', style: `background:${colour}`, text: user?.isBot ? 'b' : initials });
}

function timeOf(ts) {
  return new Date(Number(ts) * 1000).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });
}

const actions = {
  interact: (action) =>
    post('interact', {
      userId: view.userId,
      target: action.target,
      actionId: action.actionId,
      blockId: action.blockId,
      value: action.value ?? null,
      ...(action.viewValues ? { viewValues: action.viewValues } : {}),
    }),
  submit: (viewId, values) => post('submit', { userId: view.userId, viewId, values }),
  close: (viewId) => post('close', { userId: view.userId, viewId }),
};

function baseContext(snapshot) {
  return {
    lookup: lookup(snapshot),
    users: snapshot.users,
    channels: snapshot.allChannels,
  };
}

function renderMessage(message, snapshot, previous) {
  const author = snapshot.users.find((u) => u.id === message.user);
  const ctx = {
    ...baseContext(snapshot),
    onAction: (action) => actions.interact({ ...action, target: message.ts }),
  };
  const compact =
    previous &&
    !previous.ephemeral &&
    !message.ephemeral &&
    previous.user === message.user &&
    Number(message.ts) - Number(previous.ts) < 300;
  const content = h('div', { class: 'message-content' }, [
    compact
      ? null
      : h('div', { class: 'message-meta' }, [
          h('span', {
            class: 'author',
            text: message.ephemeral ? 'bullpen' : (author?.name ?? message.user),
          }),
          author?.isBot || message.ephemeral ? h('span', { class: 'app-tag', text: 'APP' }) : null,
          h('span', { class: 'time', text: timeOf(message.ts) }),
        ]),
    message.blocks && message.blocks.length > 0
      ? renderBlocks(message.blocks, ctx)
      : h('div', { class: 'message-text', html: mrkdwnToHtml(message.text, ctx.lookup) }),
    ...(message.files ?? [])
      .filter((file) => String(file.mimetype).startsWith('image/'))
      .map((file) =>
        h('img', { class: 'message-file', src: `/files/${file.id}`, alt: file.alt_txt ?? file.title }),
      ),
    message.edited ? h('span', { class: 'edited', text: '(edited)' }) : null,
    message.ephemeral
      ? h('div', { class: 'ephemeral-note' }, [
          h('span', { text: '👁 Only visible to you' }),
          h('button', {
            type: 'button',
            class: 'link',
            text: 'Dismiss',
            onclick: () => post('dismiss', { userId: view.userId, ts: message.ts }),
          }),
        ])
      : null,
  ]);
  const botAuthor = message.ephemeral ? { name: 'bullpen', isBot: true } : author;
  return h(
    'article',
    {
      class: `message${message.ephemeral ? ' ephemeral' : ''}${compact ? ' compact' : ''}`,
      'data-ts': message.ts,
    },
    [compact ? h('div', { class: 'avatar-spacer' }) : avatar(botAuthor), content],
  );
}

function renderMessages(snapshot) {
  const list = $('messages');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  const items = [];
  snapshot.messages.forEach((message, i) =>
    items.push(renderMessage(message, snapshot, snapshot.messages[i - 1])),
  );
  if (items.length === 0) {
    const name = snapshot.conversation?.kind === 'im' ? 'bullpen' : `#${snapshot.conversation?.name ?? ''}`;
    items.push(
      h('div', {
        class: 'empty',
        html: `This is the very beginning of <strong>${escapeHtml(name)}</strong>.`,
      }),
    );
  }
  list.replaceChildren(...items);
  if (atBottom || list.dataset.channel !== view.channelId) list.scrollTop = list.scrollHeight;
  list.dataset.channel = view.channelId;
}

function renderHome(snapshot) {
  const home = $('home');
  if (!snapshot.home) {
    home.replaceChildren(
      h('div', { class: 'empty', text: 'bullpen has not published a Home tab for you yet.' }),
    );
    return;
  }
  const ctx = {
    ...baseContext(snapshot),
    onAction: (action) => actions.interact({ ...action, target: snapshot.home.id }),
  };
  home.replaceChildren(h('div', { class: 'home-inner' }, renderBlocks(snapshot.home.definition.blocks, ctx)));
}

function renderSidebar(snapshot) {
  const me = snapshot.users.find((u) => u.id === view.userId);
  $('me-line').textContent = me ? `${me.name} · ${me.title}` : '';
  $('channel-list').replaceChildren(
    ...snapshot.channels.map((c) =>
      h('li', {}, [
        h('button', {
          type: 'button',
          class: `sidebar-item${view.channelId === c.id && view.pane === 'channel' ? ' active' : ''}`,
          onclick: () => openChannel(c.id),
          html: `<span class="hash">#</span>${escapeHtml(c.name)}`,
        }),
      ]),
    ),
  );
  const onApp = snapshot.appDmId !== null && (view.channelId === snapshot.appDmId || view.pane === 'home');
  $('app-link').classList.toggle('active', onApp);
}

function renderHeader(snapshot) {
  const onApp = view.pane === 'home' || snapshot.conversation?.kind === 'im';
  $('app-tabs').hidden = !onApp;
  for (const tab of document.querySelectorAll('#app-tabs .tab')) {
    tab.classList.toggle('active', (tab.dataset.tab === 'home') === (view.pane === 'home'));
  }
  $('conversation-title').textContent = onApp ? 'bullpen' : `# ${snapshot.conversation?.name ?? ''}`;
  $('conversation-purpose').textContent = onApp
    ? 'App · follow up every marketing lead, fast'
    : (snapshot.conversation?.purpose ?? '');
  $('composer-input').placeholder = onApp
    ? 'Message bullpen'
    : `Message #${snapshot.conversation?.name ?? ''}`;
  $('home').hidden = view.pane !== 'home';
  $('messages').hidden = view.pane === 'home';
  $('composer').hidden = view.pane === 'home';
}

function renderUserPicker(snapshot) {
  if (view.usersReady) return;
  const picker = $('user-picker');
  picker.replaceChildren(
    ...snapshot.users
      .filter((u) => !u.isBot)
      .map((u) => h('option', { value: u.id, text: `${u.name} — ${u.title}` })),
  );
  picker.value = view.userId;
  view.usersReady = true;
}

let refreshSeq = 0;

async function refresh() {
  refreshSeq += 1;
  const seq = refreshSeq;
  const query = new URLSearchParams({ user: view.userId, channel: view.channelId });
  const snapshot = await (await window.fetch(`/sim/api/state?${query}`)).json();
  // A later refresh already started; its snapshot is at least as new as this one.
  if (seq !== refreshSeq) return;
  view.snapshot = snapshot;
  $('team-name').textContent = snapshot.team.name;
  $('workspace-name').textContent = snapshot.team.name;
  renderUserPicker(snapshot);
  if (!snapshot.users.some((u) => u.id === view.userId && !u.isBot)) {
    selectUser(snapshot.users.find((u) => !u.isBot)?.id ?? '');
    return;
  }
  if (view.pane === 'channel' && !snapshot.conversation && snapshot.channels[0]) {
    openChannel(snapshot.channels[0].id);
    return;
  }
  renderSidebar(snapshot);
  renderHeader(snapshot);
  if (view.pane === 'home') renderHome(snapshot);
  else renderMessages(snapshot);
  renderModal($('modal-root'), snapshot.modal, baseContext(snapshot), actions);
  if (!$('api-log').hidden) refreshLog();
}

function remember() {
  localStorage.setItem('sim.user', view.userId);
  localStorage.setItem('sim.channel', view.channelId);
  const query = new URLSearchParams({ user: view.userId, channel: view.channelId, pane: view.pane });
  window.history.replaceState(null, '', `?${query}`);
}

function selectUser(userId) {
  view.userId = userId;
  view.pane = 'channel';
  view.channelId = '';
  $('user-picker').value = userId;
  remember();
  void refresh();
}

function openChannel(channelId) {
  view.channelId = channelId;
  view.pane = 'channel';
  remember();
  void refresh();
}

async function openApp(tab) {
  const opened = await post('open-app', { userId: view.userId });
  if (!opened.ok) return;
  view.channelId = opened.channelId;
  view.pane = tab === 'home' ? 'home' : 'channel';
  remember();
  await refresh();
  // Slack tells the app each time a person opens one of its tabs.
  await post('home', { userId: view.userId, tab });
}

async function refreshLog() {
  const { calls } = await (await window.fetch('/sim/api/calls')).json();
  $('api-log-list').replaceChildren(
    ...calls.map((call) =>
      h('li', { class: call.response.ok ? 'ok' : 'failed' }, [
        h('span', { class: 'method', text: call.method }),
        h('span', {
          class: 'result',
          text: call.response.ok ? `ok` : `${call.response.error} (${call.httpStatus})`,
        }),
        h('time', { text: new Date(call.at).toLocaleTimeString() }),
      ]),
    ),
  );
}

function showCommandHints() {
  const input = $('composer-input');
  const hints = $('command-hints');
  const text = input.value;
  const commands = view.snapshot?.commands ?? [];
  const matching =
    text.startsWith('/') && !text.includes(' ') ? commands.filter((c) => c.command.startsWith(text)) : [];
  hints.hidden = matching.length === 0;
  hints.replaceChildren(
    ...matching.map((c) =>
      h('button', {
        type: 'button',
        class: 'command-hint',
        onclick: () => {
          input.value = `${c.command} `;
          hints.hidden = true;
          input.focus();
        },
        html: `<strong>${escapeHtml(c.command)}</strong> <span>${escapeHtml(c.usageHint ?? '')}</span><small>${escapeHtml(c.description ?? '')}</small>`,
      }),
    ),
  );
}

// @-autocomplete, as in Slack: typing "@" and the start of a name lists people; picking one puts
// "@Real Name" in the box, and sending turns it into the mention Slack sends, <@U…|handle>.
const MAX_MENTION_HINTS = 8;
const composerMentions = new Map();
let mentionChoices = [];
let mentionSelected = 0;

/** The "@query" being typed just before the caret, or null. */
function mentionQuery(input) {
  const before = input.value.slice(0, input.selectionStart ?? input.value.length);
  const match = /(?:^|\s)@([^@\s][^@\n]{0,30}|)$/.exec(before);
  return match ? { query: match[1] ?? '', start: before.length - (match[1] ?? '').length - 1 } : null;
}

function mentionMatches(query) {
  const wanted = query.toLowerCase();
  const people = (view.snapshot?.users ?? []).filter((u) => !u.isBot);
  return people
    .filter((u) =>
      [u.name, u.displayName, u.handle, ...u.name.split(/\s+/)].some((name) =>
        (name ?? '').toLowerCase().startsWith(wanted),
      ),
    )
    .slice(0, MAX_MENTION_HINTS);
}

function hideMentionHints() {
  mentionChoices = [];
  $('mention-hints').hidden = true;
}

function renderMentionHints() {
  const hints = $('mention-hints');
  hints.hidden = mentionChoices.length === 0;
  hints.replaceChildren(
    ...mentionChoices.map((user, index) =>
      h('button', {
        type: 'button',
        class: `command-hint mention-hint${index === mentionSelected ? ' selected' : ''}`,
        role: 'option',
        onclick: () => pickMention(user),
        html: `<strong>${escapeHtml(user.name)}</strong> <span>@${escapeHtml(user.handle ?? '')}</span><small>${escapeHtml(user.title ?? '')}</small>`,
      }),
    ),
  );
}

function showMentionHints() {
  const found = mentionQuery($('composer-input'));
  mentionChoices = found ? mentionMatches(found.query) : [];
  mentionSelected = 0;
  renderMentionHints();
}

function pickMention(user) {
  const input = $('composer-input');
  const found = mentionQuery(input);
  if (!found) return hideMentionHints();
  const label = `@${user.name}`;
  const caret = input.selectionStart ?? input.value.length;
  input.value = `${input.value.slice(0, found.start)}${label} ${input.value.slice(caret)}`;
  const at = found.start + label.length + 1;
  input.setSelectionRange(at, at);
  composerMentions.set(label, user);
  hideMentionHints();
  input.focus();
}

/** Picked "@Real Name"s become Slack's mention syntax; anything else is sent as typed. */
function withMentions(text) {
  let out = text;
  for (const [label, user] of composerMentions) {
    out = out.split(label).join(`<@${user.id}|${user.handle ?? user.name}>`);
  }
  return out;
}

async function send(event) {
  event.preventDefault();
  const input = $('composer-input');
  const text = withMentions(input.value.trim());
  if (text === '') return;
  input.value = '';
  composerMentions.clear();
  $('command-hints').hidden = true;
  hideMentionHints();
  await post('compose', { userId: view.userId, channelId: view.channelId, text });
}

/** Arrow keys move through the people offered; Enter or Tab picks one; Escape closes the list. */
function onMentionKey(event) {
  if (mentionChoices.length === 0) return false;
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    const step = event.key === 'ArrowDown' ? 1 : -1;
    mentionSelected = (mentionSelected + step + mentionChoices.length) % mentionChoices.length;
    renderMentionHints();
  } else if (event.key === 'Enter' || event.key === 'Tab') {
    pickMention(mentionChoices[mentionSelected]);
  } else if (event.key === 'Escape') {
    hideMentionHints();
  } else {
    return false;
  }
  event.preventDefault();
  return true;
}

$('composer').addEventListener('submit', send);
$('composer-input').addEventListener('keydown', (event) => {
  if (onMentionKey(event)) return;
  if (event.key === 'Enter' && !event.shiftKey) void send(event);
});
$('composer-input').addEventListener('input', () => {
  showCommandHints();
  showMentionHints();
});
$('user-picker').addEventListener('change', (event) => selectUser(event.target.value));
$('app-link').addEventListener('click', () => openApp('home'));
for (const tab of document.querySelectorAll('#app-tabs .tab')) {
  tab.addEventListener('click', () => openApp(tab.dataset.tab));
}
$('log-toggle').addEventListener('click', () => {
  $('api-log').hidden = !$('api-log').hidden;
  if (!$('api-log').hidden) void refreshLog();
});

const events = new EventSource('/sim/api/events');
events.addEventListener('message', () => void refresh());
events.addEventListener('error', () => window.setTimeout(() => void refresh(), 2000));
void refresh();
