import { BotHarness } from '../support/bot-harness';
import { MEGAN } from '../support/personas';
import { cardText } from '../support/teams-connector';

test('tour2', async () => {
  const bot = await new BotHarness().start();
  await bot.say(MEGAN, 'bulk alice@contoso.com,+14255550100,SeattlePSTN,block\nbob@contoso.com,+1 425 555 0101,,\nnobody@contoso.com,+14255550102,,\nalice@contoso.com,,,allow');
  await bot.app.runner.drain();
  for (const s of bot.connector.sent()) console.log(s.activity.text, s.activity.attachments ? cardText(s.activity.attachments[0].content) : '');
  await bot.stop();
}, 180000);
