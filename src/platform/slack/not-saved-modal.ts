/**
 * A small modal pushed over a form that could not be saved: closing it returns to the form with
 * everything the person typed still there, so nothing they entered is lost.
 */
export const notSavedModal = (text: string) => ({
  type: 'modal' as const,
  title: { type: 'plain_text' as const, text: 'Not saved' },
  close: { type: 'plain_text' as const, text: 'Back to the form' },
  blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text } }],
});
