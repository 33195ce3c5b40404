import { machineLine } from './support/machine';
import { runApprovalBench } from './approval.bench';
import { runMemoryBench } from './memory.bench';
import { FULL, runTurnBench } from './turns.bench';

/** `npm run bench`: every end-to-end benchmark in one run, printed as the Markdown of bench/RESULTS.md. */
async function main(): Promise<void> {
  const out = (s: string) => process.stdout.write(`${s}\n`);
  out(machineLine());
  out(`Date: ${new Date().toISOString()}`);
  out('');
  out('## 1. Turn latency and throughput (voiceops vs bare botbuilder + restify echo bot)\n');
  out(await runTurnBench(FULL));
  out('\n## 3. Approval round trip\n');
  out(await runApprovalBench(100));
  out('\n## 4. Memory\n');
  out(await runMemoryBench({ turns: 10_000 }));
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
