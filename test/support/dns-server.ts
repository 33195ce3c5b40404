import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';

export type Zone = Record<string, { A?: string[]; SRV?: { target: string; port: number; priority?: number; weight?: number }[] }>;

const TYPE_A = 1;
const TYPE_SRV = 33;

/**
 * A small authoritative DNS server on 127.0.0.1 (UDP) answering real DNS packets from a zone map:
 * A and SRV records, NXDOMAIN for unknown names, NOERROR with no answers for a known name and another type.
 */
export class LocalDnsServer {
  private socket: Socket | undefined;
  queries = 0;

  constructor(private zone: Zone) {}

  setZone(zone: Zone): void {
    this.zone = zone;
  }

  async start(): Promise<string> {
    const socket = createSocket('udp4');
    this.socket = socket;
    socket.on('message', (packet, peer) => {
      this.queries++;
      const reply = this.answer(packet);
      if (reply) socket.send(reply, peer.port, peer.address);
    });
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
    return `127.0.0.1:${(socket.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.socket ? this.socket.close(() => resolve()) : resolve()));
  }

  private answer(query: Buffer): Buffer | undefined {
    if (query.length < 12) return undefined;
    const { name, end } = readName(query, 12);
    const type = query.readUInt16BE(end);
    const question = query.subarray(12, end + 4);
    const entry = this.zone[name.toLowerCase()];
    const answers: Buffer[] = [];
    if (entry && type === TYPE_A) for (const ip of entry.A ?? []) answers.push(record(TYPE_A, Buffer.from(ip.split('.').map(Number))));
    if (entry && type === TYPE_SRV) {
      for (const srv of entry.SRV ?? []) {
        const fixed = Buffer.alloc(6);
        fixed.writeUInt16BE(srv.priority ?? 0, 0);
        fixed.writeUInt16BE(srv.weight ?? 0, 2);
        fixed.writeUInt16BE(srv.port, 4);
        answers.push(record(TYPE_SRV, Buffer.concat([fixed, encodeName(srv.target)])));
      }
    }
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2); // id
    const rcode = entry ? 0 : 3; // NXDOMAIN for names not in the zone
    header.writeUInt16BE(0x8000 | 0x0400 | (query.readUInt16BE(2) & 0x0100) | rcode, 2); // QR, AA, RD copied
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    return Buffer.concat([header, question, ...answers]);
  }
}

function record(type: number, data: Buffer): Buffer {
  const fixed = Buffer.alloc(12);
  fixed.writeUInt16BE(0xc00c, 0); // pointer to the question name
  fixed.writeUInt16BE(type, 2);
  fixed.writeUInt16BE(1, 4); // IN
  fixed.writeUInt32BE(60, 6);
  fixed.writeUInt16BE(data.length, 10);
  return Buffer.concat([fixed, data]);
}

function readName(packet: Buffer, offset: number): { name: string; end: number } {
  const labels: string[] = [];
  let at = offset;
  while (packet[at] !== 0) {
    const length = packet[at];
    labels.push(packet.subarray(at + 1, at + 1 + length).toString('latin1'));
    at += 1 + length;
  }
  return { name: labels.join('.'), end: at + 1 };
}

function encodeName(name: string): Buffer {
  const parts = name.replace(/\.$/, '').split('.').map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, 'latin1')]));
  return Buffer.concat([...parts, Buffer.from([0])]);
}
