import { afterEach, describe, expect, it } from 'vitest';
import type { EnteredValues, JsonObject, SimpleInput, SimView } from '@bullpen/slack-simulator';
import {
  CONTEST_BLOCK_IDS,
  CONTEST_TEMPLATE_ACTION_ID,
  actionIdFor,
} from '../../../src/features/contests/slack/blocks.ts';
import { HOUR_MS } from '../../../src/features/contests/domain/model.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { useRedis } from '../../helpers/redis.ts';
import { SALES, person, startContestBullpen, waitForContest } from './local-helpers.ts';

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The input blocks of a view, with the one element each holds. */
function inputBlocks(view: SimView): { blockId: string; element: JsonObject }[] {
  const blocks = Array.isArray(view.definition['blocks']) ? view.definition['blocks'] : [];
  return blocks
    .filter(isObject)
    .flatMap((block) =>
      block['type'] === 'input' && isObject(block['element']) && typeof block['block_id'] === 'string'
        ? [{ blockId: block['block_id'], element: block['element'] }]
        : [],
    );
}

/** A state value (kept by Slack for a block it saw before) or an element's initial value, as plain input. */
function plain(source: JsonObject): SimpleInput {
  const option = source['selected_option'] ?? source['initial_option'];
  if (isObject(option)) return String(option['value']);
  const options = source['selected_options'] ?? source['initial_options'];
  if (Array.isArray(options)) return options.filter(isObject).map((o) => String(o['value']));
  for (const key of ['value', 'initial_value', 'selected_conversation', 'initial_conversation']) {
    const value = source[key];
    if (typeof value === 'string') return value;
  }
  return null;
}

/**
 * What each input of the open modal shows, by action id, as Slack's client decides it: a block it
 * already rendered keeps its state (block_id and action_id unchanged), a new block shows its initial value.
 */
function shownInputs(view: SimView): Map<string, { blockId: string; shown: SimpleInput }> {
  const shown = new Map<string, { blockId: string; shown: SimpleInput }>();
  for (const { blockId, element } of inputBlocks(view)) {
    const actionId = String(element['action_id']);
    const kept = view.stateValues[blockId]?.[actionId];
    shown.set(actionId, { blockId, shown: plain(kept ?? element) });
  }
  return shown;
}

describe('starting a contest from a template in the modal', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('refills the template’s fields (keeping the rest) and launches what the modal shows', async () => {
    local = await startContestBullpen(fixture.prefix, 0.001);
    const manager = person('manager').slackId;
    await local.simulator.sendSlashCommand(manager, SALES, '/contest', '');
    const modal = await waitFor(
      async () => local?.simulator.workspace.openModal(manager),
      'the contest modal',
    );

    // The manager types a prize, then picks a template, then another: each pick sends (and Slack
    // keeps) the state of the inputs the modal showed.
    const pick = async (templateId: string, updates: number) => {
      const entered: EnteredValues = {};
      for (const [actionId, { blockId, shown: value }] of shownInputs(modal)) {
        if (value !== null) entered[blockId] = { [actionId]: value };
      }
      if (updates === 1) entered[CONTEST_BLOCK_IDS.prize] = { [actionIdFor('prize')]: 'Pizza' };
      await local!.simulator.selectOption(manager, modal.id, CONTEST_TEMPLATE_ACTION_ID, templateId, {
        viewValues: entered,
      });
      await waitFor(
        async () => (local?.simulator.callsTo('views.update').length === updates ? true : undefined),
        `the modal refilled from ${templateId}`,
      );
      return shownInputs(modal);
    };
    const first = await pick('webinar-blitz', 1);
    expect(first.get(actionIdFor('name'))?.shown).toBe('Webinar follow-up blitz');
    expect(first.get(actionIdFor('duration'))?.shown).toBe('3d');

    const shown = await pick('power-hour', 2);
    const showing = (key: Parameters<typeof actionIdFor>[0]) => shown.get(actionIdFor(key))?.shown;
    expect(showing('name')).toBe('Power hour');
    expect(showing('metric')).toBe('calls');
    expect(showing('duration')).toBe('1h');
    expect(showing('cadence')).toBe('live');
    expect(showing('scopeKind')).toBe('all');
    // What the template does not set stays as the manager left it.
    expect(showing('prize')).toBe('Pizza');
    expect(showing('channel')).toBe(SALES);

    // Submitting what the modal shows launches the template's contest.
    const submitted: EnteredValues = {};
    for (const [actionId, { blockId, shown: value }] of shown) {
      if (value !== null) submitted[blockId] = { [actionId]: value };
    }
    const answer = await local.simulator.submitView(manager, modal.id, submitted);
    expect(answer.json?.['response_action']).toBeUndefined();
    const contest = await waitForContest(local, (c) => c.name === 'Power hour', 'the contest');
    expect(contest).toMatchObject({ metric: 'calls', prize: 'Pizza', templateId: 'power-hour' });
    expect(contest.window.end.getTime() - contest.window.start.getTime()).toBe(HOUR_MS);
    expect(contest.cadence.dailyStandingsAt).toBeNull();
  });
});
