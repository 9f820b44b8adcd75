import assert from 'node:assert/strict';
import { type ClientRequest, request as httpRequest, type IncomingMessage } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { AVATAR_LIMITS } from '../../shared/protocol.ts';
import { UploadSlots } from '../../signal-server/profiles/upload-slots.ts';
import { solidPng } from '../support/png.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

type Json = Record<string, any>;
const BOUNDARY = 'dialog-test-boundary';
/** A multipart body whose "avatar" file is `size` bytes: head, file bytes, tail. */
const head = Buffer.from(
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="avatar"; filename="me.png"\r\nContent-Type: image/png\r\n\r\n`,
);
const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);

/** An upload whose body the test sends when it chooses; `response` settles as soon as the server answers. */
function openUpload(url: string, size: number, headers: Record<string, string>) {
  let req: ClientRequest | undefined;
  const response = new Promise<{ status: number; body: Json }>((resolve, reject) => {
    req = httpRequest(`${url}/api/profile/avatar`, {
      method: 'PUT',
      headers: {
        'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`,
        'Content-Length': String(head.length + size + tail.length),
        ...headers,
      },
    });
    req.on('error', reject);
    req.on('response', (res: IncomingMessage) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.flushHeaders();
  });
  const sent = req as unknown as ClientRequest;
  return {
    response,
    /** Sends the file's bytes and ends the body. */
    finish(file: Buffer) {
      sent.write(head);
      sent.write(file);
      sent.end(tail);
    },
    abort: () => sent.destroy(),
  };
}

describe('PUT /api/profile/avatar before the body', () => {
  let server: TestServer;
  let ann: string;
  let bob: string;
  let cat: string;
  before(async () => {
    server = await startTestServer({ avatarUploads: { perPerson: 1, overall: 2 } });
    [ann, bob, cat] = [await server.register('ann'), await server.register('bob'), await server.register('cat')];
  });
  after(() => server.stop());

  it('answers 401 to an anonymous upload without waiting for its 5 MB body', { timeout: 10_000 }, async () => {
    const upload = openUpload(server.url, AVATAR_LIMITS.maxBytes, { Origin: server.url });
    const { status, body } = await upload.response; // no byte of the body has been sent
    upload.abort();
    assert.equal(status, 401);
    assert.equal(body.code, 'UNAUTHENTICATED');
  });

  it('answers 403 to an upload from another origin without waiting for its body', { timeout: 10_000 }, async () => {
    const upload = openUpload(server.url, AVATAR_LIMITS.maxBytes, { Origin: 'https://evil.example', Cookie: ann });
    const { status } = await upload.response;
    upload.abort();
    assert.equal(status, 403);
  });

  it('keeps memory flat under 20 anonymous 5 MB uploads at once', async () => {
    const file = Buffer.alloc(AVATAR_LIMITS.maxBytes, 1);
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const uploads = Array.from({ length: 20 }, () => openUpload(server.url, file.length, { Origin: server.url }));
    for (const upload of uploads) upload.finish(file);
    const answers = await Promise.all(
      uploads.map((u) =>
        u.response.then((r) => {
          peak = Math.max(peak, process.memoryUsage().rss);
          return r.status;
        }),
      ),
    );
    const growthMb = (peak - before) / 1024 / 1024;
    console.log(
      `# RSS growth during 20 anonymous 5 MB uploads (client and server in one process): ${growthMb.toFixed(1)} MB`,
    );
    assert.deepEqual(answers, Array(20).fill(401));
    assert.ok(growthMb < 25, `RSS grew ${growthMb.toFixed(1)} MB`);
  });

  it('refuses a second upload from the same person while the first is in flight, then accepts the next', async () => {
    const first = openUpload(server.url, 0, { Origin: server.url, Cookie: ann });
    await server.api('/api/auth/me', { cookie: ann }); // a round trip: the server has taken the first upload's slot
    const second = openUpload(server.url, 0, { Origin: server.url, Cookie: ann });
    const refused = await second.response;
    second.abort();
    assert.equal(refused.status, 429);
    assert.equal(refused.body.code, 'RATE_LIMITED');

    const picture = solidPng(64, 64, [51, 102, 204]);
    first.finish(Buffer.alloc(0));
    assert.equal((await first.response).status, 400, 'the first (an empty file) is answered');
    const done = openUpload(server.url, picture.length, { Origin: server.url, Cookie: ann });
    done.finish(picture);
    assert.equal((await done.response).status, 200, 'the slot is free again');
  });

  it('refuses an upload when the server already has its overall number in flight', async () => {
    const held = [bob, cat].map((cookie) => openUpload(server.url, 0, { Origin: server.url, Cookie: cookie }));
    await server.api('/api/auth/me', { cookie: bob });
    const third = openUpload(server.url, 0, { Origin: server.url, Cookie: ann });
    const refused = await third.response;
    third.abort();
    assert.equal(refused.status, 429);
    assert.equal(refused.body.code, 'RATE_LIMITED');
    for (const upload of held) upload.finish(Buffer.alloc(0));
    await Promise.all(held.map((u) => u.response));
  });
});

describe('UploadSlots', () => {
  it('counts per person and overall, and frees a slot once however often it is released', () => {
    const slots = new UploadSlots({ perPerson: 1, overall: 2 });
    const a = slots.take('ann');
    assert.equal(typeof a, 'function');
    assert.equal(slots.take('ann'), 'person-busy');
    const b = slots.take('bob');
    assert.equal(typeof b, 'function');
    assert.equal(slots.take('cat'), 'server-busy');
    (a as () => void)();
    (a as () => void)();
    assert.equal(typeof slots.take('cat'), 'function');
    assert.equal(slots.take('dan'), 'server-busy');
  });
});
