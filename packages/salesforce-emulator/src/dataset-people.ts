import { demoIntegrationUser, demoPeople, demoRepIds } from '@bullpen/demo-company';
import type { IdFactory } from './ids.ts';
import { keyPrefixes } from './ids.ts';
import type { Random } from './random.ts';
import type { SfRecord } from './schema.ts';
import { firstNames, lastNames, timeZones } from './dataset-words.ts';

/** Users for a generated org: the demo company, the integration user, and any extra reps asked for. */

const REPS_PER_EXTRA_MANAGER = 8;
const VP_OF_SALES_ID = demoPeople.find((person) => person.role === 'executive')?.salesforceId ?? null;

export interface GeneratedPeople {
  users: SfRecord[];
  /** Users who own leads. */
  repIds: string[];
}

const userRecord = (
  fields: {
    Id: string;
    FirstName: string;
    LastName: string;
    Email: string;
    Title: string;
    ManagerId: string | null;
    TimeZoneSidKey: string;
  },
  stamp: string,
  createdById: string,
): SfRecord => ({
  ...fields,
  Username: fields.Email,
  Name: `${fields.FirstName} ${fields.LastName}`,
  IsActive: true,
  CreatedDate: stamp,
  CreatedById: createdById,
  LastModifiedDate: stamp,
  LastModifiedById: createdById,
  SystemModstamp: stamp,
});

const splitName = (name: string): { FirstName: string; LastName: string } => {
  const space = name.indexOf(' ');
  return space < 0
    ? { FirstName: '', LastName: name }
    : { FirstName: name.slice(0, space), LastName: name.slice(space + 1) };
};

export const generatePeople = (
  ids: IdFactory,
  random: Random,
  totalReps: number,
  stamp: string,
): GeneratedPeople => {
  const integrationId = demoIntegrationUser.salesforceId;
  for (const person of demoPeople) ids.observe(person.salesforceId);
  ids.observe(integrationId);

  const users: SfRecord[] = [
    {
      ...userRecord(
        {
          Id: integrationId,
          FirstName: 'bullpen',
          LastName: 'Integration',
          Email: demoIntegrationUser.email,
          Title: 'Integration User',
          ManagerId: null,
          TimeZoneSidKey: 'America/New_York',
        },
        stamp,
        integrationId,
      ),
      Name: demoIntegrationUser.name,
      Username: demoIntegrationUser.username,
    },
    ...demoPeople.map((person) =>
      userRecord(
        {
          Id: person.salesforceId,
          ...splitName(person.name),
          Email: person.email,
          Title: person.title,
          ManagerId: person.managerSalesforceId,
          TimeZoneSidKey: person.timeZone,
        },
        stamp,
        integrationId,
      ),
    ),
  ];

  const repIds = [...demoRepIds];
  const extraReps = Math.max(0, totalReps - repIds.length);
  let managerId: string | null = null;
  for (let index = 0; index < extraReps; index += 1) {
    if (index % REPS_PER_EXTRA_MANAGER === 0) {
      managerId = ids.next(keyPrefixes.User);
      users.push(
        userRecord(
          {
            Id: managerId,
            FirstName: random.pick(firstNames),
            LastName: `${random.pick(lastNames)} ${index / REPS_PER_EXTRA_MANAGER + 1}`,
            Email: `manager${index / REPS_PER_EXTRA_MANAGER + 1}@bullpen.example`,
            Title: 'Sales Manager',
            ManagerId: VP_OF_SALES_ID,
            TimeZoneSidKey: random.pick(timeZones),
          },
          stamp,
          integrationId,
        ),
      );
    }
    const repId = ids.next(keyPrefixes.User);
    repIds.push(repId);
    users.push(
      userRecord(
        {
          Id: repId,
          FirstName: random.pick(firstNames),
          LastName: `${random.pick(lastNames)} ${index + 1}`,
          Email: `rep${index + 1}@bullpen.example`,
          Title: random.chance(0.5) ? 'Account Executive' : 'Sales Development Rep',
          ManagerId: managerId,
          TimeZoneSidKey: random.pick(timeZones),
        },
        stamp,
        integrationId,
      ),
    );
  }
  return { users, repIds };
};
