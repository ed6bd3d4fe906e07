/**
 * Slack's date token, `<!date^SECONDS^FORMAT|FALLBACK>`: each reader sees the time in their own
 * time zone and locale; clients that cannot render the token show the fallback text.
 * Format tokens: https://api.slack.com/reference/surfaces/formatting#date-formatting
 */
export function slackDate(at: Date, format: string, fallback: string): string {
  return `<!date^${Math.floor(at.getTime() / 1000)}^${format}|${fallback}>`;
}
