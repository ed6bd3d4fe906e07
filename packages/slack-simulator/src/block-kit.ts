/**
 * Light Block Kit validation with the limits in DESIGN.md section 7. It catches what Slack rejects
 * with `invalid_blocks` that bullpen could plausibly produce (too many blocks, over-long text,
 * duplicate ids), not the full schema. Problems are reported in Slack's message style:
 * `[ERROR] must be less than 51 items [json-pointer:/blocks]`.
 */

export type BlockSurface = 'message' | 'modal' | 'home';

const BLOCK_LIMIT: Record<BlockSurface, number> = { message: 50, modal: 100, home: 100 };

const KNOWN_BLOCK_TYPES = new Set([
  'section',
  'header',
  'context',
  'divider',
  'actions',
  'image',
  'rich_text',
  'input',
  'file',
  'video',
  'markdown',
  'context_actions',
  'table',
]);

type Problem = string;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function error(message: string, pointer: string): Problem {
  return `[ERROR] ${message} [json-pointer:${pointer}]`;
}

function checkText(
  value: unknown,
  pointer: string,
  maxLength: number,
  problems: Problem[],
  plainOnly = false,
) {
  if (!isObject(value)) {
    problems.push(error('must provide an object', pointer));
    return;
  }
  const type = value['type'];
  if (type !== 'plain_text' && (plainOnly || type !== 'mrkdwn')) {
    problems.push(
      error(plainOnly ? 'must be plain_text' : 'must be plain_text or mrkdwn', `${pointer}/type`),
    );
  }
  const text = value['text'];
  if (typeof text !== 'string' || text.length === 0) {
    problems.push(error('must be a non-empty string', `${pointer}/text`));
  } else if (text.length > maxLength) {
    problems.push(error(`must be less than ${maxLength + 1} characters`, `${pointer}/text`));
  }
}

function checkId(value: unknown, pointer: string, problems: Problem[]) {
  if (value === undefined) return;
  if (typeof value !== 'string' || value.length === 0 || value.length > 255) {
    problems.push(error('must be a string of 1 to 255 characters', pointer));
  }
}

function checkOptions(options: unknown, pointer: string, problems: Problem[]) {
  if (options === undefined) return;
  if (!Array.isArray(options)) {
    problems.push(error('must be an array', pointer));
    return;
  }
  if (options.length > 100) problems.push(error('must be less than 101 items', pointer));
  options.forEach((option, i) => {
    if (!isObject(option)) {
      problems.push(error('must provide an object', `${pointer}/${i}`));
      return;
    }
    checkText(option['text'], `${pointer}/${i}/text`, 75, problems);
    const value = option['value'];
    if (value !== undefined && (typeof value !== 'string' || value.length > 150)) {
      problems.push(error('must be a string of at most 150 characters', `${pointer}/${i}/value`));
    }
  });
}

function checkElement(element: unknown, pointer: string, problems: Problem[], actionIds: Set<string>) {
  if (!isObject(element) || typeof element['type'] !== 'string') {
    problems.push(error('must provide an object with a type', pointer));
    return;
  }
  const actionId = element['action_id'];
  checkId(actionId, `${pointer}/action_id`, problems);
  if (typeof actionId === 'string') {
    if (actionIds.has(actionId)) problems.push(error('duplicate action_id', `${pointer}/action_id`));
    actionIds.add(actionId);
  }
  switch (element['type']) {
    case 'button': {
      checkText(element['text'], `${pointer}/text`, 75, problems, true);
      const value = element['value'];
      if (value !== undefined && (typeof value !== 'string' || value.length > 2000)) {
        problems.push(error('must be less than 2001 characters', `${pointer}/value`));
      }
      const url = element['url'];
      if (url !== undefined && (typeof url !== 'string' || url.length > 3000)) {
        problems.push(error('must be less than 3001 characters', `${pointer}/url`));
      }
      break;
    }
    case 'static_select':
    case 'multi_static_select':
    case 'overflow':
    case 'radio_buttons':
    case 'checkboxes':
      checkOptions(element['options'], `${pointer}/options`, problems);
      break;
    default:
      break;
  }
}

