/** The relay's Salesforce texts, built by small pure functions so tests can read them back. */

export const taskMarker = (leadId: string, at: Date): string =>
  `[bullpen:relay-${leadId.slice(0, 15)}-${at.getTime()}]`;

export function handoffTaskDescription(
  summary: string,
  sdrName: string,
  aeName: string,
  marker: string,
): string {
  return `${summary}\n\nQualified by ${sdrName} and handed off to ${aeName} with bullpen ${marker}`;
}

export function returnTaskDescription(reason: string, note: string, aeName: string): string {
  return `Returned to nurture by ${aeName}: ${reason}${note ? `\n${note}` : ''}\n\nLogged with bullpen`;
}
