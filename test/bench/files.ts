/**
 * File figures: Ann sends Bob one file through the app (hashing, offer, chunks with backpressure, Bob's incremental
 * SHA-256 check) while she also sends a chat message every 50 ms; the same chat messages with no file moving are
 * the baseline. Throughput is the file's size over the time from the offer reaching Bob's page to the file being
 * verified there. Chat latency is from Ann's send (her clock) to the message reaching Bob's mesh (same machine, same
 * clock): the data channels and the pages' main threads, not IndexedDB or rendering.
 */
import { type Person, untilTrue } from '../support/browser.ts';
import { meetInRoom, ROOM_PAGE } from '../support/room-ui.ts';
import { openRegisteredScene } from '../support/scene.ts';
import { sleep, summary } from './stats.ts';

/** The page's services (the room page consumes them). */
const SERVICES = `${ROOM_PAGE}.services`;

/** Bob's page notes each chat message's latency and when the file's offer arrived and when it was verified. */
const WATCH = `(() => {
  const services = ${SERVICES};
  const w = (window.__bench = { chat: [], offeredAt: 0, doneAt: 0 });
  services.room.current.mesh.on('message', ({ message }) => {
    if (message.type === 'chat') w.chat.push(Date.now() - message.sentAt);
  });
  const files = services.files.current;
  files.on('change', () => {
    const t = files.transfers.at(-1);
    if (!t || t.id === w.finished) return;
    if (!w.offeredAt) w.offeredAt = performance.now();
    if (t.state === 'done') (w.doneAt = performance.now()), (w.finished = t.id);
  });
})()`;

/** Ann sends chat messages every 50 ms until told to stop. */
const CHATTER = `(() => {
  const session = ${SERVICES}.room.current;
  let i = 0;
  window.__chatter = setInterval(() => session.send('bench chat ' + i++), 50);
})()`;

export async function fileFigures({ quick }: { quick: boolean }) {
  const megabytes = quick ? 20 : 50;
  const scene = await openRegisteredScene(['ann', 'bob']);
  const [ann, bob] = scene.people as [Person, Person];
  try {
    await meetInRoom('Bench files', { ann, bob });
    await bob.page.evaluate(WATCH);

    await ann.page.evaluate(CHATTER);
    await sleep(quick ? 2000 : 4000);
    await ann.page.evaluate('clearInterval(window.__chatter)');
    await sleep(500);
    const idle = summary((await bob.page.evaluate('window.__bench.chat.splice(0)')) as number[]);

    const alone = await transfer(ann, bob, megabytes, false);
    const chatting = await transfer(ann, bob, megabytes, true);
    return {
      file_megabytes: megabytes * 1.048576,
      file_throughput_mb_s: alone.throughput,
      file_throughput_chatting_mb_s: chatting.throughput,
      chat_latency_idle_ms: idle,
      chat_latency_during_file_ms: chatting.chat,
      chat_latency_ratio_during_file: chatting.chat.p50 / Math.max(1, idle.p50),
    };
  } finally {
    await scene.close();
  }
}

/**
 * Ann sends Bob a file of `megabytes` random MiB (with `chatter`, a chat message every 50 ms while it moves);
 * answers MB/s (offer reaching Bob to verified at Bob) and the chat latency meanwhile.
 */
async function transfer(ann: Person, bob: Person, megabytes: number, chatter: boolean) {
  await bob.page.evaluate('window.__bench.offeredAt = 0; window.__bench.doneAt = 0; window.__bench.chat = []');
  await ann.page.evaluate(`(() => {
    const block = new Uint8Array(1024 * 1024);
    for (let at = 0; at < block.length; at += 65536) crypto.getRandomValues(block.subarray(at, at + 65536));
    const file = new File(Array.from({ length: ${megabytes} }, () => block), 'bench.bin');
    void ${SERVICES}.files.current.send([file]);
  })()`);
  await untilTrue(bob.page, 'window.__bench.offeredAt > 0', { timeout: 120_000, every: 20 });
  if (chatter) await ann.page.evaluate(CHATTER);
  await untilTrue(bob.page, 'window.__bench.doneAt > 0', { timeout: 600_000, every: 20 });
  if (chatter) await ann.page.evaluate('clearInterval(window.__chatter)');
  const { offeredAt, doneAt, chat } = (await bob.page.evaluate('window.__bench')) as {
    offeredAt: number;
    doneAt: number;
    chat: number[];
  };
  return { throughput: (megabytes * 1.048576) / ((doneAt - offeredAt) / 1000), chat: summary(chat) };
}
