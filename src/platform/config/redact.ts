/**
 * One way to print a URL or a line that may quote one: credentials (user:password@) and token-like
 * query parameters are replaced by REDACTED. Config errors, doctor, start-up lines and the logger all
 * go through here, so an operator can paste any of them into a ticket.
 */

export const REDACTED = '***';

/** Query parameter names whose values are credentials (Slack `token`, signed URLs' `sig`, ...). */
const SECRET_PARAM = /pass|pwd|token|secret|sig|key|auth|credential|code/i;

// Characters that end a URL inside free text or a JSON log line.
const STOP = String.raw`\s"'<>\\`;
const USERINFO_IN_TEXT = new RegExp(String.raw`\b([a-z][a-z0-9+.-]*://)([^${STOP}/?#@]*)@`, 'gi');
const SECRET_QUERY_IN_TEXT = new RegExp(
  String.raw`([?&][^${STOP}=&#]*?(?:pass|pwd|token|secret|sig|key|auth|credential|code)[^${STOP}=&#]*=)[^${STOP}&#]*`,
  'gi',
);

/** Keeps a user name (it helps to debug ACLs) unless it is the only credential, as in token@host. */
const redactUserinfo = (userinfo: string): string => {
  const colon = userinfo.indexOf(':');
  return colon === -1 ? REDACTED : `${userinfo.slice(0, colon + 1)}${REDACTED}`;
};

/** Redacts every URL credential and token-like query value found in free text. */
export function redactUrlsInText(text: string): string {
  return text
    .replace(
      USERINFO_IN_TEXT,
      (_m, scheme: string, userinfo: string) => `${scheme}${redactUserinfo(userinfo)}@`,
    )
    .replace(SECRET_QUERY_IN_TEXT, (_m, name: string) => `${name}${REDACTED}`);
}

/**
 * A value that does not even parse as a URL can still hold a password ("redis//u:pw@host"): hide
 * everything before its last "@", keeping only a scheme, and token-like query values.
 */
function redactMalformedUrl(value: string): string {
  const masked = value.replace(
    /^([a-z][a-z0-9+.-]*:\/*)?[\s\S]*@/i,
    (_m, scheme?: string) => `${scheme ?? ''}${REDACTED}@`,
  );
  return redactUrlsInText(masked);
}

/** The URL as it is safe to print: password (or lone user name) and secret query values redacted. */
export function redactUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return redactMalformedUrl(value);
  }
  const secretParams = [...url.searchParams.keys()].filter((name) => SECRET_PARAM.test(name));
  // Printed as configured when nothing is secret (URL would add a trailing "/" to a bare host).
  if (!url.username && !url.password && secretParams.length === 0) return value;
  if (url.password) url.password = REDACTED;
  else if (url.username) url.username = REDACTED;
  for (const name of secretParams) url.searchParams.set(name, REDACTED);
  return url.toString();
}

/** Shortest secret value masked verbatim: shorter ones would mangle ordinary words in messages. */
const MIN_MASKED_LENGTH = 8;

/** Replaces each known secret value (e.g. SLACK_SIGNING_SECRET's) wherever it appears in text. */
export function maskSecretValues(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= MIN_MASKED_LENGTH) out = out.split(secret).join(REDACTED);
  }
  return out;
}
