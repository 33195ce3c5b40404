import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { SqliteAuditSource } from '../adapters/sqlite/sqlite-audit-source';
import type { ChainPoint, ChainVerdict } from '../domain/audit/verify-chain';
import { type AuditVerdict, planVerify, type VerifyAuditOptions, verifyAudit } from './verify-audit';
import type { RangeTask } from './verify-range-worker';

export interface ParallelVerifyOptions extends Omit<VerifyAuditOptions, 'source'> {
  databasePath: string;
  /** Worker threads to split the chain across; defaults to the cores available, at most 4. */
  workers?: number;
  /** Below this many records per worker the threads cost more than they save, and one walk is used. */
  minRecordsPerWorker?: number;
}

interface RangeResult {
  startHash: string;
  verdict: ChainVerdict;
}

/**
 * `audit verify` on a SQLite file, with the chain cut into slices walked on worker threads at once. The slices
 * must each be intact and join end to end (each one's first record chained to the previous one's last hash).
 * Anything else, the serial walk runs from the start, so a damaged log gets exactly the serial verdict.
 */
export async function verifyAuditInParallel(options: ParallelVerifyOptions): Promise<AuditVerdict> {
  const source = new SqliteAuditSource(options.databasePath);
  try {
    const plan = planVerify(options, source.anchor());
    if ('verdict' in plan) return plan.verdict;
    const head = source.headSequence() ?? plan.start.sequence;
    const workers = Math.max(1, Math.min(options.workers ?? Math.min(availableParallelism(), 4), Math.floor((head - plan.start.sequence) / (options.minRecordsPerWorker ?? 100_000))));
    if (workers < 2) return verifyAudit({ ...options, source });

    const bounds = sliceBounds(plan.start.sequence, head, workers);
    const results = await Promise.all(
      bounds.map(([after, upTo], index) =>
        runRange({
          databasePath: options.databasePath,
          after,
          upTo,
          startHash: index === 0 ? plan.start.hash : undefined,
          vouched: plan.vouched.filter((c) => c.sequence > after && c.sequence <= upTo),
        }),
      ),
    );
    const joined = joinSlices(plan.start, bounds, results, plan.vouched);
    return joined ? plan.finish(joined, results.length) : verifyAudit({ ...options, source });
  } finally {
    source.close();
  }
}

function sliceBounds(start: number, head: number, slices: number): Array<[number, number]> {
  const size = Math.ceil((head - start) / slices);
  return Array.from({ length: slices }, (_, i) => [start + i * size, Math.min(head, start + (i + 1) * size)] as [number, number]).filter(
    ([after, upTo]) => upTo > after,
  );
}

// The whole chain's verdict when every slice is intact, full and chained to the one before; otherwise undefined.
function joinSlices(start: ChainPoint, bounds: Array<[number, number]>, results: RangeResult[], vouched: readonly ChainPoint[]): ChainVerdict | undefined {
  let previous = start;
  let records = 0;
  let checkpointsMatched = 0;
  for (const [index, { startHash, verdict }] of results.entries()) {
    if (!verdict.intact || startHash !== previous.hash || verdict.headSequence !== bounds[index][1]) return undefined;
    previous = { sequence: verdict.headSequence, hash: verdict.headHash };
    records += verdict.records;
    checkpointsMatched += verdict.checkpointsMatched;
  }
  // A checkpoint past the end means a cut tail: the serial walk names it.
  if (vouched.some((c) => c.sequence > previous.sequence)) return undefined;
  return { intact: true, records, headSequence: previous.sequence, headHash: previous.hash, checkpointsMatched };
}

function runRange(task: RangeTask): Promise<RangeResult> {
  // Compiled, the worker is a .js file beside this one; run from TypeScript sources (tests, tsx), tsx loads it.
  const extension = extname(__filename);
  const worker = new Worker(join(__dirname, `verify-range-worker${extension}`), {
    workerData: task,
    execArgv: extension === '.ts' ? ['--require', 'tsx/cjs'] : [],
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (result: RangeResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`an audit verify worker stopped with exit code ${code}`));
    });
  });
}
