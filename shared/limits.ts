/** Sizes both sides agree on. */
export const LIMITS = {
  /** Longest chat message, in characters (UTF-16 code units: an emoji counts 2). */
  messageChars: 4000,
  /**
   * Most bytes a message's text may take inside a data-channel frame (UTF-8 of its JSON string: a control character
   * takes 6, an emoji 4): the frame cap less room for the largest envelope, so a text that fits always encodes.
   */
  messageBytes: 15 * 1024 - 512,
  /** Largest data-channel frame, in bytes of UTF-8 JSON (well under the 16 KiB safe SCTP message size). */
  peerFrameBytes: 15 * 1024,
  /** Largest opaque signal payload (SDP or candidate), in bytes of JSON. */
  signalBytes: 64 * 1024,
  /** Deepest nesting of objects and arrays in a signal payload (WebRTC's are 2 or 3 levels). */
  signalDepth: 8,
  /** Largest socket.io frame the server accepts. */
  socketFrameBytes: 100 * 1024,
  /** Longest display name, in characters. */
  displayNameChars: 50,
  /** Most rooms a lobby list carries (the busiest first); changes after it come one room at a time. */
  lobbyRooms: 100,
  roomNameChars: 60,
  roomTopicChars: 200,
  /** Longest "about" text, in characters. */
  aboutChars: 500,
  usernameMin: 3,
  usernameMax: 32,
  /** bcrypt reads at most 72 bytes. */
  passwordMinBytes: 8,
  passwordMaxBytes: 72,
  /** Longest file name offered to a peer, in characters. */
  fileNameChars: 255,
  /** Default largest file a person sends or takes (each side may set its own, up to `fileBytesCap`). */
  fileBytes: 100_000_000,
  /** No offer may declare more (a receiver holds a file in memory until it is verified). */
  fileBytesCap: 2 * 1024 * 1024 * 1024,
} as const;
