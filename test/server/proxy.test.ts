import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { io as connect } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { cookieOf, PASSWORD, startTestServer, type TestServer } from '../support/server.ts';

/** A made-up address, different on every call. */
const randomIp = () => `${randomInt(1, 224)}.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

/** Outcome of a socket handshake: 'connected' or the refusal's code. */
function handshake(url: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(url, {
      auth: { protocol: PROTOCOL_VERSION },
      extraHeaders: headers,
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    socket.once('connect', () => {
      socket.disconnect();
      resolve('connected');
    });
    socket.once('connect_error', (err: Error & { data?: { code: string } }) => resolve(err.data?.code ?? err.message));
  });
}

describe('behind a reverse proxy (TRUST_PROXY)', () => {
  const FAILURES_PER_IP = 10;
  let server: TestServer;
  before(async () => {
    server = await startTestServer({
      trustProxy: true,
      authRateLimits: { registrationsPerIp: 1000, failuresPerIp: FAILURES_PER_IP, failuresPerUserAndIp: 1000 },
    });
  });
  after(() => server.stop());

  /** A failed login (an unknown person) as seen through the proxy with this X-Forwarded-For. */
  const badLogin = (forwardedFor: string, i: number) =>
    server.api('/api/auth/login', {
      body: { username: `nobody-${i}`, password: 'guessing-wrong' },
      headers: { 'X-Forwarded-For': forwardedFor },
    });

  it('throttles a client that sends its own X-Forwarded-For: 60 bad logins with random leftmost addresses', async () => {
    const client = randomIp(); // what the proxy appends: the real peer address
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await badLogin(`${randomIp()}, ${client}`, i)).status);
    const throttled = statuses.filter((s) => s === 429).length;
    console.log(`# spoofed leftmost X-Forwarded-For: ${throttled} of 60 bad logins throttled`);
    assert.deepEqual(
      statuses,
      statuses.map((_, i) => (i < FAILURES_PER_IP ? 401 : 429)),
    );
  });

  it('keys the limit on the address the proxy appended, so another client is not throttled', async () => {
    const client = randomIp();
    for (let i = 0; i < FAILURES_PER_IP; i++) assert.equal((await badLogin(`${randomIp()}, ${client}`, i)).status, 401);
    assert.equal((await badLogin(client, 99)).status, 429, 'the same client, with no header of its own');
    assert.equal((await badLogin(`${client}, ${randomIp()}`, 100)).status, 401, 'another client sending that address');
  });

  it('accepts a socket from an HTTPS page when the proxy says X-Forwarded-Proto: https', async () => {
    const host = new URL(server.url).host;
    const headers = { Origin: `https://${host}`, 'X-Forwarded-Proto': 'https' };
    const res = await server.api('/api/auth/register', { body: { username: 'proxied', password: PASSWORD }, headers });
    assert.equal(res.status, 201, 'the HTTP side accepts the page');
    const cookie = cookieOf(res);
    assert.equal(await handshake(server.url, { ...headers, Cookie: cookie }), 'connected');
    assert.equal(await handshake(server.url, { Origin: `https://${host}`, Cookie: cookie }), 'FORBIDDEN');
    const forwardedHost = { Origin: 'https://chat.example.org', 'X-Forwarded-Host': 'chat.example.org' };
    assert.equal(await handshake(server.url, { ...headers, ...forwardedHost, Cookie: cookie }), 'connected');
  });
});

describe('behind two proxies (TRUST_PROXY_HOPS=2)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({
      trustProxy: true,
      trustProxyHops: 2,
      authRateLimits: { registrationsPerIp: 1000, failuresPerIp: 3, failuresPerUserAndIp: 1000 },
    });
  });
  after(() => server.stop());

  it('reads the client address two entries from the right', async () => {
    const client = randomIp();
    const edge = randomIp();
    const login = (forwardedFor: string, i: number) =>
      server.api('/api/auth/login', {
        body: { username: `nobody-${i}`, password: 'guessing-wrong' },
        headers: { 'X-Forwarded-For': forwardedFor },
      });
    for (let i = 0; i < 3; i++) assert.equal((await login(`${randomIp()}, ${client}, ${edge}`, i)).status, 401);
    assert.equal((await login(`${client}, ${randomIp()}`, 3)).status, 429, 'same client through another edge proxy');
    assert.equal((await login(`${randomIp()}, ${edge}`, 4)).status, 401, 'another client through the same edge');
  });
});

describe('without TRUST_PROXY', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.stop());

  it('ignores X-Forwarded-Proto at the socket, as over HTTP', async () => {
    const cookie = await server.register('direct');
    const host = new URL(server.url).host;
    const forged = { Origin: `https://${host}`, 'X-Forwarded-Proto': 'https', Cookie: cookie };
    assert.equal(await handshake(server.url, forged), 'FORBIDDEN');
    assert.equal(await handshake(server.url, { Origin: server.url, Cookie: cookie }), 'connected');
  });
});
