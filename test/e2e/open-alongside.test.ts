import { BotHarness } from '../support/bot-harness';
import { ADELE, MEGAN } from '../support/personas';
import { cardText } from '../support/teams-connector';

// Two open changes of one user (or of the tenant's hybrid settings): each card names the other while both are open.
describe('requests open alongside each other', () => {
  let bot: BotHarness;

  beforeAll(async () => {
    bot = await new BotHarness().start();
  });

  afterAll(async () => {
    await bot.stop();
  });

  const file = async (text: string): Promise<{ requestId: number; nonce: string; text: string }> => {
    await bot.say(MEGAN, text);
    const { requestId, nonce, card } = bot.latestApprovalCard();
    return { requestId, nonce, text: cardText(card) };
  };

  test('a second change of the same user names the first on its card; each approver view names the other until it closes', async () => {
    const first = await file('enable voice dan@contoso.com');
    expect(first.text).not.toContain('Also open');
    const second = await file('enable voice for dan@contoso.com with +1 425 555 0171');
    expect(second.requestId).toBe(first.requestId + 1);
    expect(second.text).toContain(
      `Also open for dan@contoso.com: #${first.requestId} enable voice dan@contoso.com: Waiting for approval. Whichever runs second is refused if the first changed a value it would overwrite.`,
    );
    // Adele's client refreshes the first card into her view: it names the second now.
    expect(cardText(await bot.viewAs(ADELE, first.requestId, first.nonce))).toContain(`Also open for dan@contoso.com: #${second.requestId} enable voice dan@contoso.com: Waiting for approval.`);
    // A request for someone else is not named.
    const other = await file('enable voice erin@contoso.com +14255550172');
    expect(other.text).not.toContain('Also open');

    await bot.say(MEGAN, `cancel ${first.requestId}`);
    expect(cardText(await bot.viewAs(ADELE, second.requestId, second.nonce))).not.toContain('Also open');
  });

  test('the approved first runs; the second, which would overwrite its number, is refused as the note said', async () => {
    const first = await file('enable voice carol@contoso.com +14255550173');
    const second = await file('enable voice carol@contoso.com +14255550174');
    expect(second.text).toContain(`Also open for carol@contoso.com: #${first.requestId}`);
    await bot.say(ADELE, `approve ${first.requestId}`);
    await bot.app.runner.drain();
    await bot.say(ADELE, `approve ${second.requestId}`);
    await bot.app.runner.drain();
    const [firstDone, secondDone] = [await bot.app.store.getRequest(first.requestId), await bot.app.store.getRequest(second.requestId)];
    expect(firstDone?.state).toBe('succeeded');
    expect(secondDone?.state).toBe('failed');
    expect(secondDone?.result?.message).toContain('LineURI');
    // Once it has run, the first card no longer names anything: it is not open.
    expect(cardText(await bot.viewAs(ADELE, first.requestId, first.nonce))).not.toContain('Also open');
  });

  test('tenant-wide: a second configure hybrid names the first; a user change is not named', async () => {
    const first = await file('configure hybrid sip.contoso.com');
    const second = await file('configure hybrid sip2.contoso.com');
    expect(second.text).toContain(`Also open for tenant hybrid configuration: #${first.requestId} configure hybrid sip.contoso.com: Waiting for approval.`);
    expect(second.text).not.toContain('enable voice');
  });
});
