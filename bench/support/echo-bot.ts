import { ActivityHandler } from 'botbuilder';
import { serveBareBot } from './bare-bot-server';

/** The baseline: the smallest botbuilder + restify bot (echo), configured as voiceops is in dev mode. */
const bot = new ActivityHandler();
bot.onMessage(async (context, next) => {
  await context.sendActivity(`You said: ${context.activity.text}`);
  await next();
});
serveBareBot(bot, 'echo bot');
