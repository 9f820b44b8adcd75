import { type Person, untilTrue } from './browser.ts';
import { elementNamed, meetInRoom, personRow, ROOM_SESSION, TIMEOUT } from './room-ui.ts';
import { RTC_INSTRUMENT } from './rtc-instrument.ts';
import { openRegisteredScene, type Scene } from './scene.ts';

/**
 * A room of three where Ann floods: the scene of test/e2e/flood.test.ts and of the bench's flood figures. Bob's page
 * records its long tasks; Cat sends Bob a personal message while the flood is under way.
 *
 * Instrumentation is written as strings, because tsx would decorate functions with helpers the page lacks.
 * LONG_TASKS records every main-thread task over 50 ms; `__longTasks` is reset around each flood.
 */
const LONG_TASKS = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
`;

/**
 * CLICKS keeps when the browser received each click (the input event's own timestamp, on the epoch clock): a
 * person's click counts from then, not from when a test tool, waiting for a busy page to settle, sent it.
 */
const CLICKS = `
  window.__clicks = [];
  document.addEventListener('click', (e) => window.__clicks.push(performance.timeOrigin + e.timeStamp), true);
`;

/**
 * SHOWN keeps when each line first showed in the page's conversation: the first animation frame after it was added
 * to `<message-list>`'s shadow tree (epoch clock), by text. The test tool's own polling for it (up to half a second
 * apart, and slower still on a busy page) is no part of what a person waits for.
 */
const SHOWN = `
  window.__shown = new Map();
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    if (this.localName === 'message-list')
      new MutationObserver((records) => {
        const added = [];
        for (const r of records) for (const n of r.addedNodes) if (n.localName === 'li') added.push(n);
        if (added.length)
          requestAnimationFrame(() => {
            const at = performance.timeOrigin + performance.now();
            for (const n of added) if (!window.__shown.has(n.textContent)) window.__shown.set(n.textContent, at);
          });
      }).observe(root, { childList: true, subtree: true });
    return root;
  };
