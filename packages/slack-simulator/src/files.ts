import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, sendText } from './http-util.ts';

/**
 * Files as files.uploadV2 makes them: files.getUploadURLExternal reserves an id and an upload URL,
 * the client POSTs the bytes there (raw, or multipart as @slack/web-api sends them), and
 * files.completeUploadExternal shares the uploaded files in a channel. The bytes are kept so tests
 * can check them and the browser client can show images.
 */

const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface SimFile {
  id: string;
  filename: string;
  title: string;
  /** The length announced to files.getUploadURLExternal. */
  length: number;
  altText?: string;
  bytes?: Buffer;
  mimetype?: string;
  completed: boolean;
}

export class SimFiles {
  private readonly files = new Map<string, SimFile>();
  private next = 1;

  reserve(filename: string, length: number, altText?: string): SimFile {
    const id = `F${String(this.next++).padStart(9, '0')}`;
    const file: SimFile = {
      id,
      filename,
      title: filename,
      length,
      completed: false,
      ...(altText ? { altText } : {}),
    };
    this.files.set(id, file);
    return file;
  }

  get(id: string): SimFile | undefined {
    return this.files.get(id);
  }

  all(): SimFile[] {
    return [...this.files.values()];
  }
}

async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_FILE_BYTES) throw new Error('file too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** The uploaded bytes: the first file part of a multipart body, or the body itself. */
async function fileBytes(req: IncomingMessage, raw: Buffer): Promise<{ bytes: Buffer; mimetype?: string }> {
  const contentType = req.headers['content-type'] ?? '';
  if (!contentType.startsWith('multipart/form-data')) return { bytes: raw };
  const form = await new Request('http://simulator.local/upload', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: new Uint8Array(raw),
  }).formData();
  for (const value of form.values()) {
    if (typeof value !== 'string') {
      return {
        bytes: Buffer.from(await value.arrayBuffer()),
        ...(value.type ? { mimetype: value.type } : {}),
      };
    }
  }
  throw new Error('no file part in the multipart body');
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** POST /upload/<file id>: the URL files.getUploadURLExternal handed out. */
export async function handleUpload(
  req: IncomingMessage,
  res: ServerResponse,
  fileId: string,
  files: SimFiles,
): Promise<void> {
  const file = files.get(fileId);
  if (!file || file.completed) {
    sendText(res, 404, 'no such upload');
    return;
  }
  const { bytes, mimetype } = await fileBytes(req, await readRaw(req));
  file.bytes = bytes;
  // Slack sniffs the type; a PNG is the only kind the simulator needs to recognise.
  file.mimetype = bytes.subarray(0, 8).equals(PNG_SIGNATURE)
    ? 'image/png'
    : (mimetype ?? 'application/octet-stream');
  sendText(res, 200, `OK - ${bytes.length}`);
}

/** GET /files/<file id>: the bytes of a shared file, for the browser client. */
export function serveFile(res: ServerResponse, fileId: string, files: SimFiles): void {
  const file = files.get(fileId);
  if (!file?.bytes || !file.completed) {
    sendJson(res, 404, { ok: false, error: 'file_not_found' });
    return;
  }
  res.writeHead(200, {
    'Content-Type': file.mimetype ?? 'application/octet-stream',
    'Content-Length': file.bytes.length,
  });
  res.end(file.bytes);
}
