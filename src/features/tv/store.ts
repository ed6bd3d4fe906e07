import { z } from 'zod';
import { RedisBacked } from '../../platform/redis.ts';

/**
 * TV links in Redis: `tv:token:<sha256>` -> the link (what a screen presents), and
 * `tv:links:<manager>` -> id -> the link (what `/bullpen tv list` and `revoke` read). The token
 * itself is never stored.
 */

export const tvLinkSchema = z.object({
  id: z.string(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  managerSlackId: z.string(),
  showLeadNames: z.boolean(),
  createdAt: z.string(),
});
export type TvLink = z.infer<typeof tvLinkSchema>;

export const MAX_LINKS_PER_MANAGER = 20;

export class TvLinkStore extends RedisBacked {
  /** One tag (one Cluster slot): a link is written to its token and its manager's list together. */
  private key(...parts: string[]): string {
    return this.keys(this.keys.tag('tv'), ...parts);
  }

  async save(link: TvLink): Promise<void> {
    const json = JSON.stringify(link);
    await this.redis
      .multi()
      .set(this.key('token', link.hash), json)
      .hset(this.key('links', link.managerSlackId), link.id, json)
      .exec();
  }

  /** The link a token hash opens, or null (revoked, forged or never issued). */
  async byHash(hash: string): Promise<TvLink | null> {
    const json = await this.redis.get(this.key('token', hash));
    return json ? tvLinkSchema.parse(JSON.parse(json)) : null;
  }

  /** Oldest first. */
  async listOf(managerSlackId: string): Promise<TvLink[]> {
    const all = await this.redis.hvals(this.key('links', managerSlackId));
    return all
      .map((json) => tvLinkSchema.parse(JSON.parse(json)))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async countOf(managerSlackId: string): Promise<number> {
    return this.redis.hlen(this.key('links', managerSlackId));
  }

  /** Revokes one of this manager's links; false when they have none by that id. */
  async revoke(managerSlackId: string, id: string): Promise<boolean> {
    const json = await this.redis.hget(this.key('links', managerSlackId), id);
    if (!json) return false;
    const link = tvLinkSchema.parse(JSON.parse(json));
    await this.redis
      .multi()
      .del(this.key('token', link.hash))
      .hdel(this.key('links', managerSlackId), id)
      .exec();
    return true;
  }
}
