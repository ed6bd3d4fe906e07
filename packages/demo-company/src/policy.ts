import { demoAes, demoChannels, demoInboundQueue, demoPeople, demoSdrs } from './people.ts';

const channelId = (name: string): string => {
  const channel = demoChannels.find((c) => c.name === name);
  if (!channel) throw new Error(`demo channel #${name} is missing`);
  return channel.id;
};

/**
 * A business calendar with no closed hours: every day, 00:00–24:00, so business hours equal
 * wall-clock hours and every moment is a working one. The demo company runs on it so a newcomer
 * anywhere in the world, at any hour, sees digests and escalations arrive (with a 09:00–17:00
 * Monday-to-Friday calendar they would wait for New York's office hours); tests and benchmarks use
 * it to behave the same whatever the time of day.
 */
export const roundTheClockCalendar = {
  workingDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
  startOfDay: '00:00',
  endOfDay: '24:00',
  fallbackTimeZone: 'UTC',
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
    marketing: demoPeople.filter((p) => p.role === 'marketing').map((p) => p.slackId),
  },
  sla: {
    calendar: roundTheClockCalendar,
    weeklyDigest: { channel: channelId('marketing'), timeZone: 'America/New_York' },
  },
  recognition: { channel: channelId('wins') },
  // Team East's manager hears about web leads left unclaimed in the queue.
  queues: [
    {
      queue: demoInboundQueue.developerName,
      channel: demoInboundQueue.channelId,
      claimSlaMinutes: 15,
      manager: demoPeople.find((p) => p.name === 'Priya Shah')?.slackId,
    },
  ],
  /** The SDR team qualifies and hands leads to the two AEs in turn; returns go to marketing (Lena). */
  relay: {
    qualifiers: { roles: ['admin'], people: demoSdrs.map((p) => p.slackId) },
    aes: demoAes.map((p) => p.salesforceId),
    routing: { kind: 'roundRobin' },
    nurtureOwner: demoPeople.find((p) => p.role === 'marketing')?.salesforceId,
  },
};

/**
 * The SLA section tests and benchmarks use: the round-the-clock calendar, and the scheduled scan
 * left to once a day since they run scans themselves.
 */
export const roundTheClockSla = {
  calendar: roundTheClockCalendar,
  nudges: { scanEveryMinutes: 1440 },
};
