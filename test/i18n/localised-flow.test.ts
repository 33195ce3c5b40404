import { BotHarness } from '../support/bot-harness';
import { ADELE, DIEGO, MEGAN } from '../support/personas';
import { cardOf } from '../support/teams-connector';
import { CATALOGS } from '../../src/i18n/catalogs';
import { Translator } from '../../src/i18n/translator';
import type { Locale } from '../../src/i18n/locale';
import { englishLeftovers, textsWithEnglishLeftovers, visibleCardStrings } from './support/english-leftovers';

const ENABLE = 'enable voice alice@contoso.com +14255550100';
/** Values the flow types that are not commands; replies quote them back as typed. */
const TYPED = ['enabel voice', 'frobnicate', 'alice-at-contoso', 'twelve'];

/** What Teams clients send: a regional tag (normalised to the catalog) and an IANA time zone. */
const CLIENTS: { tag: string; locale: Locale; zone: string; zoneShown: RegExp }[] = [
  { tag: 'en-US', locale: 'en', zone: 'America/Los_Angeles', zoneShown: /P[SD]T/ },
  { tag: 'fr-FR', locale: 'fr', zone: 'Europe/Paris', zoneShown: /UTC\+[12]/ },
  { tag: 'zh-CN', locale: 'zh-CN', zone: 'Asia/Shanghai', zoneShown: /GMT\+8/ },
  { tag: 'zh-TW', locale: 'zh-TW', zone: 'Asia/Taipei', zoneShown: /GMT\+8/ },
  { tag: 'ko-KR', locale: 'ko', zone: 'Asia/Seoul', zoneShown: /GMT\+9/ },
];

/** Everything the people in the flow were shown: every message text, every card string, every invoke answer. */
interface Shown {
  texts: string[];
  approvalCard: Record<string, any>;
  adeleView: Record<string, any>;
  finalCard: Record<string, any>;
}

async function runEnableVoiceFlow(bot: BotHarness): Promise<Shown> {
  const answers: string[] = [];
  const cards: unknown[] = [];
  const answer = (response: any) => {
    if (response.type === 'application/vnd.microsoft.activity.message') answers.push(String(response.value));
    else cards.push(response.value);
    return response;
  };
  await bot.say(MEGAN, 'help');
  await bot.say(MEGAN, `${TYPED[0]} alice@contoso.com`); // a typo: did-you-mean
  await bot.say(MEGAN, TYPED[1]); // nothing close: no suggestion
  await bot.say(MEGAN, `enable voice ${TYPED[2]}`); // a bad value: the form, pre-filled
  await bot.say(MEGAN, 'enable voice'); // a missing value: the form
  await bot.say(MEGAN, `status ${TYPED[3]}`); // a bad request number
  await bot.say(MEGAN, 'check voice alice@contoso.com');
  await bot.say(MEGAN, 'check voice nobody@contoso.com'); // not in the tenant
  await bot.say(MEGAN, 'check user alice@contoso.com'); // readiness: licence, voice, site, international calling
  await bot.say(MEGAN, 'check license erin@contoso.com'); // no voice licence
  await bot.say(MEGAN, 'my requests'); // none yet
  await bot.say(MEGAN, ENABLE);
  const { requestId, nonce, card: approvalCard } = bot.latestApprovalCard();
  await bot.say(MEGAN, ENABLE); // the same change again while it is pending: nothing new filed
  answer(await bot.click(MEGAN, 'approve', { requestId, nonce })); // nobody approves their own request
  answer(await bot.click(DIEGO, 'approve', { requestId, nonce })); // not an approver
  const adeleView = await bot.viewAs(ADELE, requestId, nonce);
  cards.push(adeleView, await bot.viewAs(MEGAN, requestId, nonce), await bot.viewAs(DIEGO, requestId, nonce));
  await bot.say(MEGAN, `status ${requestId}`); // pending, with progress
  await bot.say(ADELE, 'pending');
  answer(await bot.click(ADELE, 'approve', { requestId, nonce }));
  await bot.app.runner.drain();
  await bot.say(ADELE, `approve ${requestId}`); // already decided
  await bot.say(MEGAN, 'check voice alice@contoso.com'); // the new number, grouped for reading
  await bot.say(MEGAN, `cancel ${requestId}`); // no longer pending
  await bot.say(MEGAN, `status ${requestId}`);
  await bot.say(MEGAN, 'status');
  await bot.say(MEGAN, 'status 99'); // no such request
  await bot.say(MEGAN, 'history alice@contoso.com');
  await bot.say(MEGAN, ENABLE); // already done: nothing filed
  await bot.say(ADELE, 'audit'); // the audit trail, in the reader's words and time zone
  await bot.say(ADELE, 'audit alice@contoso.com');
  await bot.say(ADELE, `audit ${requestId}`);
  const updates = bot.connector.updates();
  const finalCard = cardOf(updates[updates.length - 1].activity) as Record<string, any>;
  const sent = [...bot.connector.sent(), ...updates].map((c) => c.activity);
  const texts = [
    ...sent.map((a) => String(a.text ?? '')),
    ...sent.flatMap((a) => visibleCardStrings(cardOf(a))),
    ...cards.flatMap((c) => visibleCardStrings(c)),
    ...answers,
  ].filter((t) => t.trim() !== '');
  return { texts, approvalCard, adeleView, finalCard };
}

