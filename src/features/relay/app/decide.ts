import {
  compositeWrites,
  CompositeWriteError,
  type CompositeWrite,
} from '../../../platform/salesforce/composite-write.ts';
import { LeadAssignments } from '../../../shared/sync/lead-assignments.ts';
import type { Handoff } from '../../../shared/relay/handoff.ts';
import { returnWrites } from '../domain/writes.ts';
import { sameId } from '../domain/routing.ts';
import { returnedMessage } from '../slack/handoff-blocks.ts';
import { RelayStore } from '../store.ts';
import type { RelayDeps } from './deps.ts';
import { readLeadAndUser } from './salesforce-reads.ts';

/** The AE's answer to a hand-off: Accept (their clock starts) or Return (to nurture, with a reason). */

export type DecideAnswer = { ok: true; handoff: Handoff } | { ok: false; message: string };

export const RETURN_REASON_BLOCK = 'relay_return_reason';

export class Decide {
  private readonly deps: RelayDeps;
  private readonly store: RelayStore;

  constructor(deps: RelayDeps) {
    this.deps = deps;
    this.store = new RelayStore(deps.redis, deps.keys);
  }

  /** The pending hand-off this person may answer, or why not. */
  async pendingFor(
    actorSlackId: string,
    leadId: string,
  ): Promise<{ ok: true; handoff: Handoff; aeName: string } | { ok: false; message: string }> {
    const handoff = await this.store.get(leadId);
    if (!handoff) return { ok: false, message: 'bullpen has no hand-off of that lead.' };
    if (handoff.state !== 'pending') {
      return {
        ok: false,
        message: `${handoff.leadName} was already ${handoff.state}; there is nothing left to answer.`,
      };
    }
    const actor = await this.deps.people.salesforceIdFor(actorSlackId);
    const ae = await this.deps.store.get('User', handoff.aeSalesforceId);
    const aeName = ae?.Name ?? 'the AE it was handed to';
    if (!actor || !sameId(actor, handoff.aeSalesforceId)) {
      return {
        ok: false,
        message: `Only ${aeName}, the AE ${handoff.leadName} was handed to, can accept or return it.`,
      };
    }
    return { ok: true, handoff, aeName };
  }

  /** The lead must still be the AE's and unconverted: someone may have moved it meanwhile. */
  private async leadMoved(handoff: Handoff): Promise<string | null> {
    const conn = await this.deps.salesforce.connection();
    const { lead } = await readLeadAndUser(conn, handoff.leadId, null);
    if (!lead) return `${handoff.leadName} is gone from Salesforce.`;
    if (lead.IsConverted) return `${handoff.leadName} was converted meanwhile; nothing was changed.`;
    if (!sameId(lead.OwnerId, handoff.aeSalesforceId)) {
      return `${handoff.leadName} was reassigned in Salesforce meanwhile; nothing was changed.`;
    }
    return null;
  }

  private async write(writes: CompositeWrite[]): Promise<string | null> {
    try {
      await compositeWrites(await this.deps.salesforce.connection(), writes);
      return null;
    } catch (error) {
      if (!(error instanceof CompositeWriteError)) throw error;
      return `Salesforce refused the change, so nothing was written: ${error.message}`;
    }
  }

  /** One answer per hand-off at a time: a double click on Accept, or Accept racing Return, writes once. */
  private async claimed<T>(
    leadId: string,
    work: () => Promise<T>,
  ): Promise<T | { ok: false; message: string }> {
    if (!(await this.store.claim(leadId))) {
      return { ok: false, message: 'This hand-off is being answered right now; nothing more was written.' };
    }
    try {
      return await work();
    } finally {
      await this.store.release(leadId);
    }
  }

  accept(actorSlackId: string, leadId: string): Promise<DecideAnswer> {
    return this.claimed(leadId, () => this.acceptClaimed(actorSlackId, leadId));
  }

  returnLead(
    actorSlackId: string,
    leadId: string,
    reason: string | null,
    note: string,
  ): Promise<DecideAnswer | { ok: false; errors: Record<string, string> }> {
    return this.claimed(leadId, () => this.returnClaimed(actorSlackId, leadId, reason, note));
  }

