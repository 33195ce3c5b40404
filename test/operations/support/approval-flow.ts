import type { VoiceRequest } from '../../../src/domain/requests/request';
import type { BotHarness } from '../../support/bot-harness';
import type { Persona } from '../../support/personas';
import { readTenantState } from '../../support/tenant-state';

/** Everything the bot said in answer to one message. */
export async function answersTo(bot: BotHarness, from: Persona, text: string): Promise<string[]> {
  bot.connector.clear();
  expect(await bot.say(from, text)).toBe(200);
  return bot.connector.texts();
}

/** Files a change and returns its request number, failing with what the bot said when nothing was filed. */
export async function fileRequest(bot: BotHarness, from: Persona, text: string): Promise<number> {
  const answers = await answersTo(bot, from, text);
  const filed = answers.map((t) => /Request #(\d+) filed/.exec(t)).find(Boolean);
  if (!filed) throw new Error(`"${text}" filed no request; the bot said: ${answers.join(' | ')}`);
  return Number(filed[1]);
}

/** Approves with the text twin of the card button, each approver in turn, and waits until the change has run. */
export async function approve(bot: BotHarness, requestId: number, approvers: Persona[]): Promise<VoiceRequest> {
  for (const approver of approvers) {
    const answers = await answersTo(bot, approver, `approve ${requestId}`);
    expect(answers.join(" ")).toMatch(new RegExp(`(approved request|approval of request) #${requestId}\\b`));
  }
  await bot.app.runner.drain();
  return (await bot.app.store.getRequest(requestId)) as VoiceRequest;
}

/** The whole simulated tenant as it is on disk now. */
export function tenantState(bot: BotHarness): Record<string, any> {
  return readTenantState(bot.config.tenantStatePath);
}

export function tenantUser(bot: BotHarness, upn: string): Record<string, any> {
  const user = tenantState(bot).users.find((u: { UserPrincipalName: string }) => u.UserPrincipalName === upn);
  if (!user) throw new Error(`${upn} is not in the simulated tenant`);
  return user;
}
