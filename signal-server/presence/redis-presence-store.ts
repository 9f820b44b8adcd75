import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Member, PeerId, RoomId, UserSummary } from '../../shared/protocol.ts';
import type { Holdings, JoinPeerResult, PresenceStore, RoomCaps } from './presence-store.ts';

/*
 * Keys (under `dialog:`): room:<id> hash peerId → member JSON; order:<id> sorted set of its peer ids by arrival;
 * peer-rooms:<peerId> and user-rooms:<username> sets of room ids; sockets:<username> hash process id → sockets that
 * process holds; process:<id> a process's heartbeat, expiring when it stops; processes the set of process ids;
 * owner:<roomId> hash peerId → the process holding it, and process-peers:<id> its "roomId\npeerId" entries, so
 * the peers of a process that died can be let go. Each change is one Lua script, so two
 * processes admitting the last place in a room cannot both succeed. Scripts build some keys themselves: one Redis
 * (or a primary with replicas), not Redis Cluster.
 */
const P = 'dialog:';

/** The members of room KEYS[1] in arrival order (KEYS[2]) as JSON strings; ARGV[1] (optional) is left out. */
const MEMBERS = `
local function members(room, order, except)
  local out = {}
  for _, id in ipairs(redis.call('ZRANGE', order, 0, -1)) do
    if id ~= except then
      local json = redis.call('HGET', room, id)
      if json then table.insert(out, json) end
    end
  end
  return out
end
`;

/** Puts peer `peerId` (member `json`) in room `roomId` as held by `process`, after any earlier peers; no caps. */
const ADMIT = `
local function admit(roomId, peerId, username, json, process)
  local room = '${P}room:' .. roomId
  if redis.call('HEXISTS', room, peerId) == 0 then
    redis.call('ZADD', '${P}order:' .. roomId, redis.call('INCR', '${P}seq'), peerId)
  end
  redis.call('HSET', room, peerId, json)
  redis.call('SADD', '${P}peer-rooms:' .. peerId, roomId)
  redis.call('SADD', '${P}user-rooms:' .. username, roomId)
  local owner = redis.call('HGET', '${P}owner:' .. roomId, peerId)
  if owner then redis.call('SREM', '${P}process-peers:' .. owner, roomId .. '\\n' .. peerId) end
  redis.call('HSET', '${P}owner:' .. roomId, peerId, process)
  redis.call('SADD', '${P}process-peers:' .. process, roomId .. '\\n' .. peerId)
end
`;

const JOIN = `${MEMBERS}${ADMIT}
local peerId, json, username, people, tabsPerPerson, roomId, process = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6], ARGV[7]
local before = members(KEYS[1], KEYS[2], peerId)
if redis.call('HEXISTS', KEYS[1], peerId) == 0 then
  local tabs, seen, count = 0, {}, 0
  for _, m in ipairs(before) do
    local u = cjson.decode(m).user.username
    if u == username then tabs = tabs + 1 end
    if not seen[u] then seen[u] = true; count = count + 1 end
  end
  if tabs >= tabsPerPerson then return 'too-many-tabs' end
  if tabs == 0 and count >= people then return 'full' end
end
admit(roomId, peerId, username, json, process)
return '[' .. table.concat(before, ',') .. ']'
`;

const LEAVE = `
local peerId, roomId = ARGV[1], ARGV[2]
local json = redis.call('HGET', KEYS[1], peerId)
if not json then return false end
redis.call('HDEL', KEYS[1], peerId)
redis.call('ZREM', KEYS[2], peerId)
redis.call('SREM', '${P}peer-rooms:' .. peerId, roomId)
local owner = redis.call('HGET', '${P}owner:' .. roomId, peerId)
if owner then redis.call('SREM', '${P}process-peers:' .. owner, roomId .. '\\n' .. peerId) end
redis.call('HDEL', '${P}owner:' .. roomId, peerId)
local username = cjson.decode(json).user.username
local still = 0
for _, other in ipairs(redis.call('HVALS', KEYS[1])) do
  if cjson.decode(other).user.username == username then still = 1; break end
end
if still == 0 then redis.call('SREM', '${P}user-rooms:' .. username, roomId) end
return cjson.encode({ json, still })
`;

