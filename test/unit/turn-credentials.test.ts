import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { iceServersFor, turnCredential } from '../../signal-server/signaling/ice-servers.ts';

const SECRET = 'north wind blows over the hill';

describe('turnCredential', () => {
  it('matches coturn REST credentials computed elsewhere (openssl dgst -sha1 -hmac … | base64)', () => {
    // echo -n "1700000000:ann" | openssl dgst -sha1 -hmac "north wind blows over the hill" -binary | base64
    assert.deepEqual(turnCredential(SECRET, 'ann', 1_700_000_000), {
      username: '1700000000:ann',
      credential: 'h2LWfU6oerpyxJu2rRw9C8KpdjU=',
    });
  });

  it('is base64(HMAC-SHA1(secret, "<expiry>:<username>")) for any name', () => {
    for (const [name, expiry] of [
      ['bob', 1],
      ['zoë_o-k', 2_000_000_000],
    ] as const) {
      const expected = createHmac('sha1', SECRET).update(`${expiry}:${name}`).digest('base64');
      assert.equal(turnCredential(SECRET, name, expiry).credential, expected);
    }
  });
});

describe('iceServersFor', () => {
  const now = Date.UTC(2026, 0, 1);
  const turn = { urls: ['turn:relay.example.org:3478', 'turns:relay.example.org:5349'], secret: SECRET };

  it('hands out TURN with an expiry TTL seconds ahead (default 3600), after static and STUN entries', () => {
    const servers = iceServersFor(
      { static: [{ urls: 'stun:static.example.org' }], stunUrls: ['stun:stun.example.org'], turn },
      'ann',
      now,
    );
    assert.equal(servers.length, 3);
    assert.deepEqual(servers.slice(0, 2), [{ urls: 'stun:static.example.org' }, { urls: ['stun:stun.example.org'] }]);
    const relay = servers[2];
    assert.deepEqual(relay?.urls, turn.urls);
    assert.equal(relay?.username, `${now / 1000 + 3600}:ann`);
    const short = iceServersFor({ turn: { ...turn, ttlS: 60 } }, 'ann', now)[0];
    assert.equal(short?.username, `${now / 1000 + 60}:ann`);
  });

  it('never carries the secret', () => {
    const text = JSON.stringify(iceServersFor({ turn }, 'ann', now));
    assert.equal(text.includes(SECRET), false);
  });
});
