import autocannon from 'autocannon';
import { MEGAN } from '../../test/support/personas';
import { teamsMessage } from './activities';

/**
 * The load the memory and heap benchmarks both drive, so their figures describe the same work: `count` turns, half
 * `help` (no tenant call) and half `check voice` (a pwsh read), 8 connections at a time.
 */
export async function driveMixedTurns(botUrl: string, serviceUrl: string, count: number): Promise<void> {
  for (const text of ['help', 'check voice alice@contoso.com']) {
    await autocannon({
      url: `${botUrl}/api/messages`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(teamsMessage(MEGAN, text, serviceUrl)),
      connections: 8,
      amount: Math.floor(count / 2),
    });
  }
}
