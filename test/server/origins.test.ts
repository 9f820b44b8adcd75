import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io as connect } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { PASSWORD, startTestServer, type TestServer } from '../support/server.ts';

describe('configured origins and HTTPS', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({
      allowedOrigins: ['https://chat.example.org'],
      secureCookies: true,
      trustProxy: true,
    });
  });
  after(() => server.stop());

  const register = (username: string, origin: string) =>
    server.api('/api/auth/register', {
      body: { username, password: PASSWORD },
      headers: { Origin: origin, 'X-Forwarded-Proto': 'https' },
    });

  it('accepts a listed origin and marks the cookie Secure behind an HTTPS proxy', async () => {
    const res = await register('listed', 'https://chat.example.org');
    assert.equal(res.status, 201);
    assert.match(res.headers.getSetCookie().join(';'), /;\s*secure/i);
  });

  it('refuses an origin that is not listed', async () => {
    const res = await register('unlisted', 'https://other.example.org');
    assert.equal(res.status, 403);
  });

  it('applies the same list to sockets', async () => {
    const res = await register('socketeer', 'https://chat.example.org');
    const cookie = (res.headers.getSetCookie()[0] ?? '').split(';')[0] as string;
    const attempt = (origin: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(server.url, {
          auth: { protocol: PROTOCOL_VERSION },
          extraHeaders: { Origin: origin, Cookie: cookie },
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
        });
        socket.once('connect', () => {
          socket.disconnect();
          resolve('connected');
        });
        socket.once('connect_error', (err: Error & { data?: { code: string } }) => resolve(err.data?.code ?? 'error'));
      });
    assert.equal(await attempt('https://chat.example.org'), 'connected');
    assert.equal(await attempt('https://other.example.org'), 'FORBIDDEN');
  });
});
