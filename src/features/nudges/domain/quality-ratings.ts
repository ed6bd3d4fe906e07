import type { Task } from '../../../platform/salesforce/records.ts';
import type { QualityRating } from '../../../shared/sla/follow-up-metrics.ts';
import { parseSalesforceDateTime } from '../../../shared/sla/lead-clock.ts';

/**
 * Lead-quality feedback from sales, as the Rate-quality button records it in Salesforce: a Task
 * whose Subject is 'Lead quality: good - reason'. Read back from the synced Tasks for the reports.
 */

export type { QualityRating };

const QUALITY_SUBJECT = /^Lead quality: (good|bad)(?: - (.*))?$/;

export function ratingsFrom(leadId: string, tasks: readonly Task[]): QualityRating[] {
  const ratings: QualityRating[] = [];
  for (const task of tasks) {
    const match = task.IsDeleted ? null : QUALITY_SUBJECT.exec(task.Subject ?? '');
    if (!match) continue;
    ratings.push({
      leadId,
      rating: match[1] === 'good' ? 'good' : 'bad',
      reason: match[2] ?? '',
      at: parseSalesforceDateTime(task.CreatedDate),
    });
  }
  return ratings;
}
