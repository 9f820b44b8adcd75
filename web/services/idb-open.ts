import type { DBSchema, IDBPDatabase, OpenDBCallbacks } from 'idb';

/**
 * Opens one of this browser's databases with idb, fetched the first time a store opens one: stores are read only once
 * someone is logged in, so the Log in page does not carry idb.
 */
export async function openDb<T extends DBSchema>(
  name: string,
  version: number,
  callbacks: OpenDBCallbacks<T>,
): Promise<IDBPDatabase<T>> {
  const { openDB } = await import('idb');
  return openDB<T>(name, version, callbacks);
}
