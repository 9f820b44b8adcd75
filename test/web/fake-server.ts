import { ContextProvider } from '@lit/context';
import { fixture, html } from '@open-wc/testing';
import { type LitElement, render, type TemplateResult } from 'lit';
import type { SelfUser } from '../../shared/protocol.ts';
import { servicesContext } from '../../web/context.ts';
import { createServices as createAppServices, type Services } from '../../web/services/services.ts';
import { checkHttpAnswer } from '../support/wire-check.ts';

/** One request the page made, as the fake server saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: Headers;
  body: BodyInit | null | undefined;
}

type Answer = (request: SeenRequest) => Response | Promise<Response>;

/**
 * Stands in for the signal server's HTTP API by replacing `window.fetch`. This is the only mock in the web tests:
 * everything above fetch (api client, services, components) is the real code. Every answer is checked against its
 * route in the wire table: one that drifts is thrown to the page and again by `restore()`, which each test calls
 * after it, so the test fails.
 */
export function fakeServer(answer: Answer): { requests: SeenRequest[]; restore: () => void } {
  const original = window.fetch;
  const requests: SeenRequest[] = [];
  const drifts: Error[] = [];
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), location.href);
    const request: SeenRequest = {
      method: init?.method ?? 'GET',
      path: `${url.pathname}${url.search}`,
      headers: new Headers(init?.headers),
      body: init?.body,
    };
    requests.push(request);
    const response = await answer(request);
    const json = response.headers.get('content-type')?.includes('json');
    try {
      checkHttpAnswer(
        request.method,
        request.path,
        response.status,
        json
          ? await response
              .clone()
              .json()
              .catch(() => undefined)
          : undefined,
      );
    } catch (err) {
      drifts.push(err as Error);
      throw err;
    }
    return response;
  };
  const restore = () => {
    window.fetch = original;
    if (drifts.length > 0) throw drifts[0];
  };
  return { requests, restore };
}

/** A JSON answer, e.g. `json(409, { code: 'USERNAME_TAKEN', message: '…' })`. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

/** A logged-in person as `GET /api/auth/me` would describe them. */
export function selfUser(overrides: Partial<SelfUser> = {}): SelfUser {
  return {
    username: 'ann',
    displayName: 'Ann Lee',
    about: '',
    avatarUrl: null,
    online: true,
    email: null,
    isAdmin: false,
    createdAt: '2025-01-01T00:00:00.000Z',
    relayOnly: false,
    ...overrides,
  };
}

/** Renders `template` below a provider of `services`, as the app shell would, and waits for its first render. */
export async function mount<T extends LitElement>(services: Services, template: TemplateResult): Promise<T> {
  const host = await fixture<HTMLDivElement>(html`<div></div>`);
  new ContextProvider(host, { context: servicesContext, initialValue: services });
  render(template, host);
  const element = host.firstElementChild as T;
  await element.updateComplete;
  return element;
}

/**
 * The app's services for component tests: everything real except that no signaling socket is opened. Asking about
 * the relay would open one (to the test runner's own WebSocket server, which stalls every later test file), so the
 * answer is "unknown" unless a test says otherwise.
 */
export const createServices = (): Services => {
  const services = createAppServices({ connectOnLogin: false });
  services.signaling.relayAvailable = async () => undefined;
  return services;
};
