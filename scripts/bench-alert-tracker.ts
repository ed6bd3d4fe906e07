// Reads the local Slack simulator's call log for the instant assignment alerts (chat.postMessage or
// chat.update to a rep's DM, src/features/nudges/app/alert-messages.ts) and keeps, per lead, when an
// alert first showed it. A lead counts as alerted only when its own row (block_id
// `nudge.lead.<leadId>`) is in the message, never when the "…and N more" line counts it: the
// benchmark paces and spreads its leads so each one is shown (a rep's alert lists its 21 newest).
import type { SlackSimulator } from '@bullpen/slack-simulator';

const LEAD_BLOCK = 'nudge.lead.';
/** Alert messages say "… assigned to you"; digests (also DMs, also with lead rows) do not. */
const isAlertText = (text: unknown): boolean => typeof text === 'string' && text.includes('assigned to you');

function leadIdsIn(blocks: unknown): string[] {
  if (!Array.isArray(blocks)) return [];
  const ids: string[] = [];
  for (const block of blocks as unknown[]) {
    const blockId = (block as { block_id?: unknown } | null)?.block_id;
    if (typeof blockId === 'string' && blockId.startsWith(LEAD_BLOCK))
      ids.push(blockId.slice(LEAD_BLOCK.length));
  }
  return ids;
}

export class AlertTracker {
  private readonly alertedAt = new Map<string, number>();
  private read = 0;
  private readonly dmOf = new Map<string, string>();

  private readonly simulator: SlackSimulator;
  /** Lead id to the Slack id of the rep it was written for. */
  private readonly ownerOf: ReadonlyMap<string, string>;

  constructor(simulator: SlackSimulator, ownerOf: ReadonlyMap<string, string>) {
    this.simulator = simulator;
    this.ownerOf = ownerOf;
  }

  private dm(slackId: string): string {
    let id = this.dmOf.get(slackId);
    if (id === undefined) {
      id = this.simulator.workspace.openDm(slackId).id;
      this.dmOf.set(slackId, id);
    }
    return id;
  }

  /** Takes in the calls recorded since the last look. */
  scan(): void {
    const calls = this.simulator.calls;
    for (; this.read < calls.length; this.read += 1) {
      const call = calls[this.read];
      if (!call || call.response['ok'] !== true) continue;
      if (call.method !== 'chat.postMessage' && call.method !== 'chat.update') continue;
      if (!isAlertText(call.args['text'])) continue;
      const channel = String(call.response['channel'] ?? call.args['channel'] ?? '');
      for (const leadId of leadIdsIn(call.args['blocks'])) {
        if (this.alertedAt.has(leadId)) continue;
        const owner = this.ownerOf.get(leadId);
        if (owner === undefined || this.dm(owner) !== channel) continue;
        this.alertedAt.set(leadId, call.at.getTime());
      }
    }
  }

  at(leadId: string): number | undefined {
    return this.alertedAt.get(leadId);
  }

  get count(): number {
    return this.alertedAt.size;
  }
}
