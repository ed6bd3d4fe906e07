import type { JsonObject, ViewStateValues } from './types.ts';

/**
 * Turns what a person entered into Slack's `view.state.values` shape and finds interactive
 * elements in blocks. Tests and the browser UI pass plain values (a string, a list of strings);
 * the element's type in the view decides how Slack would have encoded them.
 */

export type SimpleInput = string | number | readonly string[] | null | JsonObject;

export interface FoundElement {
  blockId: string;
  element: JsonObject;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function blockElements(block: JsonObject): JsonObject[] {
  const elements: JsonObject[] = [];
  if (isObject(block['accessory'])) elements.push(block['accessory']);
  if (isObject(block['element'])) elements.push(block['element']);
  if (Array.isArray(block['elements'])) {
    for (const el of block['elements']) if (isObject(el)) elements.push(el);
  }
  return elements;
}

/** Slack generates block ids for blocks that have none; the simulator derives stable ones from the position. */
export function blockIdOf(block: JsonObject, index: number): string {
  return typeof block['block_id'] === 'string' ? block['block_id'] : `sim-block-${index}`;
}

export function findElement(
  blocks: readonly unknown[],
  actionId: string,
  blockId?: string,
): FoundElement | undefined {
  for (const [index, block] of blocks.entries()) {
    if (!isObject(block)) continue;
    const id = blockIdOf(block, index);
    if (blockId !== undefined && id !== blockId) continue;
    const element = blockElements(block).find((el) => el['action_id'] === actionId);
    if (element) return { blockId: id, element };
  }
  return undefined;
}

export function elementOptions(element: JsonObject): JsonObject[] {
  const options: JsonObject[] = [];
  if (Array.isArray(element['options'])) {
    for (const o of element['options']) if (isObject(o)) options.push(o);
  }
  if (Array.isArray(element['option_groups'])) {
    for (const group of element['option_groups']) {
      if (isObject(group) && Array.isArray(group['options'])) {
        for (const o of group['options']) if (isObject(o)) options.push(o);
      }
    }
  }
  return options;
}

function pickOption(element: JsonObject, value: string): JsonObject {
  const option = elementOptions(element).find((o) => o['value'] === value);
  if (!option) {
    throw new Error(
      `option "${value}" is not offered by ${String(element['type'])} "${String(element['action_id'])}"`,
    );
  }
  const picked: JsonObject = { text: option['text'], value: option['value'] };
  if (option['description'] !== undefined) picked['description'] = option['description'];
  return picked;
}

function asList(input: SimpleInput): string[] {
  if (input === null || input === undefined) return [];
  if (Array.isArray(input)) return input.map(String);
  if (typeof input === 'string') return input === '' ? [] : [input];
  return [String(input)];
}

function asSingle(input: SimpleInput): string | null {
  const list = asList(input);
  return list[0] ?? null;
}

/** The fields Slack puts next to `type` in a state value (and, mostly, in a block_actions action). */
export function encodeInput(element: JsonObject, input: SimpleInput): JsonObject {
  if (isObject(input) && !Array.isArray(input)) return { type: element['type'], ...input };
  const type = String(element['type']);
  const single = asSingle(input);
  switch (type) {
    case 'static_select':
    case 'radio_buttons':
    case 'overflow':
    case 'external_select':
      return { type, selected_option: single === null ? null : pickOption(element, single) };
    case 'multi_static_select':
    case 'checkboxes':
    case 'multi_external_select':
      return { type, selected_options: asList(input).map((v) => pickOption(element, v)) };
    case 'users_select':
      return { type, selected_user: single };
    case 'multi_users_select':
      return { type, selected_users: asList(input) };
    case 'conversations_select':
      return { type, selected_conversation: single };
    case 'multi_conversations_select':
      return { type, selected_conversations: asList(input) };
    case 'channels_select':
      return { type, selected_channel: single };
    case 'multi_channels_select':
      return { type, selected_channels: asList(input) };
    case 'datepicker':
      return { type, selected_date: single };
    case 'timepicker':
      return { type, selected_time: single };
    case 'datetimepicker':
      return { type, selected_date_time: single === null ? null : Number(single) };
    default:
      return { type, value: single };
  }
}

/** What Slack would send for an untouched element: its initial value, or empty. */
function initialInput(element: JsonObject): SimpleInput {
  const initialOption = element['initial_option'];
  if (isObject(initialOption) && typeof initialOption['value'] === 'string') return initialOption['value'];
  const initialOptions = element['initial_options'];
  if (Array.isArray(initialOptions)) {
    return initialOptions.filter(isObject).map((o) => String(o['value']));
  }
  for (const key of [
    'initial_value',
    'initial_user',
    'initial_conversation',
    'initial_channel',
    'initial_date',
    'initial_time',
    'initial_date_time',
  ]) {
    const value = element[key];
    if (typeof value === 'string' || typeof value === 'number') return String(value);
  }
  for (const key of ['initial_users', 'initial_conversations', 'initial_channels']) {
    const value = element[key];
    if (Array.isArray(value)) return value.map(String);
  }
  return null;
}

/**
 * Builds `state.values` for every input block (and interactive element in other blocks) of a view,
 * taking `entered[blockId][actionId]` where given and the element's initial value otherwise.
 */
export function buildStateValues(
  blocks: readonly unknown[],
  entered: Record<string, Record<string, SimpleInput>>,
): ViewStateValues {
  const values: ViewStateValues = {};
  for (const [index, block] of blocks.entries()) {
    if (!isObject(block)) continue;
    const blockId = blockIdOf(block, index);
    const isInput = block['type'] === 'input';
    for (const element of blockElements(block)) {
      const actionId = element['action_id'];
      if (typeof actionId !== 'string' || element['type'] === 'button') continue;
      const given = entered[blockId]?.[actionId];
      if (given === undefined && !isInput) continue;
      values[blockId] ??= {};
      values[blockId][actionId] = encodeInput(element, given === undefined ? initialInput(element) : given);
    }
  }
  return values;
}

/** Input blocks that are required and still empty, keyed by block_id, as Slack's client would flag them. */
export function missingRequiredInputs(
  blocks: readonly unknown[],
  values: ViewStateValues,
): Record<string, string> {
  const missing: Record<string, string> = {};
  for (const [index, block] of blocks.entries()) {
    if (!isObject(block) || block['type'] !== 'input' || block['optional'] === true) continue;
    const blockId = blockIdOf(block, index);
    const element = isObject(block['element']) ? block['element'] : undefined;
    const actionId = element?.['action_id'];
    const value = typeof actionId === 'string' ? values[blockId]?.[actionId] : undefined;
    const filled =
      value !== undefined &&
      Object.entries(value).some(
        ([key, v]) => key !== 'type' && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0),
      );
    if (!filled) missing[blockId] = 'Please complete this required field.';
  }
  return missing;
}
