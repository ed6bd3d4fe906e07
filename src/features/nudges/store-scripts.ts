/**
 * Moves a handled entry to a new write status only from the states listed and only for the same
 * write, atomically: the write job (done) and the delay check (still saving) race, and a late
 * "still saving" must never replace "done".
 */
export const TRANSITION_SCRIPT = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local entry = cjson.decode(raw)
if entry.writeKey ~= ARGV[2] then return 0 end
local from = cjson.decode(ARGV[3])
local allowed = false
for _, status in ipairs(from) do
  if status == entry.status then allowed = true end
end
if not allowed then return 0 end
local patch = cjson.decode(ARGV[4])
if ARGV[5] == 'replace' then entry = patch else
  for field, value in pairs(patch) do entry[field] = value end
end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(entry))
return 1
`;

/**
 * Counts a digest against its recipient's day only while the day has room (or it is counted
 * already), atomically: two windows' digests for one person may run at once, and each must see the
 * other's count. KEYS: the day's set, the last-sent key. ARGV: digest id, cap, set TTL, sent-at.
 */
export const COUNT_SENT_SCRIPT = `
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 0 and redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('SET', KEYS[2], ARGV[4], 'EX', ARGV[3])
return 1
`;