const PEERS = `${MEMBERS}
return members(KEYS[1], KEYS[2], '')
`;

const CLEAR = `${MEMBERS}
local roomId = ARGV[1]
local all = members(KEYS[1], KEYS[2], '')
for _, json in ipairs(all) do
  local m = cjson.decode(json)
  redis.call('SREM', '${P}peer-rooms:' .. m.peerId, roomId)
  redis.call('SREM', '${P}user-rooms:' .. m.user.username, roomId)
end
redis.call('DEL', KEYS[1], KEYS[2], '${P}owner:' .. roomId)
return all
`;

/** Re-writes the person's members with the new summary; answers their rooms. */
const UPDATE_USER = `
local username, user = ARGV[1], cjson.decode(ARGV[2])
local rooms = redis.call('SMEMBERS', '${P}user-rooms:' .. username)
for _, roomId in ipairs(rooms) do
  local room = '${P}room:' .. roomId
  local all = redis.call('HGETALL', room)
  for i = 1, #all, 2 do
    local m = cjson.decode(all[i + 1])
    if m.user.username == username then
      m.user = user
      redis.call('HSET', room, all[i], cjson.encode(m))
    end
  end
end
return rooms
`;

/**
 * The person's sockets over every live process (ARGV[1], the caller, is alive); counts of processes whose heartbeat
 * is gone are dropped.
 */
const SOCKETS = `
local function sockets(key)
  local total, all = 0, redis.call('HGETALL', key)
  for i = 1, #all, 2 do
    if all[i] == ARGV[1] or redis.call('EXISTS', '${P}process:' .. all[i]) == 1 then total = total + tonumber(all[i + 1])
    else redis.call('HDEL', key, all[i]) end
  end
  return total
end
`;

const CONNECT = `${SOCKETS}
if sockets(KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
return 1
`;

const DISCONNECT = `
if redis.call('HINCRBY', KEYS[1], ARGV[1], -1) <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
return 1
`;

const ONLINE = `${SOCKETS}
return sockets(KEYS[1])
`;

/**
 * Claims the processes whose heartbeat is gone (ARGV[1] is the caller): answers the "roomId\npeerId" entries they
 * still held. Atomic, so exactly one live process lets each dead one's peers go.
 */
const ORPHANS = `
local out = {}
for _, process in ipairs(redis.call('SMEMBERS', '${P}processes')) do
  if process ~= ARGV[1] and redis.call('EXISTS', '${P}process:' .. process) == 0 then
    redis.call('SREM', '${P}processes', process)
    for _, entry in ipairs(redis.call('SMEMBERS', '${P}process-peers:' .. process)) do table.insert(out, entry) end
    redis.call('DEL', '${P}process-peers:' .. process)
  end
end
return out
`;

/**
 * Writes again what process ARGV[1] holds: its heartbeat (ARGV[2] ms), then ARGV[3] pairs of username and socket
 * count, then quadruples of room id, peer id, username and member JSON. Sockets are counted only under a live
 * heartbeat, so the beat goes first, in the same step.
 */
const RESTORE = `${ADMIT}
local process, users = ARGV[1], tonumber(ARGV[3])
redis.call('SET', '${P}process:' .. process, '1', 'PX', ARGV[2])
redis.call('SADD', '${P}processes', process)
local i = 4
for _ = 1, users do
  redis.call('HSET', '${P}sockets:' .. ARGV[i], process, ARGV[i + 1])
  i = i + 2
end
while i <= #ARGV do
  admit(ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], process)
  i = i + 4
end
return 1
`;

/** How often a process renews its heartbeat, and how long one lasts without renewal. */
const HEARTBEAT_MS = 5_000;
const HEARTBEAT_TTL_MS = 20_000;

/**
 * PresenceStore in Redis, shared by every signal-server process. Socket counts are kept per process under a
 * heartbeat, so the sockets of a process that died stop counting (the person is offline, their cap free) once its
 * heartbeat expires.
 */
export class RedisPresenceStore implements PresenceStore {
  readonly #redis: Redis;
  readonly #process = randomUUID();
  readonly #heartbeat: NodeJS.Timeout;

