import type { IncomingMessage, ServerResponse } from 'node:http';
import { SalesforceError } from './errors.ts';

/** What a route handler answers: JSON (or nothing, for 204), or a body it writes itself. */
export type ApiResponse =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | {
      status: number;
      headers: Record<string, string>;
      write: (response: ServerResponse) => Promise<void>;
    };

const MAX_BODY_BYTES = 50 * 1024 * 1024;

export const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk instanceof Buffer ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES)
      throw new SalesforceError(413, 'REQUEST_ENTITY_TOO_LARGE', 'Request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
};

export const parseJsonBody = (text: string): unknown => {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new SalesforceError(
      400,
      'JSON_PARSER_ERROR',
      `Unexpected character in request body: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
};

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): ApiResponse => ({
  status,
  body,
  headers,
});

export const writeResponse = async (
  response: ServerResponse,
  result: ApiResponse,
  extraHeaders: Record<string, string>,
): Promise<void> => {
  if ('write' in result) {
    response.writeHead(result.status, { ...extraHeaders, ...result.headers });
    await result.write(response);
    response.end();
    return;
  }
  const headers: Record<string, string> = { ...extraHeaders, ...result.headers };
  if (result.body === undefined || result.status === 204) {
    response.writeHead(result.status, headers);
    response.end();
    return;
  }
  const payload = JSON.stringify(result.body);
  response.writeHead(result.status, {
    'content-type': 'application/json;charset=UTF-8',
    'content-length': String(Buffer.byteLength(payload)),
    ...headers,
  });
  response.end(payload);
};

export const errorResponse = (error: SalesforceError): ApiResponse => json(error.statusCode, error.toBody());
