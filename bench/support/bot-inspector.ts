import WebSocket from 'ws';
import type { ServerProcess } from './server-process';

/** What the benchmarks ask a running bot through the DevTools protocol. */
export interface BotInspector {
  /** Full collections, as V8's memory reducer makes once a process idles: garbage freed, the heap shrunk. */
  collectGarbage(): Promise<void>;
  /** The JavaScript heap in use, in MiB (live objects right after `collectGarbage`). */
  heapUsedMiB(): Promise<number>;
  close(): void;
}

/** Connects to a bot started with `--inspect=127.0.0.1:0` (startServerProcess reads the socket's address). */
export async function inspectBot(server: ServerProcess): Promise<BotInspector> {
  if (!server.inspectorUrl) throw new Error('the bot was started without --inspect');
  const socket = new WebSocket(server.inspectorUrl);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  let lastId = 0;
  const call = (method: string) =>
    new Promise<Record<string, number>>((resolve) => {
      const id = ++lastId;
      const onMessage = (data: WebSocket.Data) => {
        const message = JSON.parse(String(data));
        if (message.id !== id) return;
        socket.off('message', onMessage);
        resolve(message.result);
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ id, method }));
    });
  return {
    async collectGarbage() {
      // The second pass frees what the first one's finalizers released.
      await call('HeapProfiler.collectGarbage');
      await call('HeapProfiler.collectGarbage');
    },
    async heapUsedMiB() {
      return (await call('Runtime.getHeapUsage')).usedSize / 2 ** 20;
    },
    close: () => socket.close(),
  };
}
