import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cardOf, cardText, TeamsConnector } from '../test/support/teams-connector';
import { ADELE, MEGAN } from '../test/support/personas';
import { teamsCardAction, teamsMessage } from './support/activities';
import { startServerProcess, UNLIMITED } from './support/server-process';
import { percentile } from './support/stats';

/**
 * Approval round trip: from Adele's Approve invoke to the card updated with the verified result,
 * through the real server, real pwsh and the simulated tenant.
 */
export async function runApprovalBench(rounds: number): Promise<string> {
  const connector = new TeamsConnector();
  const serviceUrl = await connector.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'voiceops-bench-'));
  const server = await startServerProcess('src/cli.ts', ['start'], { VOICEOPS_DATA_DIR: dataDir, PORT: '0', VOICEOPS_POOL_SIZE: '2', ...UNLIMITED });
  const post = (activity: Record<string, unknown>) =>
    fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  const invokeMs: number[] = [];
  const verifiedMs: number[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      connector.clear();
      // Alternate the number so every round is a real change, not "already done".
      const number = `+1425555${String(1000 + (round % 2)).padStart(4, '0')}`;
      await post(teamsMessage(MEGAN, `enable voice alice@contoso.com ${number}`, serviceUrl));
      // The shared approval card carries the request reference in its Universal Actions refresh.
      const approval = connector.sent().map((c) => cardOf(c.activity)).find((card) => card?.refresh?.action?.data ?? card?.actions?.length);
      if (!approval) throw new Error(`round ${round}: no approval card (${connector.texts().join(' | ')})`);
      const { requestId, nonce } = approval.refresh?.action?.data ?? approval.actions[0].data;
      const started = performance.now();
      const answer = await post(teamsCardAction(ADELE, serviceUrl, 'approve', { requestId, nonce }));
      if (answer.status !== 200) throw new Error(`round ${round}: approve answered ${answer.status}`);
      invokeMs.push(performance.now() - started);
      for (;;) {
        const verified = connector.updates().some((u) => cardText(cardOf(u.activity)).includes('Succeeded and verified'));
        if (verified) break;
        if (performance.now() - started > 60_000) throw new Error(`round ${round}: not verified within 60 s`);
        await new Promise((r) => setTimeout(r, 2));
      }
      verifiedMs.push(performance.now() - started);
    }
  } finally {
    await server.stop();
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const f = (values: number[], p: number) => percentile(values, p).toFixed(1);
  return [
    `${rounds} approvals, pool of 2 warm pwsh sessions, simulated tenant with no added latency.`,
    '',
    '| step | p50 ms | p99 ms | max ms |',
    '|---|---|---|---|',
    `| Approve invoke answered (card shows "approved") | ${f(invokeMs, 50)} | ${f(invokeMs, 99)} | ${Math.max(...invokeMs).toFixed(1)} |`,
    `| Approve to card updated "Succeeded and verified" | ${f(verifiedMs, 50)} | ${f(verifiedMs, 99)} | ${Math.max(...verifiedMs).toFixed(1)} |`,
  ].join('\n');
}

if (require.main === module) {
  runApprovalBench(Number(process.argv[2] ?? 100)).then((table) => process.stdout.write(`${table}\n`));
}
