import { describe, expect, it } from 'vitest';
import { loadReportData } from '../../../src/features/nudges/app/reports.ts';
import { useRedis } from '../../helpers/redis.ts';
import { leadId, makeCampaignMember, makeLead, makeUser, userId } from './fixtures.ts';
import { depsFor, policyWith } from './sla-index-fixtures.ts';

/*
 * Reports read only their scope (issue 15 item 3): a manager's `/followup` and Home report read their
 * team's leads and those leads' campaign memberships, not every CampaignMember of the org.
 */
describe("a team's report data", () => {
  const fixture = useRedis();

  it("holds the team's leads and only their campaign memberships; the org-wide report holds all", async () => {
    const deps = depsFor(fixture, policyWith([]));
    const manager = makeUser({ Id: userId(1) });
    const teamRep = makeUser({ Id: userId(2), ManagerId: manager.Id });
    const otherRep = makeUser({ Id: userId(3) });
    await deps.store.applyPage('User', [manager, teamRep, otherRep]);
    const ours = makeLead({ Id: leadId(1), OwnerId: teamRep.Id });
    const theirs = makeLead({ Id: leadId(2), OwnerId: otherRep.Id });
    await deps.store.applyPage('Lead', [ours, theirs]);
    const members = [
      makeCampaignMember(1, '701000000000001AAA', ours.Id),
      makeCampaignMember(2, '701000000000002AAA', ours.Id),
      makeCampaignMember(3, '701000000000003AAA', theirs.Id),
    ];
    await deps.store.applyPage('CampaignMember', members);

    const team = await loadReportData(deps, { kind: 'team', ownerIds: new Set([manager.Id, teamRep.Id]) });
    expect(team.leads.map((lead) => lead.Id)).toEqual([ours.Id]);
    expect(team.campaignMembers.map((m) => m.Id).sort()).toEqual([members[0]!.Id, members[1]!.Id].sort());

    const all = await loadReportData(deps, { kind: 'all' });
    expect(all.leads.map((lead) => lead.Id).sort()).toEqual([ours.Id, theirs.Id].sort());
    expect(all.campaignMembers.map((m) => m.Id).sort()).toEqual(members.map((m) => m.Id).sort());
  });
});
