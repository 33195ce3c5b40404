import { BotHarness } from '../support/bot-harness';
import { ADELE, DIEGO, LEE, MEGAN } from '../support/personas';

test('tour', async () => {
  const bot = await new BotHarness().start();
  const out: string[] = [];
  const say = async (p: any, text: string) => {
    bot.connector.clear();
    await bot.say(p, text);
    await bot.app.runner.drain();
    out.push(`>>> ${p.name}: ${text}\n` + bot.connector.texts().join('\n---\n'));
  };
  await say(MEGAN, 'bulk alice@contoso.com,+14255550100,SeattlePSTN,block\nbob@contoso.com,+1 425 555 0101,,\nnobody@contoso.com,+14255550102,,\nalice@contoso.com,,,allow');
  await say(ADELE, 'approve 1');
  await say(MEGAN, 'status 1');
  await say(MEGAN, 'undo 1');
  await say(MEGAN, 'check license alice@contoso.com');
  await say(MEGAN, 'check license bob@contoso.com');
  await say(MEGAN, 'check dns contoso.com');
  await say(MEGAN, 'check oauth');
  await say(MEGAN, 'runbook exchange-oauth contoso.com');
  await say(MEGAN, 'runbook run exchange-oauth account');
  await say(MEGAN, 'runbook tick exchange-oauth account done by hand');
  await say(MEGAN, 'exchange oauth setup contoso.com');
  await say(ADELE, 'approve 4');
  await say(LEE, 'approve 4');
  await say(MEGAN, 'status 4');
  await say(MEGAN, 'check oauth');
  await say(MEGAN, 'undo 4');
  await say(MEGAN, 'audit');
  await say(DIEGO, 'audit');
  await say(MEGAN, 'my requests');
  await bot.stop();
  console.log(out.join('\n\n'));
}, 180000);
