package redisfrontier

import "github.com/redis/go-redis/v9"

// The frontier's atomic steps are Lua scripts: Redis runs a script to the
// end before any other command, so pop-and-lease, complete-and-push,
// reclaiming expired leases and starting a generation each happen whole
// or not at all, whatever the other nodes do at the same moment.
//
// Every frontier script gets the source's keys in the order of
// sourceKeys (KEYS[1..15]) and ARGV[1] = the time in Unix milliseconds,
// or "" for the Redis server's own clock (one clock for every node's
// leases). A source's state:
//
//	gen       hash: number, started, finished ("" while running), seq (the last queue position)
//	state     hash key → pending|inflight|done|failed|blocked|deferred|skipped
//	seq       hash key → queue position (pending requests pop in this order)
//	meta      hash key → {"u":url,"k":kind,"d":depth}
//	req       hash key → the serialized request (dropped once it is finished)
//	att       hash key → attempts
//	note      hash key → why it ended as it did
//	owner     hash key → the process holding its lease (leased keys only)
//	pending   zset queue position → key
//	leases    zset lease deadline (ms) → key
//	deferred  set of keys deferred to the next run
//	visited   set of colly's request hashes
//	pages     hash key → "kind\tpostings\tfetched ms\turl", kept across generations (refresh)
//	stats     hash: reclaimed (leases handed out again after their holder died)
//	node      the calling process's node record (progress counters)
const prelude = `
local K_GEN, K_STATE, K_SEQ, K_META, K_REQ, K_ATT, K_NOTE, K_OWNER, K_PENDING, K_LEASES, K_DEFERRED, K_VISITED, K_PAGES, K_STATS, K_NODE = unpack(KEYS)

local function now_ms()
  if ARGV[1] ~= '' then return tonumber(ARGV[1]) end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function requeue(key)
  redis.call('HSET', K_STATE, key, 'pending')
  redis.call('ZADD', K_PENDING, redis.call('HGET', K_SEQ, key), key)
  redis.call('HDEL', K_OWNER, key)
  redis.call('ZREM', K_LEASES, key)
end

-- Leases past their deadline belong to processes that died (a live one
-- renews them): their requests are pending again.
local function reclaim(now)
  local exp = redis.call('ZRANGEBYSCORE', K_LEASES, '-inf', now, 'LIMIT', 0, 1000)
  for _, key in ipairs(exp) do
    if redis.call('HGET', K_STATE, key) == 'inflight' then
      requeue(key)
    else
      redis.call('ZREM', K_LEASES, key)
      redis.call('HDEL', K_OWNER, key)
    end
  end
  if #exp > 0 then redis.call('HINCRBY', K_STATS, 'reclaimed', #exp) end
  return #exp
end

local function fresh(key, cutoff)
  local p = redis.call('HGET', K_PAGES, key)
  if not p then return false end
  local kind, n, fetched = string.match(p, '^([^\t]*)\t(%d+)\t(%-?%d+)')
  return kind == 'detail' and tonumber(n) > 0 and tonumber(fetched) > cutoff
end

-- add queues the items in ARGV from index i on, four values each: key,
-- meta, request, refreshable ("1"). A key already in the generation is
-- known; a refreshable key whose page is a fresh detail page is recorded
-- as skipped; past the generation's limit an item is dropped.
local function add(limit, cutoff, i)
  local added, known, fr, over = 0, 0, 0, 0
  local rows = redis.call('HLEN', K_STATE)
  while i <= #ARGV do
    local key, meta, req, refr = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
    i = i + 4
    if redis.call('HEXISTS', K_STATE, key) == 1 then
      known = known + 1
    elseif refr == '1' and cutoff and fresh(key, cutoff) then
      redis.call('HSET', K_STATE, key, 'skipped')
      redis.call('HSET', K_META, key, meta)
      redis.call('HSET', K_NOTE, key, 'fresher than the refresh age')
      fr = fr + 1
      rows = rows + 1
    elseif limit > 0 and rows >= limit then
      over = over + 1
    else
      local seq = redis.call('HINCRBY', K_GEN, 'seq', 1)
      redis.call('HSET', K_STATE, key, 'pending')
      redis.call('HSET', K_SEQ, key, seq)
      redis.call('HSET', K_META, key, meta)
      redis.call('HSET', K_REQ, key, req)
      redis.call('ZADD', K_PENDING, seq, key)
      added = added + 1
      rows = rows + 1
    end
  end
  return {added, known, fr, over}
end
`

