import '../../../web/components/message-list.ts';
import type { MessageList } from '../../../web/components/message-list.ts';
import { benchText, now } from './timed-conversation.ts';

type ConversationEntry = MessageList['entries'][number];

/**
 * What the app's `<message-list>` costs to show one more message when it already holds `size`, fed the whole
 * conversation as `room-page` feeds it: ms from setting `entries` to Lit's update being complete, `samples` times.
 */
export async function messageListCost(size: number, samples: number): Promise<number[]> {
  const list = document.createElement('message-list');
  list.style.cssText = 'display:block;height:400px';
  document.body.append(list);
  const author = { username: 'bench', displayName: 'Bench', avatarUrl: null };
  const entry = (i: number): ConversationEntry => ({
    kind: 'chat',
    id: `cost-${i}`,
    author,
    authorPeerId: 'peer',
    own: false,
    text: benchText(i),
    sentAt: Date.now(),
    sentTo: [],
    deliveredTo: [],
  });
  let entries = Array.from({ length: size }, (_, i) => entry(i));
  list.entries = entries;
  await list.updateComplete;
  const costs: number[] = [];
  for (let i = 0; i < samples; i++) {
    entries = [...entries.slice(1), entry(size + i)]; // a moving window keeps the size fixed
    const started = now();
    list.entries = [...entries];
    await list.updateComplete;
    costs.push(now() - started);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  list.remove();
  return costs;
}
