import { demoChannels, demoPeople } from './people.ts';

const channelId = (name: string): string => {
  const channel = demoChannels.find((c) => c.name === name);
  if (!channel) throw new Error(`demo channel #${name} is missing`);
  return channel.id;
};

/**
 * Roles for the demo company, used in local mode (no Slack and no Salesforce credentials, no
 * BULLPEN_CONFIG) so a person trying bullpen can act as an admin, an executive, a manager or a rep.
 * Managers need no entry: Salesforce ManagerId makes them managers.
 */
export const demoPolicy = {
  roles: {
    admins: demoPeople.filter((p) => p.role === 'admin').map((p) => p.slackId),
    executives: demoPeople.filter((p) => p.role === 'executive').map((p) => p.slackId),
  },
  sla: { weeklyDigest: { channel: channelId('marketing'), timeZone: 'America/New_York' } },
  recognition: { channel: channelId('wins') },
};

/**
 * A business calendar with no closed hours, so business hours equal wall-clock hours and every
 * moment is a working one: tests, benchmarks and demos behave the same whatever the time of day.
 * The scheduled scan is left to once a day; they run scans themselves.
 */
export const roundTheClockSla = {
  calendar: {
    workingDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
    startOfDay: '00:00',
    endOfDay: '24:00',
    fallbackTimeZone: 'UTC',
  },
  nudges: { scanEveryMinutes: 1440 },
};