// begin: ARGV[2] = the round's start (ms), or "" for none. Returns
// {generation, started ms, how, n}: how 0 = a new generation, 1 = resumed
// (n requests requeued: expired leases and deferred ones), 2 = the last
// generation finished at n, after the round began.
var scriptBegin = redis.NewScript(prelude + `
local now = now_ms()
local g = redis.call('HMGET', K_GEN, 'number', 'started', 'finished')
local number = tonumber(g[1]) or 0
if number > 0 and (not g[3] or g[3] == '') then
  local n = 0
  for _, key in ipairs(redis.call('ZRANGEBYSCORE', K_LEASES, '-inf', now)) do
    if redis.call('HGET', K_STATE, key) == 'inflight' then n = n + 1 end
  end
  reclaim(now)
  for _, key in ipairs(redis.call('SMEMBERS', K_DEFERRED)) do
    requeue(key)
    n = n + 1
  end
  redis.call('DEL', K_DEFERRED)
  return {number, tonumber(g[2]), 1, n}
end
if number > 0 and ARGV[2] ~= '' and tonumber(g[3]) >= tonumber(ARGV[2]) then
  return {number, tonumber(g[2]), 2, tonumber(g[3])}
end
number = number + 1
redis.call('DEL', K_STATE, K_SEQ, K_META, K_REQ, K_ATT, K_NOTE, K_OWNER, K_PENDING, K_LEASES, K_DEFERRED, K_VISITED, K_STATS)
redis.call('HSET', K_GEN, 'number', number, 'started', now, 'finished', '', 'seq', 0)
return {number, now, 0, 0}
`)

// add: ARGV[2] = limit, ARGV[3] = freshness cut-off (ms) or "", items from 4.
var scriptAdd = redis.NewScript(prelude + `
local cutoff = nil
if ARGV[3] ~= '' then cutoff = tonumber(ARGV[3]) end
return add(tonumber(ARGV[2]), cutoff, 4)
`)

// pop: ARGV[2] = lease (ms), ARGV[3] = the popping process. Returns
// {key, meta, request} or nil when nothing is pending.
var scriptPop = redis.NewScript(prelude + `
local now = now_ms()
reclaim(now)
local p = redis.call('ZPOPMIN', K_PENDING, 1)
if #p == 0 then return false end
local key = p[1]
redis.call('HSET', K_STATE, key, 'inflight')
redis.call('ZADD', K_LEASES, now + tonumber(ARGV[2]), key)
redis.call('HSET', K_OWNER, key, ARGV[3])
redis.call('HINCRBY', K_ATT, key, 1)
return {key, redis.call('HGET', K_META, key) or '', redis.call('HGET', K_REQ, key) or ''}
`)

// complete: ARGV[2] = key, ARGV[3] = page record, ARGV[4] = limit,
// ARGV[5] = cut-off or "", the links found from 6. The request is done
// once: a second Complete (its lease had expired and another process
// fetched it too) records the page and finds its links known.
var scriptComplete = redis.NewScript(prelude + `
local key = ARGV[2]
local s = redis.call('HGET', K_STATE, key)
if s == 'inflight' or s == 'pending' then
  redis.call('HSET', K_STATE, key, 'done')
  redis.call('ZREM', K_LEASES, key)
  redis.call('ZREM', K_PENDING, key)
  redis.call('HDEL', K_OWNER, key)
  redis.call('HDEL', K_REQ, key)
  redis.call('HINCRBY', K_NODE, 'pages', 1)
end
redis.call('HSET', K_PAGES, key, ARGV[3])
local cutoff = nil
if ARGV[5] ~= '' then cutoff = tonumber(ARGV[5]) end
return add(tonumber(ARGV[4]), cutoff, 6)
`)

// mark: ARGV[2] = key, ARGV[3] = the process, ARGV[4] = state, ARGV[5] =
// note. Only the lease's holder moves a request: one whose lease expired
// and passed to another process is that one's now. Returns 1 when moved.
var scriptMark = redis.NewScript(prelude + `
local key, state = ARGV[2], ARGV[4]
if redis.call('HGET', K_STATE, key) ~= 'inflight' or redis.call('HGET', K_OWNER, key) ~= ARGV[3] then
  return 0
end
redis.call('HSET', K_NOTE, key, ARGV[5])
if state == 'pending' then
  requeue(key)
  return 1
end
redis.call('ZREM', K_LEASES, key)
redis.call('HDEL', K_OWNER, key)
redis.call('HSET', K_STATE, key, state)
if state == 'deferred' then
  redis.call('SADD', K_DEFERRED, key)
else
  redis.call('HDEL', K_REQ, key)
end
return 1
`)

