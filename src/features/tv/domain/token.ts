import { createHash, randomBytes } from 'node:crypto';

/**
 * A TV link's secret: 32 random bytes, base64url, shown once in the link. Redis keeps only its
 * SHA-256, so a copy of the database opens no screen. The short id names the link in
 * `/bullpen tv list` and `revoke`.
 */

export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export function issueToken(): { token: string; hash: string; id: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token), id: `tv-${randomBytes(4).toString('hex')}` };
}

export const LINK_ID_PATTERN = /^tv-[0-9a-f]{8}$/;
