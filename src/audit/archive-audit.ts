import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { AuditRecord } from '../domain/audit/audit-record';
import type { SignedCheckpoint } from '../domain/audit/checkpoint';
import { CHAIN_START, type ChainPoint, type ChainVerdict, verifyAuditChain } from '../domain/audit/verify-chain';
import type { Store } from '../ports/store';

export type ArchiveOutcome =
  | { archived: number; file: string; throughSequence: number }
  | { archived: 0; reason: string };

/**
 * Retention without silent deletion: records older than `before`, up to the newest signed checkpoint among
 * them, are written to a JSON Lines file, checked, and only then removed, leaving an anchor that the same
 * checkpoint vouches for. The stored chain stays verifiable from the anchor; the file from its own start.
 */
export async function archiveAudit(deps: {
  store: Pick<Store, 'queryAudit' | 'auditAnchor' | 'archiveAudit'>;
  checkpoints: readonly SignedCheckpoint[];
  before: string;
  archiveDir: string;
  now?: () => Date;
}): Promise<ArchiveOutcome> {
  const anchor = await deps.store.auditAnchor();
  const start: ChainPoint = anchor ? { sequence: anchor.sequence, hash: anchor.hash } : CHAIN_START;
  const cut = await newestCheckpointBefore(deps.store, deps.checkpoints, start.sequence, deps.before);
  if (!cut) return { archived: 0, reason: `no signed checkpoint covers records older than ${deps.before}; run the signer first` };

  const records: AuditRecord[] = [];
  let after = start.sequence;
  while (after < cut.sequence) {
    const page = await deps.store.queryAudit({ afterSequence: after, limit: Math.min(1000, cut.sequence - after) });
    if (page.length === 0) break;
    records.push(...page);
    after = page[page.length - 1].sequence;
  }
  const verdict = verifyAuditChain(records, { start, checkpoints: [{ sequence: cut.sequence, hash: cut.headHash }] });
  if (!verdict.intact || verdict.headSequence !== cut.sequence) {
    throw new Error(`refusing to archive: the records to archive do not verify (${describe(verdict)})`);
  }
  mkdirSync(deps.archiveDir, { recursive: true });
  const file = join(deps.archiveDir, `audit-archive-${pad(start.sequence + 1)}-${pad(cut.sequence)}.jsonl`);
  const fd = openSync(file, 'wx', 0o640);
  try {
    for (const record of records) writeSync(fd, `${JSON.stringify(record)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  const archived = await deps.store.archiveAudit({
    sequence: cut.sequence,
    hash: cut.headHash,
    archivedAt: (deps.now ?? (() => new Date()))().toISOString(),
    archive: basename(file),
  });
  return { archived, file, throughSequence: cut.sequence };
}

async function newestCheckpointBefore(
  store: Pick<Store, 'queryAudit'>,
  checkpoints: readonly SignedCheckpoint[],
  afterSequence: number,
  before: string,
): Promise<SignedCheckpoint | undefined> {
  for (const checkpoint of [...checkpoints].reverse()) {
    if (checkpoint.sequence <= afterSequence) return undefined;
    const [record] = await store.queryAudit({ afterSequence: checkpoint.sequence - 1, limit: 1 });
    if (record && record.sequence === checkpoint.sequence && record.creationTime < before) return checkpoint;
  }
  return undefined;
}

/** An archive file verifies on its own: its first record must chain to the genesis or to a signed checkpoint. */
export function verifyArchiveFile(path: string, checkpoints: readonly SignedCheckpoint[]): ChainVerdict {
  const records = readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as AuditRecord);
  const first = records[0];
  if (!first) return { intact: true, records: 0, headSequence: 0, headHash: CHAIN_START.hash, checkpointsMatched: 0 };
  const vouched = checkpoints.map((c) => ({ sequence: c.sequence, hash: c.headHash }));
  const start = { sequence: first.sequence - 1, hash: first.previousHash };
  if (start.sequence > 0 && !vouched.some((c) => c.sequence === start.sequence && c.hash === start.hash)) {
    return { intact: false, sequence: first.sequence, damage: 'edited', detail: `no signed checkpoint vouches for what record ${first.sequence} chains to` };
  }
  const inFile = vouched.filter((c) => c.sequence <= records[records.length - 1].sequence);
  return verifyAuditChain(records, { start: start.sequence === 0 ? CHAIN_START : start, checkpoints: inFile });
}

function describe(verdict: ChainVerdict): string {
  return verdict.intact ? `ends at ${verdict.headSequence}` : `record ${verdict.sequence} ${verdict.damage}: ${verdict.detail}`;
}

function pad(n: number): string {
  return String(n).padStart(10, '0');
}