// finish ends the generation when nothing is pending, leased or deferred.
var scriptFinish = redis.NewScript(prelude + `
local left = redis.call('ZCARD', K_PENDING) + redis.call('ZCARD', K_LEASES) + redis.call('SCARD', K_DEFERRED)
if left > 0 then return 0 end
local f = redis.call('HGET', K_GEN, 'finished')
if not f or f == '' then redis.call('HSET', K_GEN, 'finished', now_ms()) end
return 1
`)

// counts returns {state, n, state, n, ...}.
var scriptCounts = redis.NewScript(prelude + `
local c = {}
for _, s in ipairs(redis.call('HVALS', K_STATE)) do c[s] = (c[s] or 0) + 1 end
local out = {}
for s, n in pairs(c) do
  out[#out + 1] = s
  out[#out + 1] = n
end
return out
`)

// pending counts requests that a Pop would hand out: pending ones and
// those whose lease expired.
var scriptPending = redis.NewScript(prelude + `
return redis.call('ZCARD', K_PENDING) + redis.call('ZCOUNT', K_LEASES, '-inf', now_ms())
`)

// renew extends by ARGV[2] ms the leases of the keys from ARGV[4] on
// that the process ARGV[3] holds. Only keys the process knows it holds
// are named: a lease Redis gave back to it after losing the process's
// later writes (a restart without them) is not renewed, and expires.
var scriptRenew = redis.NewScript(prelude + `
local now = now_ms()
local n = 0
for i = 4, #ARGV do
  local key = ARGV[i]
  if redis.call('HGET', K_OWNER, key) == ARGV[3] and redis.call('ZSCORE', K_LEASES, key) then
    redis.call('ZADD', K_LEASES, now + tonumber(ARGV[2]), key)
    n = n + 1
  end
end
return n
`)

// leaseHost: KEYS[1] = the host's state, KEYS[2] = its lease; ARGV[1] =
// now (ms, the caller's clock, the one NotBefore is written in), ARGV[2] =
// ttl (ms), ARGV[3] = token. Returns {1, 0, 0} when leased, {0, ms left,
// 0} when another process holds it, {0, 0, NotBefore} when it is too early.
var scriptLeaseHost = redis.NewScript(`
local ttl = redis.call('PTTL', KEYS[2])
if ttl > 0 then return {0, ttl, 0} end
if ttl == -1 then
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
  return {0, tonumber(ARGV[2]), 0}
end
local nb = tonumber(redis.call('HGET', KEYS[1], 'nb') or '0')
if nb > tonumber(ARGV[1]) then return {0, 0, nb} end
redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[2])
return {1, 0, 0}
`)

// releaseHost: KEYS[1] = the host's state, KEYS[2] = its lease; ARGV[1] =
// token, ARGV[2] = now (ms), ARGV[3] = delay (ms), ARGV[4] = jitter (ms,
// added when the delay is not zero). NotBefore becomes now + max(delay,
// the host's delay) + jitter unless it is later already; the lease is
// deleted if the token still holds it.
var scriptReleaseHost = redis.NewScript(`
local now, delay, jitter = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
delay = math.max(delay, tonumber(redis.call('HGET', KEYS[1], 'delay') or '0'))
local nb = now + delay
if delay > 0 then nb = nb + jitter end
if nb > tonumber(redis.call('HGET', KEYS[1], 'nb') or '0') then redis.call('HSET', KEYS[1], 'nb', nb) end
if redis.call('GET', KEYS[2]) == ARGV[1] then return redis.call('DEL', KEYS[2]) end
return 0
`)

// expireOwner ends now the leases ARGV[2] holds (a process known to be
// dead: its node restarted): the next pop hands them out. Returns how many.
var scriptExpireOwner = redis.NewScript(prelude + `
local n = 0
local o = redis.call('HGETALL', K_OWNER)
for i = 1, #o, 2 do
  if o[i + 1] == ARGV[2] and redis.call('ZSCORE', K_LEASES, o[i]) then
    redis.call('ZADD', K_LEASES, 0, o[i])
    n = n + 1
  end
end
return n
`)
