/** Bytes of a received file held as chunks in page memory before they are folded into a blob. Default 4 MiB. */
const BUFFER_BYTES = 4 * 1024 * 1024;

/**
 * The bytes of a file as they arrive, with at most a bounded buffer of them in page memory: whenever that much has
 * come, it is folded into a blob part. Chromium keeps blob data out of the page (in the browser process, paging
 * large blobs to disk), so a large file never sits in the page's heap whole; the finished file is the blob of its
 * parts. Dropped, nothing of it stays referenced.
 */
export class ReceivedBytes {
  readonly #bufferBytes: number;
  #parts: Blob[] = [];
  #chunks: Uint8Array[] = [];
  #buffered = 0;

  constructor(bufferBytes = BUFFER_BYTES) {
    this.#bufferBytes = bufferBytes;
  }

  /** Takes the next chunk (copied into a blob once the buffer is full: the caller may reuse nothing else of it). */
  push(chunk: Uint8Array): void {
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    if (this.#buffered >= this.#bufferBytes) this.#fold();
  }

  /** Every byte taken, as one blob; the bytes are no longer held here. */
  take(): Blob {
    this.#fold();
    const blob = new Blob(this.#parts);
    this.#parts = [];
    return blob;
  }

  /** Lets go of everything taken (a cancelled or broken transfer keeps nothing). */
  drop(): void {
    this.#parts = [];
    this.#chunks = [];
    this.#buffered = 0;
  }

  #fold(): void {
    if (!this.#chunks.length) return;
    this.#parts.push(new Blob(this.#chunks as BlobPart[]));
    this.#chunks = [];
    this.#buffered = 0;
  }
}
