import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { SignedCheckpoint } from '../domain/audit/checkpoint';

const NAME = /^checkpoint-(\d{10})\.json$/;

/**
 * Checkpoints as one JSON file each, numbered, in a directory apart from the database (another disk, a
 * mounted share, a WORM bucket sync). Files are only ever added; the numbering keeps their order.
 */
export class CheckpointDirectory {
  constructor(readonly path: string) {}

  list(): SignedCheckpoint[] {
    if (!existsSync(this.path)) return [];
    return readdirSync(this.path)
      .filter((name) => NAME.test(name))
      .sort()
      .map((name) => this.parse(name));
  }

  private parse(name: string): SignedCheckpoint {
    const text = readFileSync(join(this.path, name), 'utf8');
    try {
      const data = JSON.parse(text) as SignedCheckpoint;
      return { sequence: data.sequence, headHash: data.headHash, previousSignature: data.previousSignature, time: data.time, signature: data.signature };
    } catch {
      // An unreadable checkpoint is reported like a forged one: its signature cannot verify.
      return { sequence: 0, headHash: '', previousSignature: null, time: '', signature: '' };
    }
  }

  /** Durable and exclusive: written to a temporary name, fsynced, then linked under the next number. */
  append(checkpoint: SignedCheckpoint): string {
    mkdirSync(this.path, { recursive: true });
    const number = this.list().length + 1;
    const final = join(this.path, `checkpoint-${String(number).padStart(10, '0')}.json`);
    if (existsSync(final)) throw new Error(`checkpoint ${number} exists already: is another signer running?`);
    const temporary = join(this.path, `.checkpoint-${process.pid}-${Date.now()}.tmp`);
    const fd = openSync(temporary, 'wx', 0o644);
    try {
      writeSync(fd, `${JSON.stringify(checkpoint, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, final);
    const dir = openSync(this.path, 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
    return final;
  }
}
