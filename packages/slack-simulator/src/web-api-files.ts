import { z } from 'zod';
import type { JsonObject } from './types.ts';
import { fail, formInteger, parseArgs, type MethodHandler } from './web-api-shared.ts';

/** files.getUploadURLExternal and files.completeUploadExternal: the Web API half of files.uploadV2. */

const getUploadUrl: MethodHandler = (rawArgs, ctx) => {
  const parsed = parseArgs(
    z.object({ filename: z.string().min(1), length: formInteger, alt_text: z.string().optional() }),
    rawArgs,
  );
  if (!parsed.ok) return parsed.response;
  const { filename, length, alt_text: altText } = parsed.data;
  if (length <= 0) return fail('invalid_arguments');
  const file = ctx.files.reserve(filename, length, altText);
  return { ok: true, upload_url: `${ctx.baseUrl()}/upload/${file.id}`, file_id: file.id };
};

const fileList = z.array(z.object({ id: z.string(), title: z.string().optional() })).min(1);

const completeUpload: MethodHandler = (rawArgs, ctx) => {
  const parsed = parseArgs(
    z.object({
      files: z.string(),
      channel_id: z.string().optional(),
      initial_comment: z.string().optional(),
      thread_ts: z.string().optional(),
    }),
    rawArgs,
  );
  if (!parsed.ok) return parsed.response;
  const args = parsed.data;
  let list: z.infer<typeof fileList>;
  try {
    list = fileList.parse(JSON.parse(args.files));
  } catch {
    return fail('invalid_arguments');
  }
  const files = list.map((entry) => ({ entry, file: ctx.files.get(entry.id) }));
  // Slack refuses to complete a file whose bytes never arrived.
  if (files.some(({ file }) => !file?.bytes || file.completed)) return fail('file_not_found');
  const conversation = args.channel_id ? ctx.workspace.resolveConversation(args.channel_id) : undefined;
  if (args.channel_id && !conversation) return fail('channel_not_found');
  const shared: JsonObject[] = files.map(({ entry, file }) => {
    if (!file) throw new Error('checked above');
    file.completed = true;
    file.title = entry.title ?? file.filename;
    return {
      id: file.id,
      name: file.filename,
      title: file.title,
      mimetype: file.mimetype ?? 'application/octet-stream',
      size: file.bytes?.length ?? 0,
      url_private: `${ctx.baseUrl()}/files/${file.id}`,
      ...(file.altText ? { alt_txt: file.altText } : {}),
    };
  });
  if (conversation) {
    ctx.workspace.addMessage({
      channel: conversation.id,
      user: ctx.workspace.bot.userId,
      bot_id: ctx.workspace.bot.botId,
      app_id: ctx.workspace.bot.appId,
      text: args.initial_comment ?? '',
      files: shared,
      ...(args.thread_ts === undefined ? {} : { thread_ts: args.thread_ts }),
    });
  }
  return { ok: true, files: shared.map((file) => ({ id: file['id'], title: file['title'] })) };
};

export const fileMethods: Record<string, MethodHandler> = {
  'files.getUploadURLExternal': getUploadUrl,
  'files.completeUploadExternal': completeUpload,
};