  private async acceptClaimed(actorSlackId: string, leadId: string): Promise<DecideAnswer> {
    const pending = await this.pendingFor(actorSlackId, leadId);
    if (!pending.ok) return pending;
    const { handoff } = pending;
    const moved = await this.leadMoved(handoff);
    if (moved) return { ok: false, message: moved };
    const status = this.deps.config.policy.relay.statuses.accepted;
    const refused = await this.write([
      { kind: 'update', referenceId: 'lead', object: 'Lead', id: handoff.leadId, fields: { Status: status } },
    ]);
    if (refused) return { ok: false, message: refused };
    const now = new Date();
    const accepted: Handoff = { ...handoff, state: 'accepted', decidedAt: now.toISOString() };
    await this.store.save(accepted);
    await new LeadAssignments(this.deps.redis, this.deps.keys).recordAssignment(
      handoff.leadId,
      handoff.aeSalesforceId,
      now,
      'bullpen',
      handoff.sdrSalesforceId,
      { restart: true },
    );
    await this.deps.bus.publish([
      { type: 'relay.accepted', leadId: handoff.leadId, aeId: handoff.aeSalesforceId, at: now.toISOString() },
    ]);
    return { ok: true, handoff: accepted };
  }

  private async returnClaimed(
    actorSlackId: string,
    leadId: string,
    reason: string | null,
    note: string,
  ): Promise<DecideAnswer | { ok: false; errors: Record<string, string> }> {
    const { relay, sla } = this.deps.config.policy;
    if (!reason || !relay.returnReasons.includes(reason)) {
      return { ok: false, errors: { [RETURN_REASON_BLOCK]: 'Pick why you are returning this lead.' } };
    }
    const pending = await this.pendingFor(actorSlackId, leadId);
    if (!pending.ok) return pending;
    const { handoff, aeName } = pending;
    const moved = await this.leadMoved(handoff);
    if (moved) return { ok: false, message: moved };
    const owner = relay.nurtureOwner ?? handoff.sdrSalesforceId;
    const now = new Date();
    const refused = await this.write(
      returnWrites({
        leadId: handoff.leadId,
        aeId: handoff.aeSalesforceId,
        aeName,
        reason,
        note: note.trim(),
        completedStatus: sla.qualifyingActivity.completedTaskStatuses[0] ?? 'Completed',
        nurtureStatus: relay.statuses.nurture,
        nurtureOwner: owner,
        now,
      }),
    );
    if (refused) return { ok: false, message: refused };
    const returned: Handoff = {
      ...handoff,
      state: 'returned',
      decidedAt: now.toISOString(),
      returnReason: reason,
      returnNote: note.trim(),
    };
    await this.afterReturn(returned, owner, now);
    return { ok: true, handoff: returned };
  }

  /** What a written return leaves behind: the record, the reason for marketing, and the SDR told. */
  private async afterReturn(returned: Handoff, owner: string, now: Date): Promise<void> {
    const reason = returned.returnReason ?? '';
    const note = returned.returnNote ?? '';
    await this.store.save(returned);
    await this.store.recordReturn({
      leadId: returned.leadId,
      reason,
      note,
      aeSalesforceId: returned.aeSalesforceId,
      sdrSalesforceId: returned.sdrSalesforceId,
      at: now.toISOString(),
    });
    await new LeadAssignments(this.deps.redis, this.deps.keys).recordAssignment(
      returned.leadId,
      owner,
      now,
      'bullpen',
      returned.aeSalesforceId,
    );
    const aeSlackId = await this.deps.people.slackIdFor(returned.aeSalesforceId);
    await this.deps.delivery.enqueue({
      key: `relay-returned-${returned.leadId.slice(0, 15)}-${now.getTime()}`,
      method: 'dm',
      args: { user: returned.sdrSlackId, text: returnedMessage(returned, reason, note, aeSlackId) },
    });
  }
}
