// Slack mrkdwn and plain_text to safe HTML: everything is escaped first, then Slack's own markup
// (<@U…> mentions, <url|label> links, *bold*, _italic_, ~strike~, `code`, ```pre```, > quotes,
// :emoji:) is turned into tags, so nothing bullpen sends can inject HTML into the page.

const EMOJI = {
  trophy: '🏆',
  tada: '🎉',
  fire: '🔥',
  rocket: '🚀',
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  x: '❌',
  warning: '⚠️',
  alarm_clock: '⏰',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  clock1: '🕐',
  star: '⭐',
  star2: '🌟',
  clap: '👏',
  raised_hands: '🙌',
  muscle: '💪',
  '+1': '👍',
  thumbsup: '👍',
  thumbsdown: '👎',
  wave: '👋',
  eyes: '👀',
  bell: '🔔',
  telephone_receiver: '📞',
  phone: '☎️',
  email: '📧',
  envelope: '✉️',
  calendar: '📅',
  date: '📅',
  chart_with_upwards_trend: '📈',
  chart_with_downwards_trend: '📉',
  bar_chart: '📊',
  moneybag: '💰',
  dollar: '💵',
  handshake: '🤝',
  first_place_medal: '🥇',
  second_place_medal: '🥈',
  third_place_medal: '🥉',
  medal: '🏅',
  sports_medal: '🏅',
  dart: '🎯',
  zap: '⚡',
  sparkles: '✨',
  mega: '📣',
  loudspeaker: '📢',
  memo: '📝',
  pushpin: '📌',
  snooze: '💤',
  zzz: '💤',
  no_entry_sign: '🚫',
  red_circle: '🔴',
  large_green_circle: '🟢',
  large_yellow_circle: '🟡',
  large_orange_circle: '🟠',
  information_source: 'ℹ️',
  question: '❓',
  gear: '⚙️',
  link: '🔗',
  lock: '🔒',
  cloud: '☁️',
  busts_in_silhouette: '👥',
  bust_in_silhouette: '👤',
  point_right: '👉',
  arrow_right: '➡️',
  crown: '👑',
  100: '💯',
  confetti_ball: '🎊',
  stopwatch: '⏱️',
  inbox_tray: '📥',
  rotating_light: '🚨',
  white_circle: '⚪',
  stethoscope: '🩺',
  briefcase: '💼',
};

export function escapeHtml(text) {
  return String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function unescapeSlack(text) {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function emojify(html) {
  return html.replace(/:([a-z0-9_+-]+):/g, (whole, name) => EMOJI[name] ?? whole);
}

function safeUrl(url) {
  return /^(https?:|mailto:)/i.test(url) ? url : '#';
}

/** Converts one `<…>` token; `lookup` resolves user and channel ids to names. */
function specialToken(inner, lookup) {
  const [target, label] = inner.split('|', 2);
  if (target.startsWith('@')) {
    const name = label ?? lookup.userName(target.slice(1));
    return `<span class="mention">@${escapeHtml(name)}</span>`;
  }
  if (target.startsWith('#')) {
    const name = label ?? lookup.channelName(target.slice(1));
    return `<span class="mention">#${escapeHtml(name)}</span>`;
  }
  if (target.startsWith('!subteam^')) {
    return `<span class="mention">${escapeHtml(label ?? '@group')}</span>`;
  }
  if (target.startsWith('!date^')) {
    // Slack renders the epoch seconds in the reader's own locale and time zone, as the browser does.
    const seconds = Number(target.split('^')[1]);
    if (Number.isFinite(seconds)) {
      return escapeHtml(
        new Date(seconds * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }),
      );
    }
    return escapeHtml(label ?? target);
  }
  if (target.startsWith('!')) return `<span class="mention">@${escapeHtml(target.slice(1))}</span>`;
  const url = unescapeSlack(target);
  return `<a href="${escapeHtml(safeUrl(url))}" target="_blank" rel="noopener">${escapeHtml(label ? unescapeSlack(label) : url)}</a>`;
}

function inlineFormatting(html) {
  return html
    .replace(/`([^`\n]+)`/g, '<code>$1</code>')
    .replace(/(^|[\s(>])\*([^*\n]+)\*(?=$|[\s).,!?:;<])/g, '$1<strong>$2</strong>')
    .replace(/(^|[\s(>])_([^_\n]+)_(?=$|[\s).,!?:;<])/g, '$1<em>$2</em>')
    .replace(/(^|[\s(>])~([^~\n]+)~(?=$|[\s).,!?:;<])/g, '$1<del>$2</del>');
}

export function mrkdwnToHtml(text, lookup) {
  const tokens = [];
  const withPlaceholders = String(text ?? '').replace(/<([^<>\n]+)>/g, (_whole, inner) => {
    tokens.push(specialToken(inner, lookup));
    return `\u{e000}${tokens.length - 1}\u{e001}`;
  });
  const blocks = unescapeSlack(withPlaceholders).split(/```/);
  const html = blocks
    .map((part, index) => {
      const escaped = escapeHtml(part);
      if (index % 2 === 1) return `<pre>${escaped.replace(/^\n/, '')}</pre>`;
      return escaped
        .split('\n')
        .map((line) => {
          const quote = /^&gt;\s?(.*)$/.exec(line);
          const body = emojify(inlineFormatting(quote ? quote[1] : line));
          return quote ? `<blockquote>${body}</blockquote>` : body;
        })
        .join('<br>')
        .replace(/<\/blockquote><br>/g, '</blockquote>');
    })
    .join('');
  // Private-use characters mark where each token goes; they cannot appear in escaped text.
  return html.replace(/\u{e000}(\d+)\u{e001}/gu, (_whole, i) => tokens[Number(i)] ?? '');
}

export function textToHtml(textObject, lookup) {
  if (!textObject) return '';
  if (typeof textObject === 'string') return mrkdwnToHtml(textObject, lookup);
  if (textObject.type === 'plain_text') {
    const escaped = escapeHtml(textObject.text ?? '').replace(/\n/g, '<br>');
    return textObject.emoji === false ? escaped : emojify(escaped);
  }
  return mrkdwnToHtml(textObject.text ?? '', lookup);
}

export function plainText(textObject) {
  if (!textObject) return '';
  return typeof textObject === 'string' ? textObject : (textObject.text ?? '');
}
