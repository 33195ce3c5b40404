import { type AuditRecord, auditHash, isSealedIntact } from './audit-record';

/** The kinds of damage `audit verify` names. */
export type ChainDamage = 'edited' | 'deleted' | 'reordered' | 'truncated' | 'forged-checkpoint';

export interface ChainDamageReport {
  intact: false;
  /** The first sequence number that is not as it was written. */
  sequence: number;
  damage: ChainDamage;
  detail: string;
}

export interface ChainIntact {
  intact: true;
  records: number;
  headSequence: number;
  headHash: string;
  checkpointsMatched: number;
}

export type ChainVerdict = ChainIntact | ChainDamageReport;

/** A sequence number and the hash the record at that number must have (a checkpoint or the archive anchor). */
export interface ChainPoint {
  sequence: number;
  hash: string;
}

// GENESIS_HASH, spelled out: audit-record re-exports this module, and under ESM loaders (tsx) this module
// is evaluated before audit-record's constants exist.
export const CHAIN_START: ChainPoint = { sequence: 0, hash: '0'.repeat(64) };

// How far from its slot a moved record is looked for; a swap further apart is still found, as "edited".
const MOVE_WINDOW = 64;

/**
 * Walks records in sequence order, one at a time (so a million records never sit in memory), and stops at
 * the first that does not fit. Expected hashes from signed checkpoints catch a chain rewritten end to end.
 */
export class ChainWalker {
  private expectedSequence: number;
  private previousHash: string;
  private records = 0;
  private checkpointIndex = 0;
  private checkpointsMatched = 0;
  private lastVouched: number;
  private damage: ChainDamageReport | undefined;
  // A record that sits in another record's slot: moved there (reordered) or shifted down after a deletion.
  private displaced: { sequence: number; chainedTo: string; from: number } | undefined;

  constructor(
    start: ChainPoint = CHAIN_START,
    private readonly checkpoints: readonly ChainPoint[] = [],
  ) {
    this.expectedSequence = start.sequence + 1;
    this.previousHash = start.hash;
    this.lastVouched = start.sequence;
    this.checkpoints = [...checkpoints].filter((c) => c.sequence > start.sequence).sort((a, b) => a.sequence - b.sequence);
  }

  get broken(): boolean {
    return this.damage !== undefined || this.displaced !== undefined;
  }

  /** Returns false once damage is found; later records are not looked at. */
  push(record: AuditRecord): boolean {
    if (this.broken) return false;
    const s = this.expectedSequence;
    if (record.sequence > s) return this.fail(s, 'deleted', `records ${s} to ${record.sequence - 1} are missing`);
    if (record.sequence < s) return this.fail(record.sequence, 'reordered', `record ${record.sequence} appears again after ${s - 1}`);
    const sealed = isSealedIntact(record);
    const linked = record.previousHash === this.previousHash;
    if (!sealed) {
      const from = originalSequence(record);
      if (from === undefined) return this.fail(s, 'edited', `record ${s} does not match its own hash`);
      this.displaced = { sequence: s, chainedTo: record.previousHash, from };
      return false;
    }
    if (!linked) {
      // The record is sealed as written, so what it chains to was re-sealed after the fact.
      return this.fail(s - 1, 'edited', `record ${s - 1} was rewritten: record ${s} was chained to a different hash`);
    }
    const checkpoint = this.checkpoints[this.checkpointIndex];
    if (checkpoint && checkpoint.sequence === s) {
      if (checkpoint.hash !== record.hash) {
        return this.fail(
          this.lastVouched + 1,
          'edited',
          `the records after ${this.lastVouched} were rewritten and re-chained: record ${s} differs from the signed checkpoint`,
        );
      }
      this.checkpointIndex += 1;
      this.checkpointsMatched += 1;
      this.lastVouched = s;
    }
    this.previousHash = record.hash;
    this.expectedSequence = s + 1;
    this.records += 1;
    return true;
  }

  /**
   * The hash to look for among all stored records before `finish`, when a record sits in another's slot:
   * if what it chained to is still there, records were swapped; if not, one was deleted and the rest renumbered.
   */
  get question(): string | undefined {
    return this.displaced?.chainedTo;
  }

  finish(questionAnswer = false): ChainVerdict {
    if (this.displaced) {
      const { sequence, from } = this.displaced;
      const reordered = from < sequence || questionAnswer;
      return reordered
        ? report(sequence, 'reordered', `slot ${sequence} holds record ${from}`)
        : report(sequence, 'deleted', `record ${sequence} is missing and the records after it were renumbered`);
    }
    if (this.damage) return this.damage;
    const headSequence = this.expectedSequence - 1;
    const last = this.checkpoints[this.checkpoints.length - 1];
    if (last && last.sequence > headSequence) {
      return report(headSequence + 1, 'truncated', `a signed checkpoint vouches for records up to ${last.sequence}, the log ends at ${headSequence}`);
    }
    return { intact: true, records: this.records, headSequence, headHash: this.previousHash, checkpointsMatched: this.checkpointsMatched };
  }

  private fail(sequence: number, damage: ChainDamage, detail: string): false {
    this.damage = report(sequence, damage, detail);
    return false;
  }
}

function report(sequence: number, damage: ChainDamage, detail: string): ChainDamageReport {
  return { intact: false, sequence, damage, detail };
}

// A record moved to another slot still matches its hash under the sequence number it was written with.
function originalSequence(record: AuditRecord): number | undefined {
  const { hash, ...rest } = record;
  for (let distance = 1; distance <= MOVE_WINDOW; distance++) {
    for (const candidate of [record.sequence + distance, record.sequence - distance]) {
      if (candidate > 0 && auditHash({ ...rest, sequence: candidate }) === hash) return candidate;
    }
  }
  return undefined;
}

/** The whole chain at once, for records already in memory. */
export function verifyAuditChain(
  records: readonly AuditRecord[],
  options: { start?: ChainPoint; checkpoints?: readonly ChainPoint[] } = {},
): ChainVerdict {
  const walker = new ChainWalker(options.start, options.checkpoints);
  for (const record of records) if (!walker.push(record)) break;
  const question = walker.question;
  return walker.finish(question !== undefined && records.some((r) => r.hash === question));
}
