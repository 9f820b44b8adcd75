/**
 * A random 128-bit id as 32 hex digits. `crypto.randomUUID` exists only in secure contexts (https, localhost), and
 * Dialog is also served over plain http on a LAN address; `getRandomValues` works everywhere.
 */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * This tab's id: kept in sessionStorage, so it survives reloads of the tab and differs between tabs (a duplicated
 * tab starts with a copy of it, which only means the two share a kept conversation). Random per load where
 * storage is refused.
 */
export function tabId(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.sessionStorage): string {
  try {
    const kept = storage?.getItem('dialog.tab');
    if (kept) return kept;
    const id = randomId();
    storage?.setItem('dialog.tab', id);
    return id;
  } catch (err) {
    console.warn('dialog: this tab has no storage; a reload starts its conversations afresh', err);
    return randomId();
  }
}
