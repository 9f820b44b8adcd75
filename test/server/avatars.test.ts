import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { startTestServer, type TestServer } from '../support/server.ts';

type Json = Record<string, any>;

const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#3366cc' } })
    .png()
    .toBuffer();

describe('avatars', () => {
  let server: TestServer;
  let cookie: string;
  before(async () => {
    server = await startTestServer();
    cookie = await server.register('pictured');
  });
  after(() => server.stop());

  const upload = (data: Buffer | Uint8Array, type = 'image/png', name = 'me.png', who = cookie) => {
    const form = new FormData();
    form.append('avatar', new Blob([Uint8Array.from(data)], { type }), name);
    return fetch(`${server.url}/api/profile/avatar`, {
      method: 'PUT',
      headers: { Origin: server.url, Cookie: who },
      body: form,
    });
  };

  it('re-encodes an upload to a 256×256 WebP without metadata and serves it with an ETag', async () => {
    const withExif = await sharp(await png(800, 600))
      .jpeg()
      .withMetadata({ exif: { IFD0: { Copyright: 'secret-location' } } })
      .toBuffer();
    const res = await upload(withExif, 'image/jpeg', 'me.jpg');
    assert.equal(res.status, 200);
    const { user } = (await res.json()) as Json;
    assert.match(user.avatarUrl, /^\/api\/users\/pictured\/avatar\?v=[0-9a-f]{16}$/);

    const image = await fetch(`${server.url}${user.avatarUrl}`, { headers: { Cookie: cookie } });
    assert.equal(image.status, 200);
    assert.equal(image.headers.get('content-type'), 'image/webp');
    const etag = image.headers.get('etag') ?? '';
    const bytes = Buffer.from(await image.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['webp', 256, 256]);
    assert.equal(meta.exif, undefined);
    assert.equal(bytes.includes('secret-location'), false);

    const again = await fetch(`${server.url}${user.avatarUrl}`, { headers: { Cookie: cookie, 'If-None-Match': etag } });
    assert.equal(again.status, 304);
  });

  it('refuses SVG, non-images and truncated files, keeping the current avatar', async () => {
    const before = (await server.users.get('pictured'))?.avatarTag;
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
    );
    const truncated = (await png(300, 300)).subarray(0, 200);
    for (const [data, type] of [
      [svg, 'image/svg+xml'],
      [Buffer.from('just some text'), 'image/png'],
      [truncated, 'image/png'],
    ] as const) {
      const res = await upload(data, type);
      assert.equal(res.status, 400, type);
      const error = (await res.json()) as Json;
      assert.equal(error.code, 'INVALID');
      assert.ok(error.fields.avatar);
    }
    assert.equal((await server.users.get('pictured'))?.avatarTag, before);
  });

  it('refuses files over 5 MB with 413', async () => {
    const res = await upload(new Uint8Array(5 * 1024 * 1024 + 10), 'image/png');
    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as Json).code, 'TOO_LARGE');
  });

  it('refuses images over 40 megapixels with 413', async () => {
    const huge = await sharp({ create: { width: 8000, height: 5001, channels: 3, background: '#000' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    const res = await upload(huge);
    assert.equal(res.status, 413);
  });

  it('removes the avatar; then the picture is 404 and the profile shows initials', async () => {
    const del = await fetch(`${server.url}/api/profile/avatar`, {
      method: 'DELETE',
      headers: { Origin: server.url, Cookie: cookie },
    });
    assert.equal(del.status, 204);
    assert.equal((await fetch(`${server.url}/api/users/pictured/avatar`, { headers: { Cookie: cookie } })).status, 404);
    const me = (await (await server.api('/api/auth/me', { cookie })).json()) as Json;
    assert.equal(me.user.avatarUrl, null);
  });

  it('requires a session to upload', async () => {
    const res = await upload(await png(10, 10), 'image/png', 'me.png', 'dialog_session=forged');
    assert.equal(res.status, 401);
  });
});
