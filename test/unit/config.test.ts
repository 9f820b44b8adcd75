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
    });
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
  });

  it('refuses a bcrypt cost under 12', () => {
    assert.throws(() => readConfig({ BCRYPT_COST: '8' }), /BCRYPT_COST/);
  });

  it('names every bad variable in one error', () => {
    assert.throws(() => readConfig({ PORT: 'eighty', ICE_SERVERS: '{oops' }), /PORT.*ICE_SERVERS|ICE_SERVERS.*PORT/);
  });
});
