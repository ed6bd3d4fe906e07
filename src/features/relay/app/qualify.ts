import { compositeWrites, CompositeWriteError } from '../../../platform/salesforce/composite-write.ts';
import { addBusinessHours } from '../../../shared/sla/business-clock.ts';
import { businessDayHours } from '../../../shared/sla/sla-policy.ts';
import { LeadAssignments } from '../../../shared/sync/lead-assignments.ts';
import { checkCriteria, criteriaSummary, type CriterionAnswer } from '../domain/criteria.ts';
import type { Handoff } from '../../../shared/relay/handoff.ts';
import { handoffWrites } from '../domain/writes.ts';
import { aeRefusal, leadRefusal } from '../domain/refusals.ts';
import { proposedAe, takesTurns } from '../domain/routing.ts';
import { RelayStore } from '../store.ts';
import { actorRefusal } from './actor.ts';
import type { RelayDeps } from './deps.ts';
import { announceHandoff } from './notify.ts';
import { readLeadAndUser, type RelayLead } from './salesforce-reads.ts';

/** The Qualify modal's inputs and its submission, checked and written once. */

export interface QualifyDraft {
  lead: RelayLead;
  proposedAe: string | null;
}

export type QualifyAnswer =
  { ok: true } | { ok: false; errors: Record<string, string> } | { ok: false; message: string };

export interface QualifySubmission {
  actorSlackId: string;
  leadId: string;
  aeSalesforceId: string | null;
  answers: ReadonlyMap<string, { choice: string | null; note: string }>;
}

/** Block ids the submission's errors land on. */
export const AE_BLOCK = 'relay_ae';

export class Qualify {
  readonly store: RelayStore;
  private readonly deps: RelayDeps;

  constructor(deps: RelayDeps) {
    this.deps = deps;
    this.store = new RelayStore(deps.redis, deps.keys);
  }

  private routingField(): string | undefined {
    const routing = this.deps.config.policy.relay.routing;
    return routing.kind === 'field' ? routing.field : undefined;
  }

  private leadCheck(lead: RelayLead | null, pending: Handoff | null): string | null {
    const { relay, sla } = this.deps.config.policy;
    return leadRefusal(lead, { relay, openStatuses: sla.statuses.open }, pending);
  }

  /** What the modal needs, or the reason it cannot open (shown as an ephemeral reply). */
  async prepare(
    actorSlackId: string,
    leadId: string,
  ): Promise<{ ok: true; draft: QualifyDraft } | { ok: false; message: string }> {
    const refused = await actorRefusal(this.deps, actorSlackId);
    if (refused.refusal) return { ok: false, message: refused.refusal };
    const conn = await this.deps.salesforce.connection();
    const { lead } = await readLeadAndUser(conn, leadId, null, this.routingField());
    const problem = this.leadCheck(lead, await this.store.get(leadId));
    if (problem || !lead) return { ok: false, message: problem ?? 'No lead.' };
    const policy = this.deps.config.policy.relay;
    const turn = takesTurns(policy) ? await this.store.turn() : 0;
    return { ok: true, draft: { lead, proposedAe: proposedAe(policy, lead, turn) } };
  }

  /** Checks everything, then writes the Task, status and owner in one all-or-nothing request. */
  async submit(input: QualifySubmission): Promise<QualifyAnswer> {
    const actor = await actorRefusal(this.deps, input.actorSlackId);
    if (actor.refusal !== null) return { ok: false, message: actor.refusal };
    const criteria = checkCriteria(this.deps.config.policy.relay.criteria, input.answers);
    if (!criteria.ok) return { ok: false, errors: criteria.errors };
    if (!input.aeSalesforceId) {
      return {
        ok: false,
        errors: { [AE_BLOCK]: 'Pick the AE to hand this lead to (they need a Salesforce user).' },
      };
    }
    if (!(await this.store.claim(input.leadId))) {
      return {
        ok: false,
        message: 'This lead is being handed off right now (a second Qualify); nothing more was written.',
      };
    }
    try {
      return await this.checkedWrite(input, actor.salesforceId, criteria.answers, input.aeSalesforceId);
    } finally {
      await this.store.release(input.leadId);
    }
  }

  private async checkedWrite(
    input: QualifySubmission,
    sdrId: string,
    answers: CriterionAnswer[],
    aeId: string,
  ): Promise<QualifyAnswer> {
    const conn = await this.deps.salesforce.connection();
    const { lead, user } = await readLeadAndUser(conn, input.leadId, aeId);
    const problem = this.leadCheck(lead, await this.store.get(input.leadId));
    if (problem || !lead) return { ok: false, message: problem ?? 'No lead.' };
    const aeProblem = aeRefusal(user, this.deps.config.policy.relay.aes);
    if (aeProblem || !user) return { ok: false, errors: { [AE_BLOCK]: aeProblem ?? 'No AE.' } };
    const now = new Date();
    const summary = criteriaSummary(answers);
    const sdr = await this.deps.store.get('User', sdrId);
    const { relay, sla } = this.deps.config.policy;
    try {
      const writes = handoffWrites({
        leadId: lead.Id,
        sdrId,
        sdrName: sdr?.Name ?? 'the SDR',
        ae: user,
        summary,
        completedStatus: sla.qualifyingActivity.completedTaskStatuses[0] ?? 'Completed',
        handedOffStatus: relay.statuses.handedOff,
        now,
      });
      const created = await compositeWrites(conn, writes);
      const handoff = await this.recordHandoff(
        lead,
        input.actorSlackId,
        sdrId,
        user,
        summary,
        created.get('task') ?? '',
        now,
      );
      await announceHandoff(this.deps, handoff);
      // Only a hand-off moves round-robin on: a modal opened and cancelled leaves it the same AE's turn.
      if (takesTurns(relay)) await this.store.advanceTurn();
      return { ok: true };
    } catch (error) {
      if (!(error instanceof CompositeWriteError)) throw error;
      return {
        ok: false,
        message: `Salesforce refused the hand-off, so nothing was written: ${error.message}`,
      };
    }
  }

  private async recordHandoff(
    lead: RelayLead,
    sdrSlackId: string,
    sdrId: string,
    ae: { Id: string },
    summary: string,
    taskId: string,
    now: Date,
  ): Promise<Handoff> {
    const { relay, sla } = this.deps.config.policy;
    const aeUser = await this.deps.store.get('User', ae.Id);
    const zone = aeUser?.TimeZoneSidKey ?? sla.calendar.fallbackTimeZone;
    const hours = relay.acceptSlaBusinessDays * businessDayHours(sla.calendar);
    const handoff: Handoff = {
      leadId: lead.Id,
      leadName: lead.Name,
      company: lead.Company ?? null,
      sdrSlackId,
      sdrSalesforceId: sdrId,
      aeSalesforceId: ae.Id,
      summary,
      taskId,
      handedOffAt: now.toISOString(),
      dueAt: addBusinessHours(now, hours, zone, sla.calendar).toISOString(),
      state: 'pending',
    };
    await this.store.save(handoff);
    await new LeadAssignments(this.deps.redis, this.deps.keys).recordAssignment(
      lead.Id,
      ae.Id,
      now,
      'bullpen',
      lead.OwnerId,
    );
    await this.deps.bus.publish([
      { type: 'relay.handed_off', leadId: lead.Id, sdrId, aeId: ae.Id, at: handoff.handedOffAt },
    ]);
    return handoff;
  }
}
