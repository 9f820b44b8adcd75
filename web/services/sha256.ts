/** SHA-256 in WebAssembly, a module of its own: loaded with the first file sent or received, not with the page. */
export { createSHA256 } from 'hash-wasm';
