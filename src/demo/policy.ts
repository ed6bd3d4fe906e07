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
