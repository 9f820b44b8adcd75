/**
 * The code only an open room needs: the room session, its WebRTC mesh (simple-peer) and file transfer. One module,
 * fetched when this tab first enters a room, so the lobby and the other pages do not carry it.
 */
export { FileTransfers } from './file-transfer.ts';
export { RoomSession } from './room-session.ts';
