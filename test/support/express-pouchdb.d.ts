/** The part of express-pouchdb (which ships no types) the tests use: an Express app serving CouchDB's HTTP API. */
declare module 'express-pouchdb' {
  import type { Server } from 'node:http';

  interface Options {
    mode?: 'fullCouchDB' | 'minimumForPouchDB' | 'custom';
    overrideMode?: { include?: string[]; exclude?: string[] };
    inMemoryConfig?: boolean;
    logPath?: string;
  }
  export default function expressPouchDB(
    pouch: unknown,
    options?: Options,
  ): { listen(port: number, host: string): Server };
}
