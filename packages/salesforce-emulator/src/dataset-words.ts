/** Word lists for generated demo data: plausible, obviously fictional people and companies. */

export const firstNames = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Amelia',
  'Oliver',
  'Sophia',
  'Elijah',
  'Mia',
  'Lucas',
  'Harper',
  'Mateo',
  'Evelyn',
  'Levi',
  'Aria',
  'Ethan',
  'Chloe',
  'Kai',
  'Nora',
  'Arjun',
  'Zoe',
  'Hiro',
  'Layla',
  'Omar',
  'Grace',
  'Wei',
  'Isla',
  'Tomás',
  'Maya',
  'Kwame',
  'Hannah',
  'Luca',
  'Fatima',
  'Jonas',
  'Ines',
  'Ravi',
  'Elena',
  'Malik',
  'Sara',
  'Felix',
] as const;

export const lastNames = [
  'Anderson',
  'Bennett',
  'Castillo',
  'Dawson',
  'Ellis',
  'Fischer',
  'Garcia',
  'Hughes',
  'Ibrahim',
  'Jensen',
  'Kim',
  'Larsen',
  'Mendes',
  'Novak',
  'Okafor',
  'Patel',
  'Quinn',
  'Rossi',
  'Sato',
  'Turner',
  'Usman',
  'Vargas',
  'Walsh',
  'Xu',
  'Young',
  'Zimmerman',
  'Moreau',
  'Haddad',
  'Kowalski',
  'Lindqvist',
  'Nakamura',
  'Oyelaran',
  'Petrov',
  'Schmidt',
  'Tanaka',
  'Wong',
  'Brennan',
  'Duarte',
] as const;

export const companyStems = [
  'Northwind',
  'Bluefin',
  'Cobalt',
  'Evergreen',
  'Granite',
  'Harbor',
  'Ironclad',
  'Juniper',
  'Keystone',
  'Lumen',
  'Meridian',
  'Nimbus',
  'Orchard',
  'Pinnacle',
  'Quarry',
  'Redwood',
  'Summit',
  'Tidewater',
  'Upland',
  'Vantage',
  'Willow',
  'Zephyr',
  'Aster',
  'Beacon',
  'Cedar',
  'Driftwood',
] as const;

export const companySuffixes = [
  'Logistics',
  'Health',
  'Analytics',
  'Manufacturing',
  'Foods',
  'Energy',
  'Robotics',
  'Labs',
  'Financial',
  'Retail',
  'Software',
  'Media',
  'Freight',
  'Biotech',
  'Systems',
  'Partners',
] as const;

export const companyForms = ['Inc.', 'LLC', 'Co.', 'Group', 'Ltd', ''] as const;

export const industries = [
  'Technology',
  'Healthcare',
  'Manufacturing',
  'Retail',
  'Finance',
  'Transportation',
  'Energy',
  'Media',
] as const;

export const jobTitles = [
  'VP of Operations',
  'Director of IT',
  'Head of Procurement',
  'CFO',
  'Operations Manager',
  'Marketing Director',
  'CTO',
  'Sales Operations Lead',
  'Product Manager',
  'Founder',
] as const;

export const timeZones = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'Europe/London',
  'Europe/Berlin',
  'Asia/Singapore',
  'Australia/Sydney',
] as const;

export const callSubjects = [
  'Intro call',
  'Discovery call',
  'Follow-up call',
  'Left voicemail',
  'Qualification call',
];
export const emailSubjects = [
  'Intro email',
  'Follow-up email',
  'Sent pricing',
  'Shared case study',
  'Meeting recap',
];

export const leadSources = ['Webinar', 'Trade Show', 'Web', 'Partner Referral', 'Purchased List'] as const;
export type LeadSourceName = (typeof leadSources)[number];

/** Relative share of each source in generated leads. */
export const leadSourceWeights: Record<LeadSourceName, number> = {
  Webinar: 25,
  'Trade Show': 20,
  Web: 30,
  'Partner Referral': 10,
  'Purchased List': 15,
};

export const campaignsBySource: Record<LeadSourceName, { name: string; type: string }> = {
  Webinar: { name: 'Webinar: Pipeline Hygiene 101', type: 'Webinar' },
  'Trade Show': { name: 'SaaS Summit Booth', type: 'Trade Show' },
  Web: { name: 'Website Demo Requests', type: 'Advertisement' },
  'Partner Referral': { name: 'Partner Referral Program', type: 'Partners' },
  'Purchased List': { name: 'Purchased List: Data Vendor Q3', type: 'Direct Mail' },
};

export const openStages = [
  'Prospecting',
  'Qualification',
  'Proposal/Price Quote',
  'Negotiation/Review',
] as const;
