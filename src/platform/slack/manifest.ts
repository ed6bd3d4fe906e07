import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { z } from 'zod';
import type { SlackSurface } from './router.ts';

export const MANIFEST_PATH = fileURLToPath(new URL('../../../manifests/slack-app.yml', import.meta.url));

const manifestSchema = z.object({
  features: z
    .object({
      slash_commands: z
        .array(
          z.object({
            command: z.string(),
            description: z.string().optional(),
            usage_hint: z.string().optional(),
          }),
        )
        .default([]),
      shortcuts: z
        .array(z.object({ callback_id: z.string(), type: z.enum(['global', 'message']) }))
        .default([]),
      app_home: z.object({ home_tab_enabled: z.boolean().optional() }).optional(),
    })
    .default({ slash_commands: [], shortcuts: [] }),
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()).default([]) }) }),
  settings: z.object({
    event_subscriptions: z.object({ bot_events: z.array(z.string()).default([]) }).optional(),
    interactivity: z.object({ is_enabled: z.boolean() }).optional(),
  }),
});
export type SlackManifest = z.infer<typeof manifestSchema>;

export function readManifest(path = MANIFEST_PATH): { raw: unknown; manifest: SlackManifest } {
  const raw: unknown = YAML.parse(readFileSync(path, 'utf8'));
  return { raw, manifest: manifestSchema.parse(raw) };
}

export interface ManifestDrift {
  /** registered in code, missing from the manifest */
  missingFromManifest: string[];
  /** declared in the manifest, not registered in code */
  missingFromCode: string[];
}

const diff = (code: string[], manifest: string[]): ManifestDrift => ({
  missingFromManifest: [...new Set(code)].filter((x) => !manifest.includes(x)).sort(),
  missingFromCode: [...new Set(manifest)].filter((x) => !code.includes(x)).sort(),
});

/**
 * Compares what the code registers with what the manifest declares: slash commands, bot events and
 * shortcuts must match both ways; interactivity must be on when any button, view or shortcut exists.
 */
export function manifestDrift(surface: SlackSurface, manifest: SlackManifest): ManifestDrift {
  const codeItems = [
    ...surface.commands.map((c) => `command ${c}`),
    ...surface.events.map((e) => `event ${e}`),
    ...surface.shortcuts.map((s) => `shortcut ${s.callbackId} (${s.type})`),
  ];
  const manifestItems = [
    ...manifest.features.slash_commands.map((c) => `command ${c.command}`),
    ...(manifest.settings.event_subscriptions?.bot_events ?? []).map((e) => `event ${e}`),
    ...manifest.features.shortcuts.map((s) => `shortcut ${s.callback_id} (${s.type})`),
  ];
  const drift = diff(codeItems, manifestItems);
  const needsInteractivity = surface.actions.length + surface.views.length + surface.shortcuts.length > 0;
  if (needsInteractivity && manifest.settings.interactivity?.is_enabled !== true) {
    drift.missingFromManifest.push('settings.interactivity.is_enabled: true');
  }
  if (surface.events.includes('app_home_opened') && manifest.features.app_home?.home_tab_enabled !== true) {
    drift.missingFromManifest.push('features.app_home.home_tab_enabled: true');
  }
  return drift;
}

/**
 * The bot scope each Web API method bullpen calls needs. The local-mode test records every method
 * bullpen calls and checks its scope is in the manifest, so a new call cannot ship without its scope.
 */
export const SCOPE_FOR_METHOD: Record<string, string | null> = {
  'auth.test': null,
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
  'chat.delete': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'chat.getPermalink': null,
  'views.open': null,
  'views.update': null,
  'views.push': null,
  'views.publish': null,
  'users.info': 'users:read',
  'users.list': 'users:read',
  'users.lookupByEmail': 'users:read.email',
  'usergroups.list': 'usergroups:read',
  'usergroups.users.list': 'usergroups:read',
  'conversations.open': 'im:write',
  'conversations.info': 'channels:read',
  'conversations.members': 'channels:read',
  'conversations.list': 'channels:read',
  // Only after a crash mid-post, to find the post; DMs and private channels need im:/groups:history.
  'conversations.history': 'channels:history',
  // files.uploadV2: contests' did-it-stick chart.
  'files.getUploadURLExternal': 'files:write',
  'files.completeUploadExternal': 'files:write',
};
