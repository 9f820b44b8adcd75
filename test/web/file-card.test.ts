import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { AttachFilesEvent, FileCancelEvent } from '../../web/components/events.ts';
import '../../web/components/file-card.ts';
import '../../web/components/message-composer.ts';
import type { FileCard } from '../../web/components/file-card.ts';
import type { MessageComposer } from '../../web/components/message-composer.ts';
import type { Transfer } from '../../web/services/file-transfer.ts';

const base: Transfer = {
  id: '0123456789abcdef0123456789abcdef',
  direction: 'in',
  name: 'drawing.svg',
  size: 120,
  mime: 'image/svg+xml',
  person: { username: 'ann', displayName: 'Ann', avatarUrl: null },
  personal: false,
  state: 'done',
  moved: 120,
  total: 120,
  status: 'From Ann',
  url: 'blob:http://localhost/x',
};

const card = (transfer: Transfer) => fixture<FileCard>(html`<file-card .transfer=${transfer}></file-card>`);
const inside = (el: Element) => el.shadowRoot as ShadowRoot;

describe('file-card', () => {
  it('shows a file that is no picture by its bytes as a card with Save, whatever its declared type', async () => {
    const el = await card(base);
    expect(inside(el).querySelector('img')).to.equal(null);
    const save = inside(el).querySelector('a[download]') as HTMLAnchorElement;
    expect(save.getAttribute('download')).to.equal('drawing.svg');
    expect(save.getAttribute('aria-label')).to.equal('Save drawing.svg');
    expect(inside(el).textContent).to.contain('image/svg+xml');
  });

  it('previews a picture told by its bytes in an img named after it', async () => {
    const el = await card({ ...base, name: 'red.png', picture: 'png' });
    const img = inside(el).querySelector('img') as HTMLImageElement;
    expect(img.getAttribute('alt')).to.equal('Picture red.png');
    expect(img.getAttribute('src')).to.equal(base.url);
  });

  it('shows a named progress bar with speed and time left while it moves, and Cancel asks to stop it', async () => {
    const el = await card({
      ...base,
      state: 'receiving',
      moved: 60,
      bytesPerSecond: 2_000_000,
      secondsLeft: 3.2,
      url: undefined,
    });
    const bar = inside(el).querySelector('progress') as HTMLProgressElement;
    expect(bar.getAttribute('aria-label')).to.equal('Receiving drawing.svg');
    expect(bar.value / bar.max).to.equal(0.5);
    expect(inside(el).textContent).to.contain('50% · 2.0 MB/s · 4 s left');
    expect(inside(el).querySelector('a[download]')).to.equal(null);
    const cancel = oneEvent(el, 'file-cancel') as Promise<FileCancelEvent>;
    (inside(el).querySelector('button[aria-label="Cancel drawing.svg"]') as HTMLButtonElement).click();
    expect((await cancel).id).to.equal(base.id);
  });
});

describe('message-composer: pasting files', () => {
  it('attaches pasted files instead of inserting text', async () => {
    const composer = await fixture<MessageComposer>(html`<message-composer></message-composer>`);
    const box = inside(composer).querySelector('textarea') as HTMLTextAreaElement;
    const data = new DataTransfer();
    data.items.add(new File(['png bytes'], 'pasted.png', { type: 'image/png' }));
    const attached = oneEvent(composer, 'attach-files') as Promise<AttachFilesEvent>;
    const paste = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
    box.dispatchEvent(paste);
    const event = await attached;
    expect(event.files.map((f) => f.name)).to.deep.equal(['pasted.png']);
    expect(event.to).to.equal(undefined);
    expect(paste.defaultPrevented).to.equal(true);
  });
});
