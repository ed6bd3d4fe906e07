import type { CompositeWrite } from '../../../platform/salesforce/composite-write.ts';
import { handoffTaskDescription, returnTaskDescription, taskMarker } from './messages.ts';

/**
 * The relay's Salesforce writes, each a Task and the lead's status and owner, built as one
 * all-or-nothing composite request: a validation rule refusing either leaves neither written.
 */

const today = (now: Date): string => now.toISOString().slice(0, 10);

export function handoffWrites(input: {
  leadId: string;
  sdrId: string;
  sdrName: string;
  ae: { Id: string; Name: string };
  summary: string;
  completedStatus: string;
  handedOffStatus: string;
  now: Date;
}): CompositeWrite[] {
  const { leadId, ae, now } = input;
  const marker = taskMarker(leadId, now);
  return [
    {
      kind: 'create',
      referenceId: 'task',
      object: 'Task',
      fields: {
        WhoId: leadId,
        OwnerId: input.sdrId,
        Subject: `Qualified: handed off to ${ae.Name}`,
        Status: input.completedStatus,
        ActivityDate: today(now),
        Description: handoffTaskDescription(input.summary, input.sdrName, ae.Name, marker),
      },
    },
    {
      kind: 'update',
      referenceId: 'lead',
      object: 'Lead',
      id: leadId,
      fields: { Status: input.handedOffStatus, OwnerId: ae.Id },
    },
  ];
}

export function returnWrites(input: {
  leadId: string;
  aeId: string;
  aeName: string;
  reason: string;
  note: string;
  completedStatus: string;
  nurtureStatus: string;
  nurtureOwner: string;
  now: Date;
}): CompositeWrite[] {
  return [
    {
      kind: 'create',
      referenceId: 'task',
      object: 'Task',
      fields: {
        WhoId: input.leadId,
        OwnerId: input.aeId,
        Subject: `Returned to nurture: ${input.reason}`,
        Status: input.completedStatus,
        ActivityDate: today(input.now),
        Description: returnTaskDescription(input.reason, input.note, input.aeName),
      },
    },
    {
      kind: 'update',
      referenceId: 'lead',
      object: 'Lead',
      id: input.leadId,
      fields: { Status: input.nurtureStatus, OwnerId: input.nurtureOwner },
    },
  ];
}
