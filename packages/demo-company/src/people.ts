/**
 * The demo company shared by the embedded Salesforce emulator and the local Slack simulator, so a
 * person can walk through bullpen with no credentials: each Salesforce user below has a Slack
 * member with the same email, which is how bullpen matches people in a real install too.
 */

export type DemoRole = 'rep' | 'manager' | 'executive' | 'admin' | 'marketing';

export interface DemoPerson {
  /** Salesforce User.Id (18 characters). */
  salesforceId: string;
  /** Slack member id. */
  slackId: string;
  name: string;
  email: string;
  title: string;
  role: DemoRole;
  /** IANA time zone, used for both Salesforce TimeZoneSidKey and Slack tz. */
  timeZone: string;
  /** Salesforce id of the manager, if any. */
  managerSalesforceId: string | null;
}

const userId = (n: number): string => `005${String(n).padStart(12, '0')}AAA`;

export const DEMO_DOMAIN = 'bullpen.example';

export const demoPeople: readonly DemoPerson[] = [
  {
    salesforceId: userId(1),
    slackId: 'U0DEMOADMIN',
    name: 'Ava Reed',
    email: `ava.reed@${DEMO_DOMAIN}`,
    title: 'RevOps Lead',
    role: 'admin',
    timeZone: 'America/New_York',
    managerSalesforceId: null,
  },
  {
    salesforceId: userId(2),
    slackId: 'U0DEMOEXEC1',
    name: 'Morgan Blake',
    email: `morgan.blake@${DEMO_DOMAIN}`,
    title: 'VP of Sales',
    role: 'executive',
    timeZone: 'America/New_York',
    managerSalesforceId: null,
  },
  {
    salesforceId: userId(3),
    slackId: 'U0DEMOMGR01',
    name: 'Priya Shah',
    email: `priya.shah@${DEMO_DOMAIN}`,
    title: 'Sales Manager, East',
    role: 'manager',
    timeZone: 'America/New_York',
    managerSalesforceId: userId(2),
  },
  {
    salesforceId: userId(4),
    slackId: 'U0DEMOMGR02',
    name: 'Diego Alvarez',
    email: `diego.alvarez@${DEMO_DOMAIN}`,
    title: 'Sales Manager, West',
    role: 'manager',
    timeZone: 'America/Los_Angeles',
    managerSalesforceId: userId(2),
  },
  {
    salesforceId: userId(5),
    slackId: 'U0DEMOREP01',
    name: 'Sam Carter',
    email: `sam.carter@${DEMO_DOMAIN}`,
    title: 'Account Executive',
    role: 'rep',
    timeZone: 'America/New_York',
    managerSalesforceId: userId(3),
  },
  {
    salesforceId: userId(6),
    slackId: 'U0DEMOREP02',
    name: 'Jordan Lee',
    email: `jordan.lee@${DEMO_DOMAIN}`,
    title: 'Sales Development Rep',
    role: 'rep',
    timeZone: 'America/Chicago',
    managerSalesforceId: userId(3),
  },
  {
    salesforceId: userId(7),
    slackId: 'U0DEMOREP03',
    name: 'Riley Chen',
    email: `riley.chen@${DEMO_DOMAIN}`,
    title: 'Account Executive',
    role: 'rep',
    timeZone: 'America/Los_Angeles',
    managerSalesforceId: userId(4),
  },
  {
    salesforceId: userId(8),
    slackId: 'U0DEMOREP04',
    name: 'Taylor Brooks',
    email: `taylor.brooks@${DEMO_DOMAIN}`,
    title: 'Sales Development Rep',
    role: 'rep',
    timeZone: 'America/Denver',
    managerSalesforceId: userId(4),
  },
  {
    salesforceId: userId(9),
    slackId: 'U0DEMOREP05',
    name: 'Casey Nguyen',
    email: `casey.nguyen@${DEMO_DOMAIN}`,
    title: 'Sales Development Rep',
    role: 'rep',
    timeZone: 'Europe/London',
    managerSalesforceId: userId(3),
  },
  {
    salesforceId: userId(10),
    slackId: 'U0DEMOMKT01',
    name: 'Lena Ortiz',
    email: `lena.ortiz@${DEMO_DOMAIN}`,
    title: 'Marketing Ops Manager',
    role: 'marketing',
    timeZone: 'America/New_York',
    managerSalesforceId: null,
  },
];

/** The Salesforce integration user bullpen logs in as; it owns no leads and has no Slack member. */
export const demoIntegrationUser = {
  salesforceId: userId(99),
  name: 'bullpen Integration',
  email: `integration@${DEMO_DOMAIN}`,
  username: `integration@${DEMO_DOMAIN}`,
  password: 'demo-password',
  clientId: 'bullpen-demo-client',
  clientSecret: 'bullpen-demo-secret',
} as const;

export const demoChannels = [
  { id: 'C0DEMOSALES', name: 'sales', purpose: 'Sales team: contests and leaderboards' },
  { id: 'C0DEMOWINS1', name: 'wins', purpose: 'Shout-outs and closed deals' },
  { id: 'C0DEMOMKTG1', name: 'marketing', purpose: 'Weekly follow-up and lead-quality digest' },
  { id: 'C0DEMOGENRL', name: 'general', purpose: 'Company-wide' },
  { id: 'C0DEMOINBND', name: 'inbound-web', purpose: 'New web leads waiting in the Inbound Web queue' },
] as const;

/**
 * The Salesforce queue inbound web leads wait in until a rep claims one (Team East's reps are its
 * members). Its Group Id is fixed so the demo policy can name it either way.
 */
export const demoInboundQueue = {
  salesforceId: '00G000000000001EAA',
  name: 'Inbound Web',
  developerName: 'Inbound_Web',
  memberSlackIds: ['U0DEMOREP01', 'U0DEMOREP02', 'U0DEMOREP05'],
  channelId: 'C0DEMOINBND',
} as const;

export const demoUsergroups = [
  { id: 'S0DEMOEXECS', handle: 'execs', name: 'Executives', members: ['U0DEMOEXEC1'] },
  {
    id: 'S0DEMOMGRS1',
    handle: 'sales-managers',
    name: 'Sales managers',
    members: ['U0DEMOMGR01', 'U0DEMOMGR02'],
  },
  {
    id: 'S0DEMOEAST1',
    handle: 'team-east',
    name: 'Team East',
    members: ['U0DEMOREP01', 'U0DEMOREP02', 'U0DEMOREP05'],
  },
  { id: 'S0DEMOWEST1', handle: 'team-west', name: 'Team West', members: ['U0DEMOREP03', 'U0DEMOREP04'] },
  {
    id: 'S0DEMOSDRS1',
    handle: 'sdr-team',
    name: 'SDR team',
    members: ['U0DEMOREP02', 'U0DEMOREP04', 'U0DEMOREP05'],
  },
] as const;

export const demoRepIds = demoPeople.filter((p) => p.role === 'rep').map((p) => p.salesforceId);

/** The relay's two sides: SDRs qualify and hand off, Account Executives accept (by title). */
export const demoSdrs = demoPeople.filter((p) => p.title === 'Sales Development Rep');
export const demoAes = demoPeople.filter((p) => p.title === 'Account Executive');
