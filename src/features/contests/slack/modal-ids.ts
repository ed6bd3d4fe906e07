import { z } from 'zod';

/** The contest modal's ids (callback, blocks, actions) and its private metadata, shared by its builder and reader. */

export const CONTEST_MODAL_CALLBACK_ID = 'contest_create';
/** An actions-block select: picking a template should views.update the modal with its defaults. */
export const CONTEST_TEMPLATE_ACTION_ID = 'contest_template_pick';

export const CONTEST_BLOCK_IDS = {
  template: 'contest_template',
  name: 'contest_name',
  metric: 'contest_metric',
  duration: 'contest_duration',
  startAt: 'contest_start_at',
  channel: 'contest_channel',
  participantsKind: 'contest_participants_kind',
  participantUsers: 'contest_participant_users',
  participantGroup: 'contest_participant_group',
  teams: 'contest_teams',
  scopeKind: 'contest_scope_kind',
  scopeSources: 'contest_scope_sources',
  scopeCampaign: 'contest_scope_campaign',
  prize: 'contest_prize',
  cadence: 'contest_cadence',
  publicTopN: 'contest_public_top_n',
  goal: 'contest_goal',
} as const;
export type BlockKey = keyof typeof CONTEST_BLOCK_IDS;
/** Each input block holds one element whose action_id is the block_id plus `_input`. */
export const actionIdFor = (key: BlockKey): string => `${CONTEST_BLOCK_IDS[key]}_input`;

/** The inputs a template fills; the others keep what the manager entered when a template is picked. */
export const TEMPLATE_FIELDS: readonly BlockKey[] = [
  'name',
  'metric',
  'duration',
  'scopeKind',
  'scopeSources',
  'cadence',
];

/**
 * A field's block_id in the modal's `revision` (how many templates were picked in it). Slack keeps
 * an input's state, and ignores its new initial value, while its block_id and action_id stay the
 * same across a views.update; so each pick gives the template's fields ids never used before.
 */
export function blockIdFor(key: BlockKey, revision = 0): string {
  const base = CONTEST_BLOCK_IDS[key];
  return revision > 0 && TEMPLATE_FIELDS.includes(key) ? `${base}_t${revision}` : base;
}

export const WON_AMOUNT = 'opportunities_won_amount';
export const CADENCE_CHOICES = {
  both: 'Live board + daily standings at 09:00',
  live: 'Live board only',
  daily: 'Daily standings only',
};

export interface ModalMetadata {
  originChannelId: string;
  templateId?: string;
  /** How many templates were picked in this modal (see blockIdFor); absent before the first. */
  revision?: number;
}
const metadataSchema = z.object({
  originChannelId: z.string(),
  templateId: z.string().optional(),
  revision: z.number().int().nonnegative().optional(),
});
export const encodeModalMetadata = (metadata: ModalMetadata): string => JSON.stringify(metadata);
export function decodeModalMetadata(text: string): ModalMetadata | null {
  try {
    const parsed = metadataSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
