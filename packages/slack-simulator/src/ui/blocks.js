// Renders Block Kit layout blocks. `ctx` carries: lookup (id -> name), users, channels,
// onAction({actionId, blockId, value}), and for modals: draft values, errors, readers.

import { h, renderElement } from './elements.js';
import { escapeHtml, emojify, textToHtml } from './mrkdwn.js';

function blockIdOf(block, index) {
  return block.block_id ?? `sim-block-${index}`;
}

function image(url, alt, className) {
  const img = h('img', { class: className, src: url, alt: alt ?? '', loading: 'lazy' });
  // Demo image URLs point at hosts that do not exist offline; show the alt text instead of a broken icon.
  img.addEventListener('error', () =>
    img.replaceWith(h('div', { class: `${className} bk-image-missing`, text: alt || 'image' })),
  );
  return img;
}

function richTextElements(elements, ctx) {
  return (elements ?? [])
    .map((el) => {
      const style = el.style ?? {};
      let html;
      switch (el.type) {
        case 'text':
          html = emojify(escapeHtml(el.text ?? '')).replace(/\n/g, '<br>');
          break;
        case 'link':
          html = `<a href="${escapeHtml(el.url ?? '#')}" target="_blank" rel="noopener">${escapeHtml(el.text ?? el.url ?? '')}</a>`;
          break;
        case 'user':
          html = `<span class="mention">@${escapeHtml(ctx.lookup.userName(el.user_id))}</span>`;
          break;
        case 'channel':
          html = `<span class="mention">#${escapeHtml(ctx.lookup.channelName(el.channel_id))}</span>`;
          break;
        case 'emoji':
          html = el.unicode
            ? String.fromCodePoint(...el.unicode.split('-').map((c) => parseInt(c, 16)))
            : emojify(`:${el.name}:`);
          break;
        case 'broadcast':
          html = `<span class="mention">@${escapeHtml(el.range ?? 'here')}</span>`;
          break;
        default:
          html = '';
      }
      if (style.code) html = `<code>${html}</code>`;
      if (style.bold) html = `<strong>${html}</strong>`;
      if (style.italic) html = `<em>${html}</em>`;
      if (style.strike) html = `<del>${html}</del>`;
      return html;
    })
    .join('');
}

function renderRichText(block, ctx) {
  const wrap = h('div', { class: 'bk-rich-text' });
  for (const part of block.elements ?? []) {
    if (part.type === 'rich_text_section')
      wrap.append(h('div', { html: richTextElements(part.elements, ctx) }));
    else if (part.type === 'rich_text_quote')
      wrap.append(h('blockquote', { html: richTextElements(part.elements, ctx) }));
    else if (part.type === 'rich_text_preformatted')
      wrap.append(h('pre', { html: richTextElements(part.elements, ctx) }));
    else if (part.type === 'rich_text_list') {
      const list = h(part.style === 'ordered' ? 'ol' : 'ul');
      for (const item of part.elements ?? [])
        list.append(h('li', { html: richTextElements(item.elements, ctx) }));
      wrap.append(list);
    }
  }
  return wrap;
}

function renderInput(block, ctx, blockId) {
  const error = ctx.errors?.[blockId];
  const element = block.element ?? {};
  return h('div', { class: `bk-input-block${error ? ' has-error' : ''}` }, [
    h('label', { class: 'bk-label' }, [
      h('span', { html: textToHtml(block.label, ctx.lookup) }),
      block.optional ? h('span', { class: 'bk-optional', text: '(optional)' }) : null,
    ]),
    renderElement(element, ctx, blockId, true, block.dispatch_action === true),
    block.hint ? h('div', { class: 'bk-hint', html: textToHtml(block.hint, ctx.lookup) }) : null,
    error ? h('div', { class: 'bk-error', text: error }) : null,
  ]);
}

function renderBlock(block, index, ctx) {
  const blockId = blockIdOf(block, index);
  switch (block.type) {
    case 'section': {
      const body = h('div', { class: 'bk-section-body' }, [
        block.text ? h('div', { class: 'bk-text', html: textToHtml(block.text, ctx.lookup) }) : null,
        block.fields
          ? h(
              'div',
              { class: 'bk-fields' },
              block.fields.map((f) => h('div', { class: 'bk-field', html: textToHtml(f, ctx.lookup) })),
            )
          : null,
      ]);
      const accessory = block.accessory
        ? block.accessory.type === 'image'
          ? image(block.accessory.image_url, block.accessory.alt_text, 'bk-accessory-image')
          : renderElement(block.accessory, ctx, blockId)
        : null;
      return h('div', { class: 'bk-section' }, [
        body,
        accessory ? h('div', { class: 'bk-accessory' }, accessory) : null,
      ]);
    }
    case 'header':
      return h('div', { class: 'bk-header', html: textToHtml(block.text, ctx.lookup) });
    case 'divider':
      return h('hr', { class: 'bk-divider' });
    case 'context':
      return h(
        'div',
        { class: 'bk-context' },
        (block.elements ?? []).map((el) =>
          el.type === 'image'
            ? image(el.image_url, el.alt_text, 'bk-context-image')
            : h('span', { html: textToHtml(el, ctx.lookup) }),
        ),
      );
    case 'actions':
      return h(
        'div',
        { class: 'bk-actions' },
        (block.elements ?? []).map((el) => renderElement(el, ctx, blockId)),
      );
    case 'image':
      return h('figure', { class: 'bk-image' }, [
        block.title ? h('figcaption', { html: textToHtml(block.title, ctx.lookup) }) : null,
        image(block.image_url, block.alt_text, 'bk-image-img'),
      ]);
    case 'rich_text':
      return renderRichText(block, ctx);
    case 'input':
      return renderInput(block, ctx, blockId);
    case 'markdown':
      return h('div', {
        class: 'bk-text',
        html: textToHtml({ type: 'mrkdwn', text: block.text }, ctx.lookup),
      });
    default:
      return h('div', { class: 'bk-unsupported', text: `Unsupported block: ${block.type}` });
  }
}

export function renderBlocks(blocks, ctx) {
  return h(
    'div',
    { class: 'bk-blocks' },
    (blocks ?? []).map((block, index) => renderBlock(block, index, ctx)),
  );
}
