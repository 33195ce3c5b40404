import { BotHarness } from '../support/bot-harness';
import { ADELE, MEGAN } from '../support/personas';
import { AUDIT_OPERATIONS, AUDIT_RESULT_STATUSES, type AuditEntry } from '../../src/domain/audit/audit-record';
import { SYSTEM_ACTOR } from '../../src/domain/requests/request-service';
import { CATALOGS } from '../../src/i18n/catalogs';
import { LOCALES, type Locale } from '../../src/i18n/locale';
import { englishLeftovers } from './support/english-leftovers';

const CLIENTS: { tag: string; locale: Locale; zone: string }[] = [
  { tag: 'en-GB', locale: 'en', zone: 'Europe/London' },
  { tag: 'fr-CA', locale: 'fr', zone: 'America/Montreal' },
  { tag: 'zh-Hans', locale: 'zh-CN', zone: 'Asia/Shanghai' },
  { tag: 'zh-HK', locale: 'zh-TW', zone: 'Asia/Hong_Kong' },
  { tag: 'ko-KR', locale: 'ko', zone: 'Asia/Seoul' },
];

/**
 * One entry of every operation, each result status among them, by a person, the executor and a worker, as the
 * story of two requests of 8 entries each (an answer shows 12, oldest first, so each reader's own look comes after).
 */
const REQUESTS = [901, 902];
function everyKindOfEntry(): AuditEntry[] {
  const actors = [
    { userId: MEGAN.name, actorObjectId: MEGAN.aadObjectId },
    { userId: SYSTEM_ACTOR.name, actorObjectId: SYSTEM_ACTOR.objectId },
    { userId: 'voiceops worker w7', actorObjectId: SYSTEM_ACTOR.objectId },
  ];
  return AUDIT_OPERATIONS.map((operation, i) => ({
    operation,
    ...actors[i % actors.length],
    objectId: 'erin@contoso.com',
    parameters: {},
    resultStatus: AUDIT_RESULT_STATUSES[i % AUDIT_RESULT_STATUSES.length],
    tenantId: 'contoso',
    requestId: REQUESTS[Math.floor(i / 8)],
    requestHash: null,
  }));
}

describe('the audit trail in every language', () => {
  test('every operation and result status of the audit schema has its words in every catalog', () => {
    const needed = [...AUDIT_OPERATIONS.map((o) => `audit.operation.${o}`), ...AUDIT_RESULT_STATUSES.map((s) => `audit.result.${s}`)];
    for (const locale of LOCALES) expect(needed.filter((key) => !CATALOGS[locale][key])).toEqual([]);
  });

  describe('with an entry of every kind on the record', () => {
    let bot: BotHarness;
    let entries: AuditEntry[];
    beforeAll(async () => {
      bot = await new BotHarness().start();
      entries = everyKindOfEntry();
      for (const entry of entries) await bot.app.store.appendAudit(entry);
    });
    afterAll(async () => bot.stop());

    test.each(CLIENTS)('$tag: each line says what happened in $locale, at times in $zone', async ({ tag, locale, zone }) => {
      bot.locale = tag;
      bot.localTimezone = zone;
      const words = CATALOGS[locale];
      const replies: string[] = [];
      for (const requestId of REQUESTS) {
        await bot.say(ADELE, `audit ${requestId}`);
        const reply = bot.connector.texts().at(-1) as string;
        replies.push(reply);
        const [heading, ...lines] = reply.split('\n').filter(Boolean);
        const records = await bot.app.store.queryAudit({ requestId, limit: 8 });
        expect(records).toHaveLength(8);
        records.forEach((record, i) => {
          const when = new Intl.DateTimeFormat(locale, { month: '2-digit', day: '2-digit', hour: 'numeric', minute: '2-digit', timeZone: zone }).format(new Date(record.creationTime));
          expect(lines[i]).toContain(`#${record.sequence} ${when} ${words[`audit.operation.${record.operation}`]}`);
          expect(lines[i]).toContain(words[`audit.result.${record.resultStatus}`]);
          expect(lines[i].length).toBeLessThanOrEqual(100);
        });
        // The zone is named once, in the heading, as Intl names it for this reader.
        const zoneName = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' }).formatToParts(new Date(records[0].creationTime)).find((p) => p.type === 'timeZoneName')?.value;
        expect(heading).toContain(`${zoneName}`);
      }
      const all = replies.join('\n');
      // The bot's own actors are named in the reader's words; people keep their names.
      expect(all).toContain(words['audit.actor.executor']);
      expect(all).toContain(words['audit.actor.worker'].replace('{id}', 'w7'));
      expect(all).toContain(MEGAN.name);
      // No schema names: they are in `voiceops audit export`, for auditors' tools.
      for (const name of [...AUDIT_OPERATIONS, ...AUDIT_RESULT_STATUSES]) expect(all).not.toContain(name);
      if (locale === 'en') {
        expect(englishLeftovers(all, 'ko').length).toBeGreaterThan(10);
        return;
      }
      expect(englishLeftovers(all, locale, ['w7'])).toEqual([]);
    });
  });
});
