import { IANAZone, Info, type Zone } from 'luxon';
import { BoundedCache } from './bounded-cache.ts';

/**
 * Whether a string names an IANA time zone, checked once per distinct string per process. luxon's
 * `IANAZone.isValidZone` builds an Intl.DateTimeFormat on every call (about 200 µs, and native
 * memory V8 does not hand back), and contests, the SLA policy and people's zones run it on every
 * parse. Distinct strings in use are few (people's and contests' zones, a few hundred at most), but
 * zone names also arrive from users (`tz:` on a command), so the memo is bounded: past 2,000
 * distinct strings the oldest are forgotten and checked again when they come back.
 */
const MAX_ZONES = 2_000;
const checked = new BoundedCache<string, boolean>(MAX_ZONES);

export function isValidTimeZone(zone: string): boolean {
  return checked.getOrCompute(zone, (name) => IANAZone.isValidZone(name));
}

/**
 * The luxon zone a `zone:` option string reads as (an IANA name, 'UTC', a fixed offset such as
 * 'UTC+3'), or null when luxon does not know it; resolved once per distinct string, with the same
 * bound as the check above, so date arithmetic in a loop never re-parses the name.
 */
const zones = new BoundedCache<string, Zone | null>(MAX_ZONES);

export function zoneNamed(name: string): Zone | null {
  return zones.getOrCompute(name, (candidate) => {
    const zone = Info.normalizeZone(candidate);
    return zone.isValid ? zone : null;
  });
}
