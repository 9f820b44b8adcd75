import type { Page } from 'playwright-core';

/**
 * Test instrumentation, not a mock: an init script that keeps every RTCPeerConnection and data channel a page opens,
 * and the text of every data-channel frame it receives, in `window.__rtc`. Tests read from it which connections
 * exist (none created across a server restart), which candidate pair ICE selected, what reached a browser (a
 * personal message never reached a third one), or write raw frames into the channels as a hostile peer would.
 * A string, because tsx would decorate a function with helpers that do not exist in the page.
 */
export const RTC_INSTRUMENT = `
  const rtc = { connections: [], channels: [], frames: [] };
  window.__rtc = rtc;
  const keep = (channel) => {
    rtc.channels.push(channel);
    channel.addEventListener('message', (e) =>
      rtc.frames.push(typeof e.data === 'string' ? e.data : new TextDecoder().decode(e.data)));
  };
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(config) {
      super(config);
      rtc.connections.push(this);
      this.addEventListener('datachannel', (e) => keep(e.channel));
    }
    createDataChannel(label, init) {
      const channel = super.createDataChannel(label, init);
      keep(channel);
      return channel;
    }
  };
`;

/** How many RTCPeerConnections the page has created since it loaded. */
export function peerConnectionCount(page: Page): Promise<number> {
  return page.evaluate('window.__rtc.connections.length') as Promise<number>;
}

/** The text of every data-channel frame the page has received since it loaded. */
export function receivedFrames(page: Page): Promise<string[]> {
  return page.evaluate('window.__rtc.frames') as Promise<string[]>;
}
