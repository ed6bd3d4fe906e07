import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Keyspace, RedisClient } from '../../platform/redis.ts';
import type { SyncedRecordStore } from '../sync/synced-records.ts';
import type { PeopleDirectory } from './people.ts';
import type { RolesPolicy } from './policy.ts';

export type Role = 'admin' | 'executive' | 'manager' | 'marketing' | 'rep';

const usergroupUsersSchema = z.object({ ok: z.literal(true), users: z.array(z.string()) });
const USERGROUP_CACHE_S = 600;

/**
 * Who may do what. Admins, executives and marketing come from the policy file (lists or a Slack
 * user group); managers from the policy or from Salesforce: anyone who is some active user's
 * ManagerId manages that user's leads. Every command and button asks here before acting.
 */
export class RoleResolver {
  private readonly roles: RolesPolicy;
  private readonly client: WebClient;
  private readonly redis: RedisClient;
  private readonly keys: Keyspace;
  private readonly people: PeopleDirectory;
  private readonly store: SyncedRecordStore;

  constructor(deps: {
    roles: RolesPolicy;
    client: WebClient;
    redis: RedisClient;
    keys: Keyspace;
    people: PeopleDirectory;
    store: SyncedRecordStore;
  }) {
    this.roles = deps.roles;
    this.client = deps.client;
    this.redis = deps.redis;
    this.keys = deps.keys;
    this.people = deps.people;
    this.store = deps.store;
  }

  /** Members of a Slack user group, cached for ten minutes (usergroups.users.list is Tier 2). */
  async usergroupMembers(usergroupId: string): Promise<string[]> {
    const key = this.keys('slack', 'usergroup', usergroupId);
    const cached = await this.redis.get(key);
    if (cached) return JSON.parse(cached) as string[];
    const response = usergroupUsersSchema.parse(
      await this.client.usergroups.users.list({ usergroup: usergroupId }),
    );
    await this.redis.set(key, JSON.stringify(response.users), 'EX', USERGROUP_CACHE_S);
    return response.users;
  }

  private async inGroup(usergroupId: string | undefined, slackUserId: string): Promise<boolean> {
    if (!usergroupId) return false;
    return (await this.usergroupMembers(usergroupId)).includes(slackUserId);
  }

  async rolesOf(slackUserId: string): Promise<Set<Role>> {
    const roles = new Set<Role>();
    if (this.roles.admins.includes(slackUserId)) roles.add('admin');
    if (
      this.roles.executives.includes(slackUserId) ||
      (await this.inGroup(this.roles.executiveUsergroup, slackUserId))
    ) {
      roles.add('executive');
    }
    if (
      this.roles.marketing.includes(slackUserId) ||
      (await this.inGroup(this.roles.marketingUsergroup, slackUserId))
    ) {
      roles.add('marketing');
    }
    const salesforceId = await this.people.salesforceIdFor(slackUserId);
    if (
      this.roles.managers.includes(slackUserId) ||
      (await this.inGroup(this.roles.managerUsergroup, slackUserId)) ||
      (salesforceId !== null && (await this.store.reportsOf(salesforceId)).length > 0)
    ) {
      roles.add('manager');
    }
    if (salesforceId !== null) roles.add('rep');
    return roles;
  }

  async is(slackUserId: string, role: Role): Promise<boolean> {
    return (await this.rolesOf(slackUserId)).has(role);
  }

  /**
   * May this Slack user act on a lead owned by this Salesforce user? The owner may, and so may the
   * owner's manager (Salesforce ManagerId, one or two levels up) and admins.
   */
  async mayActForOwner(slackUserId: string, ownerSalesforceId: string): Promise<boolean> {
    const actor = await this.people.salesforceIdFor(slackUserId);
    if (actor !== null && actor === ownerSalesforceId) return true;
    if (this.roles.admins.includes(slackUserId)) return true;
    if (actor === null) return false;
    const owner = await this.store.get('User', ownerSalesforceId);
    if (!owner?.ManagerId) return false;
    if (owner.ManagerId === actor) return true;
    const manager = await this.store.get('User', owner.ManagerId);
    return manager?.ManagerId === actor;
  }
}
