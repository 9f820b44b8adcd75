/**
 * The baseline relay server: Koa + socket.io on one HTTP server, like Dialog's, with no accounts. A socket joins a
 * room; every `chat` it sends is validated and broadcast to the whole room; a `signal` goes to one socket. Run as its own process
 * (`PORT=0 node --import tsx test/bench/relay/server.ts`); prints `{"message":"relay is listening","url":…}`.
 */
import { createServer } from 'node:http';
import Koa from 'koa';
import { Server } from 'socket.io';
import { chatMessageSchema, LIMITS } from '../../../shared/protocol.ts';
import { type RelayedChat, relayJoinSchema, relaySignalSchema } from './protocol.ts';

const app = new Koa();
app.use((ctx) => {
  if (ctx.path === '/healthz') ctx.body = 'ok';
});
const http = createServer(app.callback());
const io = new Server(http, { maxHttpBufferSize: LIMITS.socketFrameBytes, serveClient: false });

io.on('connection', (socket) => {
  let room = '';
  socket.on('join', (payload: unknown, ack: unknown) => {
    const parsed = relayJoinSchema.safeParse(payload);
    if (typeof ack !== 'function') return;
    if (!parsed.success) return ack({ ok: false });
    if (room) void socket.leave(room);
    room = parsed.data.room;
    void socket.join(room);
    ack({ ok: true });
  });
  socket.on('chat', (payload: unknown) => {
    const parsed = chatMessageSchema.safeParse(payload);
    if (!room || !parsed.success) return;
    const relayed: RelayedChat = { from: socket.id, message: parsed.data };
    io.to(room).emit('chat', relayed);
  });
  socket.on('signal', (payload: unknown, ack: unknown) => {
    const parsed = relaySignalSchema.safeParse(payload);
    if (typeof ack !== 'function') return;
    if (!parsed.success) return ack({ ok: false });
    io.to(parsed.data.to).emit('signal', { from: socket.id, data: parsed.data.data });
    ack({ ok: true });
  });
});

http.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(JSON.stringify({ message: 'relay is listening', url: `http://127.0.0.1:${port}` }));
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    io.close(() => process.exit(0));
  });
}
