import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { redactUrlsInText } from '../config/redact.ts';

export type { Logger } from 'pino';

/** Paths pino censors wherever they appear in a log object (tokens, secrets, auth headers). */
export const REDACTED_PATHS = [
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.accessToken',
  '*.access_token',
  '*.refreshToken',
  '*.refresh_token',
  '*.signingSecret',
  '*.clientSecret',
  '*.client_secret',
  '*.password',
  '*.privateKey',
  '*.assertion',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers["x-slack-signature"]',
  'env.SLACK_BOT_TOKEN',
  'env.SLACK_APP_TOKEN',
  'env.SLACK_SIGNING_SECRET',
  'env.SF_CLIENT_SECRET',
  'env.SF_PASSWORD',
  'env.SF_SECURITY_TOKEN',
  'env.SF_PRIVATE_KEY',
];

// Tokens can also hide inside free text (an error message that quotes a URL or a header).
const TOKEN_PATTERNS = [
  /\bxox[abposr]-[A-Za-z0-9-]+/g,
  /\bxapp-[A-Za-z0-9-]+/g,
  /\b00D[A-Za-z0-9]{12,15}![A-Za-z0-9._]+/g,
  /(Bearer\s+)[A-Za-z0-9._~+/!-]+=*/gi,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
];

/** Tokens, private keys and URL credentials (user:password@, ?token=) in free text become [Redacted]. */
export function scrubSecrets(text: string): string {
  let out = redactUrlsInText(text);
  for (const pattern of TOKEN_PATTERNS) {
    out = out.replace(pattern, (_match, bearer?: string) =>
      typeof bearer === 'string' ? `${bearer}[Redacted]` : '[Redacted]',
    );
  }
  return out;
}

export interface LoggerSettings {
  level: string;
  /** Where lines go; defaults to stdout. Tests pass a stream to read what was logged. */
  destination?: NodeJS.WritableStream;
}

/**
 * Every finished line is scrubbed once more before it is written: a secret can reach a log through
 * paths no redact rule names (a child logger's bindings, a nested field quoting a URL).
 */
function scrubbing(target: NodeJS.WritableStream | DestinationStream): DestinationStream {
  return {
    write: (line: string) => {
      target.write(scrubSecrets(line));
    },
  };
}

export function createLogger({ level, destination }: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level,
    base: { app: 'bullpen', pid: process.pid },
    redact: { paths: REDACTED_PATHS, censor: '[Redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((arg: unknown) => (typeof arg === 'string' ? scrubSecrets(arg) : arg));
        method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
    serializers: {
      err: (error: unknown) => {
        const serialized = pino.stdSerializers.err(error as Error);
        if (serialized && typeof serialized.message === 'string')
          serialized.message = scrubSecrets(serialized.message);
        if (serialized && typeof serialized.stack === 'string')
          serialized.stack = scrubSecrets(serialized.stack);
        return serialized;
      },
    },
  };
  // pino.destination flushes what is buffered when the process exits, as pino's own default does.
  return pino(options, scrubbing(destination ?? pino.destination(1)));
}
