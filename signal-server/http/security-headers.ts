import type { Context, Next } from 'koa';

/**
 * CSP without inline script or eval; WebRTC and socket.io need only same-origin connections. WebAssembly may be
 * compiled (`wasm-unsafe-eval`, no JavaScript eval): files are hashed with a WebAssembly SHA-256.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/** Strict headers on every response: Koa's and socket.io's (its long-polling answers bypass Koa). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

/** Hosts a browser treats as potentially trustworthy over plain http (localhost and loopback addresses). */
function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Koa middleware setting SECURITY_HEADERS, and Cross-Origin-Opener-Policy where a browser honours it (https, or a
 * localhost/loopback host): on `http://<LAN address>` browsers ignore it with a console error on every page.
 */
export async function securityHeaders(ctx: Context, next: Next): Promise<void> {
  ctx.set(SECURITY_HEADERS);
  if (ctx.secure || isLoopbackHost(ctx.hostname)) ctx.set('Cross-Origin-Opener-Policy', 'same-origin');
  await next();
}
