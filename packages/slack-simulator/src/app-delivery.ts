import { signedHeaders } from './signing.ts';
import type { AppResponse, JsonObject } from './types.ts';

/** Slack gives up on an app that has not answered in 3 s. */
export const ACK_TIMEOUT_MS = 3_000;

export interface DeliveryOptions {
  signingSecret: string;
  appUrl: () => string | undefined;
  now: () => number;
  ackTimeoutMs: number;
}

export type DeliveryHeaders = Record<string, string>;

/** POSTs a signed request to bullpen's receiver exactly as Slack would and returns its answer. */
export async function deliverToApp(
  options: DeliveryOptions,
  rawBody: string,
  contentType: string,
  extraHeaders: DeliveryHeaders = {},
): Promise<AppResponse> {
  const appUrl = options.appUrl();
  if (appUrl === undefined) {
    throw new Error(
      'the Slack simulator has no appUrl: pass appUrl or call setAppUrl() with bullpen’s receiver URL',
    );
  }
  const headers = {
    ...signedHeaders(options.signingSecret, rawBody, contentType, options.now()),
    ...extraHeaders,
  };
  try {
    const response = await fetch(appUrl, {
      method: 'POST',
      headers,
      body: rawBody,
      signal: AbortSignal.timeout(options.ackTimeoutMs),
    });
    const body = await response.text();
    return { status: response.status, body, json: parseJsonObject(body), timedOut: false };
  } catch (error) {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      return { status: 0, body: '', json: undefined, timedOut: true };
    }
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    throw new Error(`could not reach bullpen at ${appUrl}${cause}`, { cause: error });
  }
}

export function parseJsonObject(text: string): JsonObject | undefined {
  if (text.trim() === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as JsonObject)
      : undefined;
  } catch {
    return undefined;
  }
}
