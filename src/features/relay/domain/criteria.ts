import type { Criterion } from '../policy.ts';

/** What the SDR answered for one criterion. */
export interface CriterionAnswer {
  key: string;
  label: string;
  choice: string | null;
  note: string;
}

export type CriteriaCheck =
  { ok: true; answers: CriterionAnswer[] } | { ok: false; errors: Record<string, string> };

/** Block ids of a criterion's choice in the Qualify modal (where its error is shown). */
export const choiceBlockId = (key: string): string => `relay_choice_${key}`;
export const noteBlockId = (key: string): string => `relay_note_${key}`;

/**
 * Checks the modal's answers against the policy's criteria: a required criterion without a choice,
 * or a choice the policy does not list (a stale modal after a policy change), is an error on that
 * criterion's block.
 */
export function checkCriteria(
  criteria: readonly Criterion[],
  raw: ReadonlyMap<string, { choice: string | null; note: string }>,
): CriteriaCheck {
  const errors: Record<string, string> = {};
  const answers: CriterionAnswer[] = [];
  for (const criterion of criteria) {
    const given = raw.get(criterion.key) ?? { choice: null, note: '' };
    if (given.choice === null && criterion.required) {
      errors[choiceBlockId(criterion.key)] = `${criterion.label} is required to hand this lead off.`;
    } else if (given.choice !== null && !criterion.choices.includes(given.choice)) {
      errors[choiceBlockId(criterion.key)] =
        `"${given.choice}" is no longer a ${criterion.label} choice; pick one from the list.`;
    }
    answers.push({
      key: criterion.key,
      label: criterion.label,
      choice: given.choice,
      note: given.note.trim(),
    });
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, answers };
}

/** The Task's readable summary: one line per criterion, the note after it. */
export function criteriaSummary(answers: readonly CriterionAnswer[]): string {
  return answers
    .map((a) => `${a.label}: ${a.choice ?? 'not asked'}${a.note ? ` — ${a.note}` : ''}`)
    .join('\n');
}
