import { parentPort, workerData } from 'node:worker_threads';
import { SqliteAuditSource } from '../adapters/sqlite/sqlite-audit-source';
import type { ChainPoint } from '../domain/audit/verify-chain';
import { walkChain } from './verify-audit';

/** What one verify worker is given: a slice of the chain and the checkpoints inside it. */
export interface RangeTask {
  databasePath: string;
  after: number;
  upTo: number;
  /** The first slice knows its starting hash; the others take the one their first record claims, checked later. */
  startHash: string | undefined;
  vouched: ChainPoint[];
}

const task = workerData as RangeTask;
const source = new SqliteAuditSource(task.databasePath);
try {
  const startHash = task.startHash ?? source.previousHashAt(task.after + 1) ?? '';
  const verdict = walkChain(source, { sequence: task.after, hash: startHash }, task.vouched, task.upTo);
  parentPort?.postMessage({ startHash, verdict });
} finally {
  source.close();
}