describe('the enable voice flow in every language', () => {
  let bot: BotHarness;

  afterEach(async () => {
    await bot.stop();
  });

  test.each(CLIENTS)('$tag: every reply and card is in $locale, with dates in $zone', async ({ tag, locale, zone, zoneShown }) => {
    bot = await new BotHarness().start();
    bot.locale = tag;
    bot.localTimezone = zone;
    const shown = await runEnableVoiceFlow(bot);
    const words = CATALOGS[locale];
    const all = shown.texts.join('\n');

    // The flow went where it should, in the reader's words.
    expect(all).toContain(words['help.heading']);
    expect(all).toContain(words['command.enable-voice.summary']);
    expect(all).toContain('"enable voice"'.replace(/"/g, '')); // the suggestion names the command as typed
    expect(all).toContain(words['form.askForApproval']);
    expect(all).toContain(words['state.succeeded']);
    expect(all).toContain(words['card.request.approve']);
    expect(all).toContain(words['card.request.cancel']);
    expect(all).toContain(words['result.verified']);
    expect(JSON.stringify(shown.approvalCard)).toContain(words['state.pending']);
    expect(JSON.stringify(shown.finalCard)).toContain(words['state.succeeded']);
    // Adele's own view is rendered for her client: her language and her time zone.
    expect(JSON.stringify(shown.adeleView)).toMatch(zoneShown);
    // The cmdlet line, UPN and property names stay as PowerShell and the tenant have them.
    expect(all).toContain("Set-CsUser -Identity 'alice@contoso.com' -EnterpriseVoiceEnabled $true");
    expect(all).toContain('EnterpriseVoiceEnabled');
    expect(all).toContain('tel:+14255550100 (+1 425 555 0100)');
    // The audit trail's lines say what happened in the reader's words, at the reader's times, the zone named.
    for (const step of ['RequestCreated', 'ApprovalRefused', 'ApprovalGranted', 'ExecutionStarted', 'ExecutionFinished', 'ChangeVerified', 'NoChangeNeeded']) {
      expect(all).toContain(words[`audit.operation.${step}`]);
    }
    expect(all).toContain(words['audit.result.Succeeded']);
    expect(all).not.toMatch(/RequestCreated|ApprovalGranted|ExecutionFinished|AuditLogSearched/);
    const auditReply = shown.texts.find((text) => text.startsWith(new Translator(locale).t('audit.latestTitle'))) as string;
    expect(auditReply.split('\n')[0]).toMatch(zoneShown);
    for (const line of auditReply.split('\n').slice(1)) expect(line.length).toBeLessThanOrEqual(100);

    if (locale === 'en') {
      // The detector is not blind: English text counts as leftovers in every other language.
      expect(englishLeftovers(all, 'fr').length).toBeGreaterThan(20);
      expect(englishLeftovers(all, 'ko').length).toBeGreaterThan(50);
      return;
    }
    expect(textsWithEnglishLeftovers(shown.texts, locale, TYPED)).toEqual([]);
  });
});

describe('people in different languages', () => {
  let bot: BotHarness;

  afterEach(async () => {
    await bot.stop();
  });

  test('the requester hears in French, the approvers\' copy is in the configured Korean, Adele\'s own view in Traditional Chinese', async () => {
    bot = await new BotHarness({ VOICEOPS_APPROVAL_LOCALE: 'ko' }).start();
    const [fr, ko, zhTW] = [CATALOGS.fr, CATALOGS.ko, CATALOGS['zh-TW']];
    bot.locale = 'fr-FR';
    await bot.say(MEGAN, ENABLE);
    expect(bot.connector.texts()[0]).toMatch(/^Demande n° 1 déposée/);
    const { requestId, nonce, card } = bot.latestApprovalCard();
    const shared = visibleCardStrings(card).join('\n');
    expect(shared).toContain(ko['state.pending']);
    expect(bot.connector.texts()).toContain(new Translator('ko').t('notify.approvalNeeded', { id: '1', requester: 'Megan Bowen' }));

    bot.locale = 'zh-TW';
    const answer = await bot.click(ADELE, 'approve', { requestId, nonce });
    expect(visibleCardStrings(answer.value).join('\n')).toContain(zhTW['card.request.approvalsNeeded']);
    await bot.app.runner.drain();

    const updates = bot.connector.updates();
    expect(visibleCardStrings(cardOf(updates[updates.length - 1].activity)).join('\n')).toContain(ko['state.succeeded']);
    const told = bot.connector.texts().at(-1) ?? '';
    expect(told).toContain(fr['state.succeeded']);
    expect(told).toContain(fr['result.verified']);
  });
});
