import { SendPacer, TEAMS_CONVERSATION_WINDOWS } from '../../src/bot/send-pacer';
import { ADMIN_CONVERSATION, MEGAN } from '../support/personas';
import { ManualClock } from './support/manual-clock';
import { SecureBot } from './support/secure-bot';
import { type Arrival, ThrottlingConnector } from './support/throttling-connector';

/** The most attempts that arrived within any window of `ms` milliseconds. */
function busiestWindow(arrivals: Arrival[], ms: number): number {
  const times = arrivals.map((a) => a.at).sort((a, b) => a - b);
  return Math.max(0, ...times.map((start) => times.filter((t) => t >= start && t < start + ms).length));
}

describe('outbound sends are paced to Teams per-conversation limits', () => {
  test('the pacer schedules a burst of 20 within 7 per second and 8 per 2 seconds, and other conversations do not wait', async () => {
    const clock = new ManualClock(0);
    const pacer = new SendPacer(clock, TEAMS_CONVERSATION_WINDOWS, [{ ms: 1000, max: 30 }], 0);
    const slots: number[] = [];
    // The manual clock does not move, so each slot is now() plus what that acquire slept.
    const slotOf = async (conversation: string): Promise<number> => {
      const before = clock.sleeps.length;
      (await pacer.acquire(conversation))();
      return clock.now() + (clock.sleeps[before] ?? 0);
    };
    for (let i = 0; i < 20; i++) slots.push(await slotOf('a'));
    expect(await slotOf('b')).toBe(clock.now());
    const arrivals = slots.map((at) => ({ at, conversationId: 'a', status: 200, text: '' }));
    expect(busiestWindow(arrivals, 1000)).toBeLessThanOrEqual(7);
    expect(busiestWindow(arrivals, 2000)).toBeLessThanOrEqual(8);
    // Not slower than needed either: 8 per 2 s means 20 sends fit in a little over 4 s.
    expect(slots[19] - slots[0]).toBeLessThanOrEqual(4_100);
  });

  describe('given a Teams connector that answers 429 for its first 1.5 seconds', () => {
    const connector = new ThrottlingConnector(1500);
    const bot = new SecureBot({ connector, env: { VOICEOPS_USER_BURST: '50' } });
    beforeAll(() => bot.start());
    afterAll(() => bot.stop());

    test('when the bot sends 20 messages to one conversation at once, then every one is delivered, never faster than the limits', async () => {
      expect((await bot.send(bot.message(MEGAN, 'help'))).status).toBe(200);
      const texts = Array.from({ length: 20 }, (_, i) => `progress ${i + 1} of 20`);
      await Promise.all(texts.map((text) => bot.app.messenger.send(ADMIN_CONVERSATION, text)));

      const delivered = connector.arrivals.filter((a) => a.status === 200).map((a) => a.text);
      expect([...delivered].filter((t) => t.startsWith('progress')).sort()).toEqual([...texts].sort());
      expect(delivered.some((t) => t.includes('enable voice'))).toBe(true);
      expect(connector.arrivals.filter((a) => a.status === 429).length).toBeGreaterThan(0);

      // Every attempt counts against Teams' limits, the refused ones too.
      const inConversation = connector.arrivals.filter((a) => a.conversationId === ADMIN_CONVERSATION);
      for (const { ms, max } of TEAMS_CONVERSATION_WINDOWS) expect(busiestWindow(inConversation, ms)).toBeLessThanOrEqual(max);
      expect(bot.logs().filter((l) => l.message === 'connector asked us to back off').every((l) => l.status === 429)).toBe(true);
    }, 60_000);
  });
});
