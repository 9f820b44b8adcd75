import type { RoomEvent, ServerEvent, ServerListeners } from '../../shared/protocol.ts';
import { AdminService } from './admin-service.ts';
import { Alerts } from './alerts.ts';
import { ApiClient } from './api-client.ts';
import { Attention } from './attention.ts';
import { BlockService } from './block-service.ts';
import { CodeLoader } from './code-loader.ts';
import type { ConversationNotes } from './conversation-notes.ts';
import { ConversationsService } from './conversations-service.ts';
import { CurrentRoom } from './current-room.ts';
import { DeviceData } from './device-data.ts';
import { FileService } from './file-service.ts';
import type { FileStore } from './file-store.ts';
import type { HistoryStore } from './history-store.ts';
import { InvitationInbox } from './invitation-inbox.ts';
import { lazyStore } from './lazy-store.ts';
import { LobbyFeed } from './lobby-feed.ts';
import type { OutboxStore } from './outbox-store.ts';
import { PeopleService } from './people-service.ts';
import { PresenceFeed } from './presence-feed.ts';
import { ProfileService } from './profile-service.ts';
import { tabId } from './random-id.ts';
import { RoomsService } from './rooms-service.ts';
import { Router } from './router.ts';
import { SessionService } from './session-service.ts';
import { SignalingConnection } from './signaling-connection.ts';

/** Every browser service, created once at boot and handed to components through `servicesContext`. */
export interface Services {
  api: ApiClient;
  router: Router;
  session: SessionService;
  people: PeopleService;
  profile: ProfileService;
  admin: AdminService;
  /** Creating, changing and deleting rooms; opening private conversations. */
  rooms: RoomsService;
  /** The logged-in person's socket to the signal server. */
  signaling: SignalingConnection;
  /** Who comes online and goes offline. */
  presence: PresenceFeed;
  /** The open rooms, live while the lobby shows them. */
  lobby: LobbyFeed;
  /** Invitations into rooms and conversations. */
  invites: InvitationInbox;
  /** The room this tab is in. */
  room: CurrentRoom;
  /** Whom the logged-in person has blocked. */
  blocks: BlockService;
  /** Unread messages in the open room while the person looks elsewhere. */
  attention: Attention;
  /** The person's private conversations, with what this browser noted of each. */
  conversations: ConversationsService;
  /** Desktop notifications, the sound and muted rooms. */
  alerts: Alerts;
  /** Files shared in the open room, and whose files this person refuses. */
  files: FileService;
  /** What this browser keeps of people's conversations, to forget on logging out. */
  device: DeviceData;
  /** The code fetched on demand (the room's, the pages seldom opened), and whether fetching it failed. */
  code: CodeLoader;
}

export interface ServicesOptions {
  /** Open the signaling socket and read the block list as soon as someone is logged in. Default true; component
   * tests turn it off. */
  connectOnLogin?: boolean;
}

/** Wires the services together. Nothing talks to the network until `session.load()` or a page asks. */
export function createServices(options: ServicesOptions = {}): Services {
  const api = new ApiClient();
  const session = new SessionService(api);
  const router = new Router();
  const code = new CodeLoader();
  const blocks = new BlockService(api, session, { loadOnLogin: options.connectOnLogin });
  // The stores' code comes with the first use of one (see stores.ts).
  const stores = code.module(() => import('./stores.ts'));
  const history = lazyStore<HistoryStore>(() => stores.load().then((m) => new m.IdbHistoryStore({ tabId: tabId() })));
  const outbox = lazyStore<OutboxStore>(() => stores.load().then((m) => new m.IdbOutboxStore()));
  const notes = lazyStore<ConversationNotes>(() => stores.load().then((m) => new m.IdbConversationNotes()));
  const files = lazyStore<FileStore>(() => stores.load().then((m) => new m.IdbFileStore()));
  const signaling = new SignalingConnection(session, {
    connectOnLogin: options.connectOnLogin,
    code: code.module(() => import('./signaling-client.ts')),
  });
  const presence = new PresenceFeed(signaling);
  const lobby = new LobbyFeed(signaling);
  const invites = new InvitationInbox(() => room.current?.roomId);
  const room = new CurrentRoom(signaling, session, invites, {
    history,
    blocked: (username) => blocks.has(username),
    outbox,
    code: code.module(() => import('./room-code.ts')),
  });
  signaling.on('reset', () => invites.clear());
  // The events a room does not handle are handled here: each server event is handled by a room or by this map.
  signaling.listen({
    'presence:changed': (change) => presence.changed(change),
    invite: (invite) => invites.invited(invite),
    'conversation:knock': (knock) => room.knocked(knock),
    'conversation:invite': (invite) => invites.asked(invite),
    'lobby:changed': (change) => lobby.changed(change),
  } satisfies ServerListeners<Exclude<ServerEvent, RoomEvent>>);
  const attention = new Attention(room, router);
  return {
    api,
    router,
    session,
    people: new PeopleService(api),
    profile: new ProfileService(api, session),
    admin: new AdminService(api),
    rooms: new RoomsService(api),
    signaling,
    presence,
    lobby,
    invites,
    room,
    blocks,
    attention,
    conversations: new ConversationsService(api, session, { rooms: room, invites, presence }, attention, notes),
    alerts: new Alerts(attention, session, router),
    files: new FileService(room, blocks, { store: files }),
    device: new DeviceData({ history, outbox, notes, files }),
    code,
  };
}
