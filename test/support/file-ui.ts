import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { personRow } from './room-ui.ts';

/** How long a file may take to arrive (a loaded machine moves bytes slowly). */
export const FILE_TIMEOUT = 120_000;

/** A file as a test hands it to the page's file chooser: in memory, or (large ones) by path. */
export type TestFile = { name: string; mimeType: string; buffer: Buffer } | string;

/** Chooses `file` with the composer's "Attach files" button: it goes to the whole room. */
export async function shareFile(page: Page, file: TestFile): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Attach files' }).click();
  await (await chooser).setFiles(file);
}

/** Opens `name`'s personal-message form and sends them `file` from it: it goes to that person only. */
export async function sendFileTo(page: Page, name: string, file: TestFile): Promise<void> {
  const form = page.getByRole('form', { name: `Personal message to ${name}` });
  if (!(await form.isVisible())) await personRow(page, name).getByRole('button').first().click();
  const chooser = page.waitForEvent('filechooser');
  await form.getByRole('button', { name: `Send ${name} a file` }).click();
  await (await chooser).setFiles(file);
}

/** The card of the file named `name` in the room's file list. */
export function fileCard(page: Page, name: string) {
  return page.getByRole('list', { name: 'Files' }).getByRole('listitem', { name, exact: true });
}

/** Waits until the card of `name` says `status`. */
export async function fileSays(page: Page, name: string, status: string | RegExp): Promise<void> {
  await fileCard(page, name).getByRole('status').filter({ hasText: status }).waitFor({ timeout: FILE_TIMEOUT });
}

/** Presses the card's Save and hashes what the browser downloads: the bytes a person would get. */
export async function savedSha256(page: Page, name: string): Promise<{ sha256: string; filename: string }> {
  const download = page.waitForEvent('download');
  await fileCard(page, name)
    .getByRole('link', { name: `Save ${name}` })
    .click();
  const saved = await download;
  const hash = createHash('sha256');
  for await (const chunk of await saved.createReadStream()) hash.update(chunk as Uint8Array);
  return { sha256: hash.digest('hex'), filename: saved.suggestedFilename() };
}

/** SHA-256 in hex of bytes held in memory (a Buffer or any view). */
export function sha256(bytes: ArrayBufferView): string {
  return createHash('sha256')
    .update(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    .digest('hex');
}

/** How far the progress bar named `label` is, 0 to 1 (0 when not shown). */
export async function progress(page: Page, label: string): Promise<number> {
  const bar = page.getByRole('progressbar', { name: label });
  if (!(await bar.count())) return 0;
  return bar.evaluate((p: HTMLProgressElement) => p.value / p.max).catch(() => 0);
}

/**
 * Starts noting every progress bar the page shows (by accessible name, the furthest it got), however briefly: a
 * small file can come and go between two of a test's looks. Read with `progressSeen`.
 */
export async function watchProgress(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const seen = (window.__progressSeen = {});
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.shadowRoot) walk(el.shadowRoot);
        if (el.tagName !== 'PROGRESS') continue;
        const name = el.getAttribute('aria-label');
        seen[name] = Math.max(seen[name] ?? 0, el.value / el.max);
      }
    };
    const tick = () => { walk(document); setTimeout(tick, 5); };
    tick();
  })()`);
}

/** The progress bars noted since `watchProgress`, by name: the furthest each got (0 to 1). */
export function progressSeen(page: Page): Promise<Record<string, number>> {
  return page.evaluate('window.__progressSeen') as Promise<Record<string, number>>;
}
