/**
 * The ledger's Lua. Every key a script touches belongs to one contest and carries its hash tag
 * (`{contest:<id>}`), so each call stays in one slot on Redis Cluster; the per-rep keys the script
 * derives from the rep prefix carry the same tag.
 *
 * APPLY_SUBJECT swaps one subject's stored entries for the incoming ones (the idempotency check:
 * an entry already stored as it is changes nothing), adjusts each touched rep's total and board
 * score, keeps the contest's subject set, and, when something changed, raises the board-edit flag
 * of the current edit interval (SET NX PX): returns {changed, 1 when this call raised the flag}.
 * KEYS: ledger, subject set, totals, board, subjects, edit flag. ARGV: rep key prefix, window start
 * ms, rate metric '1'/'0', score time slot, subject, edit flag TTL ms (0: no live edits), then
 * entry key / JSON pairs.
 */
export const APPLY_SUBJECT = `
local L, S, P, B, ALL, EDIT = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local repPrefix, start, rate, slot, subject = ARGV[1], tonumber(ARGV[2]), ARGV[3] == '1', tonumber(ARGV[4]), ARGV[5]
local editTtl = tonumber(ARGV[6])
local incoming = {}
for i = 7, #ARGV, 2 do incoming[ARGV[i]] = ARGV[i + 1] end
local touched = {}
local changed = 0
local function adjust(e, sign)
  if rate then
    redis.call('HINCRBY', P, 'd:' .. e.r, sign)
    if e.u == 'sla_hit' then redis.call('HINCRBY', P, 'h:' .. e.r, sign) end
  else
    redis.call('HINCRBY', P, e.r, sign * e.p)
  end
  if sign < 0 then
    redis.call('ZREM', repPrefix .. e.r, e.k)
  elseif rate or e.p > 0 then
    redis.call('ZADD', repPrefix .. e.r, string.format('%.0f', e.t), e.k)
  end
  touched[e.r] = true
end
for _, key in ipairs(redis.call('SMEMBERS', S)) do
  local old = redis.call('HGET', L, key)
  if incoming[key] ~= old then
    if old then adjust(cjson.decode(old), -1); redis.call('HDEL', L, key) end
    if incoming[key] == nil then redis.call('SREM', S, key) end
    changed = changed + 1
  end
end
for key, json in pairs(incoming) do
  local old = redis.call('HGET', L, key)
  if old ~= json then
    if old then adjust(cjson.decode(old), -1) end
    redis.call('HSET', L, key, json)
    redis.call('SADD', S, key)
    adjust(cjson.decode(json), 1)
    changed = changed + 1
  end
end
for rep, _ in pairs(touched) do
  local points
  if rate then
    local hits = tonumber(redis.call('HGET', P, 'h:' .. rep) or '0')
    local decided = tonumber(redis.call('HGET', P, 'd:' .. rep) or '0')
    if decided > 0 then points = math.floor(10000 * hits / decided + 0.5) else points = 0 end
  else
    points = tonumber(redis.call('HGET', P, rep) or '0')
  end
  local elapsed = slot - 1
  local top = redis.call('ZREVRANGE', repPrefix .. rep, 0, 0, 'WITHSCORES')
  if top[2] then
    elapsed = math.floor((tonumber(top[2]) - start) / 1000)
    if elapsed < 0 then elapsed = 0 end
    if elapsed > slot - 2 then elapsed = slot - 2 end
  end
  redis.call('ZADD', B, string.format('%.0f', points * slot + (slot - 1 - elapsed)), rep)
end
if redis.call('SCARD', S) == 0 then
  redis.call('SREM', ALL, subject)
else
  redis.call('SADD', ALL, subject)
end
local edit = 0
if changed > 0 and editTtl > 0 and redis.call('SET', EDIT, '1', 'NX', 'PX', editTtl) then edit = 1 end
return {changed, edit}
`;