`;

/** A page's people list (see `elementNamed`: the conversation is not walked). */
const MEMBER_LIST = elementNamed('member-list');

/** Whether a page's people list marks `name` as sending too fast. */
const marked = (name: string) =>
  `[...(${MEMBER_LIST}?.shadowRoot?.querySelectorAll('li') ?? [])].some((li) =>
    li.textContent.includes(${JSON.stringify(name)}) && li.textContent.includes('sending too fast'))`;

/**
 * Whether a page's people list shows both other people connected: a raw flood gets the flooder's connections closed
 * (`PEER_CUT_OFF_AFTER_DROPPED`), and the next flood waits until they are open again.
 */
const ALL_CONNECTED = `(() => {
  const states = [...(${MEMBER_LIST}?.shadowRoot?.querySelectorAll('li .state') ?? [])];
  return states.length === 3 && states.every((s) => s.matches('.self, .connected'));
})()`;

export const FLOOD = 5000;

/**
 * How a flood is sent: through the app's own send path (which refuses what is over Ann's own send limit and tells
 * her), or as raw frames written into the data channels (a hostile peer: Bob drops what is over his receive limit).
 */
export type FloodKind = 'app' | 'raw';

const FLOODS: Record<FloodKind, { prefix: string; script: string }> = {
  app: {
    prefix: 'flood ',
    script: `{ const s = ${ROOM_SESSION}; for (let i = 0; i < ${FLOOD}; i++) s.send('flood ' + i); }`,
  },
  raw: {
    prefix: 'raw ',
    script: `{
      const frames = [];
      const run = Math.random().toString(36).slice(2);
      for (let i = 0; i < ${FLOOD}; i++)
        frames.push(JSON.stringify({ type: 'chat', id: 'raw-' + run + '-' + i, sentAt: Date.now(), text: 'raw ' + i }));
      for (const channel of window.__rtc.channels.filter((c) => c.readyState === 'open' && c.label !== 'dialog-files'))
        for (const frame of frames) channel.send(frame);
    }`,
  },
};

export interface FloodFigures {
  /** From Cat pressing Send to the first frame Bob's page showed her personal message in (ms). */
  latency: number;
  /** Bob's longest main-thread task while it lasted (ms; 0 if none over 50 ms) and how many went over 50 ms. */
  longest: number;
  longTasks: number;
  /** Flood lines Bob kept (the rest were dropped as over Ann's limit). */
  kept: number;
  /** Flood lines that left Ann's page: those her page took (app), or every frame written (raw). */
  sent: number;
}

export class FloodRoom {
  readonly scene: Scene;
  readonly ann: Person;
  readonly bob: Person;
  readonly cat: Person;
  #round = 0;

  private constructor(scene: Scene) {
    this.scene = scene;
    [this.ann, this.bob, this.cat] = scene.people as [Person, Person, Person];
  }

  /** Ann, Bob and Cat registered, in one room, every pair connected. */
  static async open(): Promise<FloodRoom> {
    const room = new FloodRoom(
      await openRegisteredScene(['ann', 'bob', 'cat'], {
        scripts: { ann: [RTC_INSTRUMENT], bob: [LONG_TASKS, SHOWN], cat: [CLICKS] },
      }),
    );
    const { ann, bob, cat } = room;
    await meetInRoom('Flood', { ann, bob, cat });
    return room;
  }

  close(): Promise<void> {
    return this.scene.close();
  }

  /** Cat's personal message to Bob with no flood: the baseline. */
  async calm(): Promise<FloodFigures> {
    await this.#resetLongTasks();
    const latency = await this.#personal(`calm ${++this.#round}`, async () => {});
    return { latency, ...(await this.#longestTask()), kept: 0, sent: 0 };
  }

  /**
   * Ann floods (the app's send path, or raw frames as a hostile peer would) while Cat sends Bob a personal message;
   * returns once the flood was noticed and the notice has cleared again: Ann's page telling her she sends too fast
   * (app), or Bob's marking her as sending too fast (raw).
   */
  async flood(kind: FloodKind): Promise<FloodFigures> {
    const { prefix, script } = FLOODS[kind];
    for (const person of [this.ann, this.bob, this.cat])
      await untilTrue(person.page, ALL_CONNECTED, { timeout: 60_000, every: 200 });
    const before = await this.#linesStarting(this.bob, prefix);
    const sentBefore = await this.#linesStarting(this.ann, prefix);
    await this.#resetLongTasks();
    const alert = this.ann.page.getByRole('alert').filter({ hasText: 'You are sending faster' });
    const told = (shown: boolean) =>
      kind === 'app'
        ? alert.waitFor({ state: shown ? 'visible' : 'detached', timeout: 60_000 })
        : untilTrue(this.bob.page, `${shown ? '' : '!'}${marked('ann')}`, { timeout: 60_000, every: 200 });
    // Watched from the start: on a busy machine the personal message may show after the notice came and went.
    const [latency] = await Promise.all([
      this.#personal(`Bob, are you still there? (${kind} flood ${++this.#round})`, () =>
        this.ann.page.evaluate(script),
      ),
      told(true),
    ]);
    await told(false);
    const tasks = await this.#longestTask();
    const sent = kind === 'app' ? (await this.#linesStarting(this.ann, prefix)) - sentBefore : FLOOD;
    // Lines still on their way to Bob's list (a busy page) are counted once there, for a while.
    let kept = 0;
    for (let tries = 0; tries < 40; tries++) {
      kept = (await this.#linesStarting(this.bob, prefix)) - before;
      if (kept >= sent || kind === 'raw') break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return { latency, ...tasks, kept, sent };
  }

  /**
   * Cat's personal message to Bob, sent once `during` has run; how long Bob took to show it (ms): from when Cat's
   * browser received her click on Send to the first frame Bob's page showed it in.
   */
  async #personal(text: string, during: () => Promise<unknown>): Promise<number> {
    const { bob, cat } = this;
    await personRow(cat.page, 'bob').getByRole('button').click();
    await cat.page.getByRole('textbox', { name: 'Personal message to bob' }).fill(text);
    await during();
    await cat.page.getByRole('button', { name: 'Send to bob' }).click();
    const line = `[...window.__shown].find(([line]) => line.includes(${JSON.stringify(text)}))?.[1]`;
    await untilTrue(bob.page, line, { timeout: TIMEOUT, every: 200 });
    const shownAt = (await bob.page.evaluate(line)) as number;
    const clicks = (await cat.page.evaluate('window.__clicks')) as number[];
    const latency = Math.round(shownAt - (clicks.at(-1) as number));
    await cat.page.getByRole('button', { name: 'Close' }).click();
    return latency;
  }

  async #longestTask(): Promise<{ longest: number; longTasks: number }> {
    const tasks = await this.bob.page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    return { longest: Math.round(Math.max(0, ...tasks)), longTasks: tasks.length };
  }

  async #resetLongTasks(): Promise<void> {
    await this.bob.page.evaluate(() => {
      (window as unknown as { __longTasks: number[] }).__longTasks = [];
    });
  }

  /** How many lines of the person's conversation start with `prefix`. */
  #linesStarting(person: Person, prefix: string): Promise<number> {
    return person.page.evaluate(
      `${ROOM_SESSION}.conversation.filter((e) => e.kind === 'chat' && e.text.startsWith(${JSON.stringify(prefix)})).length`,
    ) as Promise<number>;
  }
}
