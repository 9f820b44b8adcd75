/** True when a PouchDB error carries this HTTP-like status (404 missing, 409 conflict). */
export const isStatus = (err: unknown, status: number): boolean => (err as { status?: number })?.status === status;

/**
 * Re-runs a read-modify-write when another write got there first (409 conflict), after a short random pause that
 * grows with each try, so writers racing for one document take turns instead of colliding again.
 */
export async function withRetry<T>(attempt: () => Promise<T>, tries = 12): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (!isStatus(err, 409) || i >= tries) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 2 ** i)));
    }
  }
}

/** `db.get`, with undefined for a missing document. */
export async function getOrUndefined<T extends object>(
  db: PouchDB.Database,
  id: string,
): Promise<(T & PouchDB.Core.GetMeta & PouchDB.Core.IdMeta & PouchDB.Core.RevisionIdMeta) | undefined> {
  try {
    return await db.get<T>(id);
  } catch (err) {
    if (isStatus(err, 404)) return undefined;
    throw err;
  }
}
