import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { registeredSurface } from '../../../src/cli/doctor.ts';
import { manifestDrift, readManifest } from '../../../src/platform/slack/manifest.ts';
import type { SlackSurface } from '../../../src/platform/slack/router.ts';

// Vendored with its provenance (test/fixtures/slack-manifest-schema/PROVENANCE.md): a plain clone
// has it, so this check never skips.
const SCHEMA_PATH = new URL(
  '../../fixtures/slack-manifest-schema/manifest.schema.2.0.0.json',
  import.meta.url,
);

const emptySurface = (): SlackSurface => ({
  commands: [],
  events: [],
  shortcuts: [],
  actions: [],
  views: [],
});

describe('Slack manifest', () => {
  it('declares exactly the commands, events and shortcuts the code registers', () => {
    const surface = registeredSurface(loadConfig({}));
    expect(surface.commands.length).toBeGreaterThan(0);
    expect(manifestDrift(surface, readManifest().manifest)).toEqual({
      missingFromManifest: [],
      missingFromCode: [],
    });
  });

  it('catches a command registered in code but missing from the manifest', () => {
    const { manifest } = readManifest();
    const surface = registeredSurface(loadConfig({}));
    surface.commands.push('/not-in-manifest');
    expect(manifestDrift(surface, manifest).missingFromManifest).toEqual(['command /not-in-manifest']);
  });

  it('catches a command or event in the manifest that no code handles', () => {
    const { manifest } = readManifest();
    const drift = manifestDrift(emptySurface(), {
      ...manifest,
      settings: { ...manifest.settings, event_subscriptions: { bot_events: ['app_home_opened'] } },
    });
    expect(drift.missingFromCode).toEqual(
      expect.arrayContaining([
        'event app_home_opened',
        ...manifest.features.slash_commands.map((c) => `command ${c.command}`),
      ]),
    );
  });

  it('requires interactivity when buttons exist', () => {
    const surface = emptySurface();
    surface.actions.push('some.button');
    const { manifest } = readManifest();
    const drift = manifestDrift(surface, {
      ...manifest,
      settings: { ...manifest.settings, interactivity: { is_enabled: false } },
    });
    expect(drift.missingFromManifest).toContain('settings.interactivity.is_enabled: true');
  });

  it('validates against Slack published manifest JSON schema', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: false });
    const addFormats = addFormatsModule as unknown as (a: Ajv) => Ajv;
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const { raw } = readManifest();
    const valid = validate(raw);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The schema must be able to fail: a command without a description is invalid.
    const broken = structuredClone(raw) as { features: { slash_commands: { description?: string }[] } };
    delete broken.features.slash_commands[0]?.description;
    expect(validate(broken)).toBe(false);
  });
});