  constructor(redis: Redis) {
    this.#redis = redis;
    const beat = () => {
      // Redis away: the next beat (or the reconnection) renews it.
      this.#redis
        .multi()
        .set(`${P}process:${this.#process}`, '1', 'PX', HEARTBEAT_TTL_MS)
        .sadd(`${P}processes`, this.#process)
        .exec()
        .catch(() => undefined);
    };
    beat();
    this.#heartbeat = setInterval(beat, HEARTBEAT_MS);
    this.#heartbeat.unref();
  }

  /** Stops the heartbeat and gives up this process's socket counts at once. */
  async close(): Promise<void> {
    clearInterval(this.#heartbeat);
    await this.#redis.del(`${P}process:${this.#process}`);
  }

  async joinPeer(roomId: RoomId, member: Member, caps: RoomCaps): Promise<JoinPeerResult> {
    const { peerId, user } = member;
    const args = [
      peerId,
      JSON.stringify(member),
      user.username,
      caps.people,
      caps.tabsPerPerson,
      roomId,
      this.#process,
    ];
    const result = (await this.#run(JOIN, roomKeys(roomId), args)) as string;
    if (result === 'full' || result === 'too-many-tabs') return result;
    return { peersBefore: JSON.parse(result) as Member[] };
  }

  async leavePeer(roomId: RoomId, peerId: PeerId): Promise<{ member: Member; personStillHere: boolean } | undefined> {
    const result = (await this.#run(LEAVE, roomKeys(roomId), [peerId, roomId])) as string | null;
    if (!result) return undefined;
    const [json, still] = JSON.parse(result) as [string, number];
    return { member: JSON.parse(json) as Member, personStillHere: still === 1 };
  }

  async peers(roomId: RoomId): Promise<Member[]> {
    return parseAll(await this.#run(PEERS, roomKeys(roomId), []));
  }

  async peer(roomId: RoomId, peerId: PeerId): Promise<Member | undefined> {
    const json = await this.#redis.hget(`${P}room:${roomId}`, peerId);
    return json ? (JSON.parse(json) as Member) : undefined;
  }

  roomsOfPeer(peerId: PeerId): Promise<RoomId[]> {
    return this.#redis.smembers(`${P}peer-rooms:${peerId}`);
  }

  async clearRoom(roomId: RoomId): Promise<Member[]> {
    return parseAll(await this.#run(CLEAR, roomKeys(roomId), [roomId]));
  }

  async updateUser(user: UserSummary): Promise<RoomId[]> {
    return (await this.#run(UPDATE_USER, [], [user.username, JSON.stringify(user)])) as RoomId[];
  }

  async connected(username: string, cap: number): Promise<boolean> {
    return (await this.#run(CONNECT, [socketsKey(username)], [this.#process, cap])) === 1;
  }

  async disconnected(username: string): Promise<void> {
    await this.#run(DISCONNECT, [socketsKey(username)], [this.#process]);
  }

  async isOnline(username: string): Promise<boolean> {
    return ((await this.#run(ONLINE, [socketsKey(username)], [this.#process])) as number) > 0;
  }

  async orphans(): Promise<{ roomId: RoomId; peerId: PeerId }[]> {
    const entries = (await this.#run(ORPHANS, [], [this.#process])) as string[];
    return entries.map((entry) => {
      const [roomId = '', peerId = ''] = entry.split('\n');
      return { roomId, peerId };
    });
  }

  async restore({ sockets, peers }: Holdings): Promise<void> {
    const args: (string | number)[] = [this.#process, HEARTBEAT_TTL_MS, sockets.size];
    for (const [username, count] of sockets) args.push(username, count);
    for (const { roomId, member } of peers)
      args.push(roomId, member.peerId, member.user.username, JSON.stringify(member));
    await this.#run(RESTORE, [], args);
  }

  #run(script: string, keys: string[], args: (string | number)[]): Promise<unknown> {
    return this.#redis.eval(script, keys.length, ...keys, ...args);
  }
}

const roomKeys = (roomId: RoomId) => [`${P}room:${roomId}`, `${P}order:${roomId}`];
const socketsKey = (username: string) => `${P}sockets:${username}`;
const parseAll = (jsons: unknown) => (jsons as string[]).map((json) => JSON.parse(json) as Member);
