import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { readConfig } from '../../signal-server/config.ts';

describe('readConfig', () => {
  it('uses the documented defaults', () => {
    assert.deepEqual(readConfig({}), {
      port: 3000,
      host: '127.0.0.1',
      dataDir: resolve('./data'),
      iceServers: [],
      stunUrls: [],
      roomMaxMembers: 16,
      roomMaxTabsPerPerson: 3,
      roomQuota: { openRoomsPerPerson: 5, roomCreatesPerMinute: 5 },
      maxSocketsPerPerson: 10,
      roomGraceMs: 30_000,
      presenceGraceMs: 10_000,
      allowedOrigins: [],
      secureCookies: false,
      trustProxy: false,
      trustProxyHops: 1,
      sourceMaps: false,
      bcryptCost: 12,
      logLevel: 'info',
    });
  });

  it('reads every variable', () => {
    const config = readConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATA_DIR: '/var/lib/dialog',
      ICE_SERVERS: '[{"urls":"stun:stun.example.org"}]',
      ROOM_MAX_MEMBERS: '8',
      ROOM_TABS_PER_PERSON: '2',
      ROOMS_PER_PERSON: '20',
      ROOM_CREATES_PER_MINUTE: '30',
      SOCKETS_PER_PERSON: '4000',
      ALLOWED_ORIGINS: 'https://chat.example.org, https://dialog.example.org',
      COOKIE_SECURE: 'true',
      TRUST_PROXY_HOPS: '2',
      BCRYPT_COST: '13',
      TURN_URLS: 'turn:turn.example.org:3478, turns:turn.example.org:5349?transport=tcp',
      TURN_SECRET: 'a long shared secret',
      TURN_TTL_S: '600',
      STUN_URLS: 'stun:stun.example.org:3478',
      REDIS_URL: 'redis://127.0.0.1:6379',
      COUCHDB_URL: 'http://127.0.0.1:5984',
      LOG_LEVEL: 'warn',
      METRICS_TOKEN: 'a long metrics token',
    });
    assert.equal(config.redisUrl, 'redis://127.0.0.1:6379');
    assert.equal(config.couchUrl, 'http://127.0.0.1:5984');
    assert.deepEqual(config.turn, {
      urls: ['turn:turn.example.org:3478', 'turns:turn.example.org:5349?transport=tcp'],
      secret: 'a long shared secret',
      ttlS: 600,
    });
    assert.deepEqual(config.stunUrls, ['stun:stun.example.org:3478']);
    assert.equal(config.trustProxyHops, 2);
    assert.deepEqual(config.allowedOrigins, ['https://chat.example.org', 'https://dialog.example.org']);
    assert.equal(config.secureCookies, true);
    assert.equal(config.bcryptCost, 13);
    assert.equal(config.port, 8080);
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.dataDir, '/var/lib/dialog');
    assert.deepEqual(config.iceServers, [{ urls: 'stun:stun.example.org' }]);
    assert.equal(config.roomMaxMembers, 8);
    assert.equal(config.roomMaxTabsPerPerson, 2);
    assert.deepEqual(config.roomQuota, { openRoomsPerPerson: 20, roomCreatesPerMinute: 30 });
    assert.equal(config.maxSocketsPerPerson, 4000);
    assert.equal(config.logLevel, 'warn');
    assert.equal(config.metricsToken, 'a long metrics token');
  });

  it('refuses an unknown log level and a short metrics token', () => {
    assert.throws(() => readConfig({ LOG_LEVEL: 'verbose' }), /LOG_LEVEL/);
    assert.throws(() => readConfig({ METRICS_TOKEN: 'short' }), /METRICS_TOKEN.*16/);
  });

  it('refuses a bcrypt cost under 12', () => {
    assert.throws(() => readConfig({ BCRYPT_COST: '8' }), /BCRYPT_COST/);
  });

  it('names every bad variable in one error', () => {
    assert.throws(() => readConfig({ PORT: 'eighty', ICE_SERVERS: '{oops' }), /PORT.*ICE_SERVERS|ICE_SERVERS.*PORT/);
  });

  it('refuses a TURN URL that is not turn:/turns:, in one sentence naming it', () => {
    const secret = 'a long shared secret';
    for (const bad of ['http://turn.example.org', 'turn:', 'stun:turn.example.org', 'turn:has space.org']) {
      assert.throws(
        () => readConfig({ TURN_URLS: bad, TURN_SECRET: secret }),
        (err: Error) => err.message.startsWith('Bad configuration: TURN_URLS:') && err.message.includes('turn:'),
      );
    }
    assert.throws(() => readConfig({ STUN_URLS: 'turn:x.org' }), /STUN_URLS/);
    assert.equal(readConfig({ TURN_URLS: 'turn:[2001:db8::1]:3478', TURN_SECRET: secret }).turn?.urls.length, 1);
  });

  it('refuses TURN_URLS without TURN_SECRET, and a secret without URLs', () => {
    assert.throws(() => readConfig({ TURN_URLS: 'turn:turn.example.org' }), /TURN_URLS is set but TURN_SECRET is not/);
    assert.throws(() => readConfig({ TURN_SECRET: 'a long shared secret' }), /TURN_SECRET is set but TURN_URLS/);
    assert.equal(readConfig({}).turn, undefined);
  });
});
