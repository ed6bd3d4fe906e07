import { describe, expect, it } from 'vitest';
import {
  buildSelect,
  literal,
  SoqlSafetyError,
  stringLiteral,
} from '../../../src/platform/salesforce/soql.ts';
import { fieldsOf, syncedObjects, type SyncedObjectName } from '../../../src/platform/salesforce/records.ts';
import { emulatorWithConnection } from '../../helpers/salesforce.ts';

const HOSTILE = ["O'Brien", 'back\\slash', "' OR Id != '", "\\' OR Name LIKE '%", 'line\nbreak', '"quoted"'];

describe('SOQL builder safety', () => {
  it('escapes quotes and backslashes so hostile text stays one literal', () => {
    expect(stringLiteral("O'Brien")).toBe("'O\\'Brien'");
    expect(stringLiteral('back\\slash')).toBe("'back\\\\slash'");
    expect(stringLiteral("' OR Id != '")).toBe("'\\' OR Id != \\''");
    expect(literal(null)).toBe('null');
    expect(literal(new Date('2026-01-02T03:04:05.678Z'))).toBe('2026-01-02T03:04:05Z');
  });

  it('refuses objects and fields outside the allow-list', () => {
    expect(() => buildSelect({ object: 'Account; DELETE', fields: ['Id'] })).toThrow(SoqlSafetyError);
    expect(() => buildSelect({ object: 'Lead', fields: ['Id, (SELECT Id FROM Tasks)'] })).toThrow(
      SoqlSafetyError,
    );
    expect(() =>
      buildSelect({
        object: 'Lead',
        fields: ['Id'],
        where: { field: "Name' OR '1'='1", op: '=', value: 'x' },
      }),
    ).toThrow(SoqlSafetyError);
    expect(() =>
      buildSelect({ object: 'Lead', fields: ['Id'], orderBy: [{ field: 'Id DESC, Name' }] }),
    ).toThrow(SoqlSafetyError);
  });

  it('sends hostile text through every operator of every synced object without changing the query', async () => {
    const { emulator, conn } = await emulatorWithConnection({ seed: 'demo' });
    try {
      for (const object of Object.keys(syncedObjects) as SyncedObjectName[]) {
        const textField =
          fieldsOf(object).find((f) => ['Name', 'Subject', 'Status', 'Email'].includes(f)) ?? 'Id';
        for (const hostile of HOSTILE) {
          const queries = [
            buildSelect({ object, fields: ['Id'], where: { field: textField, op: '=', value: hostile } }),
            buildSelect({
              object,
              fields: ['Id'],
              where: { field: textField, op: 'IN', values: [hostile, 'x'] },
            }),
            buildSelect({
              object,
              fields: ['Id'],
              where: { field: textField, op: 'LIKE', value: `%${hostile}%` },
            }),
            buildSelect({
              object,
              fields: 'COUNT()',
              where: {
                or: [
                  { field: textField, op: '!=', value: hostile },
                  { field: textField, op: '=', value: hostile },
                ],
              },
            }),
          ];
          for (const soql of queries.slice(0, 3)) {
            // A literal that broke out of its quotes would match rows or fail to parse; it must do neither.
            const result = await conn.query(soql);
            expect(result.totalSize, `${object}: ${soql}`).toBe(0);
          }
          const all = await conn.query(queries[3] ?? '');
          expect(all.totalSize).toBe(emulator.store.count(object));
        }
      }
    } finally {
      await emulator.close();
    }
  });
});