function checkBlock(
  block: unknown,
  pointer: string,
  surface: BlockSurface,
  problems: Problem[],
  blockIds: Set<string>,
) {
  if (!isObject(block) || typeof block['type'] !== 'string') {
    problems.push(error('must provide an object with a type', pointer));
    return;
  }
  const type = block['type'];
  if (!KNOWN_BLOCK_TYPES.has(type)) {
    problems.push(error(`unsupported type: ${type}`, `${pointer}/type`));
    return;
  }
  const blockId = block['block_id'];
  checkId(blockId, `${pointer}/block_id`, problems);
  if (typeof blockId === 'string') {
    if (blockIds.has(blockId)) problems.push(error('duplicate block_id', `${pointer}/block_id`));
    blockIds.add(blockId);
  }
  const actionIds = new Set<string>();
  switch (type) {
    case 'section': {
      const fields = block['fields'];
      if (block['text'] === undefined && fields === undefined) {
        problems.push(error('must provide text or fields', pointer));
      }
      if (block['text'] !== undefined) checkText(block['text'], `${pointer}/text`, 3000, problems);
      if (fields !== undefined) {
        if (!Array.isArray(fields)) problems.push(error('must be an array', `${pointer}/fields`));
        else {
          if (fields.length > 10) problems.push(error('must be less than 11 items', `${pointer}/fields`));
          fields.forEach((field, i) => checkText(field, `${pointer}/fields/${i}`, 2000, problems));
        }
      }
      if (block['accessory'] !== undefined) {
        checkElement(block['accessory'], `${pointer}/accessory`, problems, actionIds);
      }
      break;
    }
    case 'header':
      checkText(block['text'], `${pointer}/text`, 150, problems, true);
      break;
    case 'context':
    case 'actions': {
      const elements = block['elements'];
      const limit = type === 'context' ? 10 : 25;
      if (!Array.isArray(elements) || elements.length === 0) {
        problems.push(error('must provide a non-empty array', `${pointer}/elements`));
      } else {
        if (elements.length > limit) {
          problems.push(error(`must be less than ${limit + 1} items`, `${pointer}/elements`));
        }
        if (type === 'actions') {
          elements.forEach((el, i) => checkElement(el, `${pointer}/elements/${i}`, problems, actionIds));
        }
      }
      break;
    }
    case 'input':
      if (surface === 'home' || surface === 'modal' || block['dispatch_action'] !== undefined) {
        checkText(block['label'], `${pointer}/label`, 2000, problems, true);
      }
      checkElement(block['element'], `${pointer}/element`, problems, actionIds);
      break;
    default:
      break;
  }
}

export function validateBlocks(blocks: unknown, surface: BlockSurface, pointer = '/blocks'): Problem[] {
  if (!Array.isArray(blocks)) return [error('must be an array', pointer)];
  const problems: Problem[] = [];
  const limit = BLOCK_LIMIT[surface];
  if (blocks.length > limit) problems.push(error(`must be less than ${limit + 1} items`, pointer));
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => checkBlock(block, `${pointer}/${i}`, surface, problems, blockIds));
  return problems;
}

/** Validates a view for views.open/update/push/publish; `expected` says which view type the method takes. */
export function validateView(view: unknown, expected: 'modal' | 'home'): Problem[] {
  if (!isObject(view)) return [error('must provide an object', '/view')];
  const problems: Problem[] = [];
  if (view['type'] !== expected) problems.push(error(`must be ${expected}`, '/view/type'));
  if (expected === 'modal') {
    checkText(view['title'], '/view/title', 24, problems, true);
    for (const key of ['submit', 'close'] as const) {
      if (view[key] !== undefined) checkText(view[key], `/view/${key}`, 24, problems, true);
    }
    const blocks = view['blocks'];
    const hasInput = Array.isArray(blocks) && blocks.some((b) => isObject(b) && b['type'] === 'input');
    if (hasInput && view['submit'] === undefined) {
      problems.push(error('must provide submit when the view has input blocks', '/view/submit'));
    }
  }
  const metadata = view['private_metadata'];
  if (metadata !== undefined && (typeof metadata !== 'string' || metadata.length > 3000)) {
    problems.push(error('must be less than 3001 characters', '/view/private_metadata'));
  }
  checkId(view['callback_id'], '/view/callback_id', problems);
  problems.push(...validateBlocks(view['blocks'] ?? [], expected, '/view/blocks'));
  return problems;
}
