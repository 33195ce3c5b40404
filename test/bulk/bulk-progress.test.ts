import { englishText } from '../../src/i18n/translator';
import { BulkProgressBoard } from '../../src/bot/bulk-progress-board';
import type { VoiceRequest } from '../../src/domain/requests/request';
import { BulkOutcomeLinks, linkKeyFrom } from '../../src/http/bulk-outcome-links';
import { silentLogger } from '../../src/logging/logger';

const REQUEST = { id: 7 } as VoiceRequest;
const progress = (done: number) => ({ total: 100, done, changed: done, noChange: 0, failed: 0 });

describe('bulk progress and outcome links', () => {
  test('when a hundred rows finish within one interval, then the card is updated once, and again after the interval', async () => {
    let now = 1_000;
    const published: string[] = [];
    const board = new BulkProgressBoard({ intervalMs: 3_000, now: () => now, publish: async (_r, text) => void published.push(englishText(text)), logger: silentLogger });
    for (let done = 1; done <= 100; done += 1) {
      board.update(REQUEST, progress(done));
      await Promise.resolve();
      now += 20;
    }
    expect(published).toEqual(['Running: 1 of 100 rows done (1 changed, 0 no change needed, 0 failed).']);
    now += 3_000;
    board.update(REQUEST, progress(100));
    await board.settle(REQUEST.id);
    expect(published).toHaveLength(2);
    expect(board.progressText(REQUEST.id)).toBeUndefined();
  });

  test('when a link is signed, then it works until it expires, and an edited one never does', () => {
    let now = Date.parse('2026-11-23T12:00:00Z');
    const links = new BulkOutcomeLinks({ baseUrl: () => 'https://bot.contoso.com', ttlMs: 3_600_000, now: () => now });
    const link = links.linkFor(42);
    const token = link.split('/').pop()!;
    expect(link).toMatch(/^https:\/\/bot\.contoso\.com\/bulk\/outcomes\/42\.\d+\.[0-9a-f]{64}\.csv$/);
    expect(links.requestOf(token)).toBe(42);
    expect(links.requestOf(token.replace(/^42\./, '43.'))).toBeUndefined();
    expect(new BulkOutcomeLinks({ baseUrl: () => '', ttlMs: 3_600_000, now: () => now }).requestOf(token)).toBeUndefined();
    now += 3_600_001;
    expect(links.requestOf(token)).toBeUndefined();
  });
  test('when replicas derive the key from the same audit key, then a link one hands out works on another and after a restart; the export link too', () => {
    let now = Date.parse('2026-12-07T12:00:00Z');
    const auditKey = Buffer.alloc(32, 7);
    const replica = () => new BulkOutcomeLinks({ baseUrl: () => 'https://bot.contoso.com', ttlMs: 3_600_000, now: () => now, key: linkKeyFrom(auditKey) });
    const [a, b] = [replica(), replica()];
    const outcomes = a.linkFor(42).split('/').pop()!;
    const exportLink = a.exportLink().url;
    expect(exportLink).toMatch(/^https:\/\/bot\.contoso\.com\/bulk\/export\/\d+\.[0-9a-f]{64}\.csv$/);
    const exportToken = exportLink.split('/').pop()!;
    expect(b.requestOf(outcomes)).toBe(42);
    expect(b.exportAllowed(exportToken)).toBe(true);
    // The derived key is not the audit key itself, and another deployment's key signs nothing here.
    expect(linkKeyFrom(auditKey).equals(auditKey)).toBe(false);
    const other = new BulkOutcomeLinks({ baseUrl: () => '', ttlMs: 3_600_000, now: () => now, key: linkKeyFrom(Buffer.alloc(32, 8)) });
    expect(other.requestOf(outcomes)).toBeUndefined();
    expect(other.exportAllowed(exportToken)).toBe(false);
    // An outcomes token is not an export token, nor the reverse; an edited or expired one never works.
    expect(b.exportAllowed(outcomes)).toBe(false);
    expect(b.requestOf(exportToken)).toBeUndefined();
    expect(b.exportAllowed(exportToken.replace(/^(\d)/, (d) => String((Number(d) + 1) % 10)))).toBe(false);
    // Export links work for at most an hour, whatever the outcomes links' lifetime.
    const daylong = new BulkOutcomeLinks({ baseUrl: () => '', ttlMs: 86_400_000, now: () => now, key: linkKeyFrom(auditKey) });
    expect(daylong.exportTtlMs).toBe(3_600_000);
    now += 3_600_001;
    expect(b.exportAllowed(exportToken)).toBe(false);
  });
});
