import { EXPIRY_WARNING_DAYS, oauthCheckVerdict, type OAuthCredentialState } from '../../src/domain/checks/oauth-credential-check';
import { Translator } from '../../src/i18n/translator';

const CERTIFICATE: OAuthCredentialState = {
  certificateThumbprint: 'AB',
  certificateFound: true,
  certificateSubject: 'CN=Microsoft Exchange Server Auth Certificate',
  certificateNotBefore: '2026-01-01T00:00:00.0000000Z',
  certificateNotAfter: '2027-01-01T00:00:00.0000000Z',
  keys: [{ keyId: 'k', startDate: '2026-01-01T00:00:00Z', endDate: '2027-01-01T00:00:00+00:00' }],
};

/** The verdict rules on their own, at the edges the live tests do not reach. */
describe('the check oauth verdict', () => {
  test('when the dates are written differently but are the same instants, then they match', () => {
    expect(oauthCheckVerdict(CERTIFICATE, new Date('2026-06-01T00:00:00Z')).outcome).toBe('ok');
  });

  test(`when exactly ${EXPIRY_WARNING_DAYS} days are left, then it warns; one second more, then it does not`, () => {
    const end = Date.parse(CERTIFICATE.certificateNotAfter);
    expect(oauthCheckVerdict(CERTIFICATE, new Date(end - EXPIRY_WARNING_DAYS * 86_400_000)).outcome).toBe('expiring');
    expect(oauthCheckVerdict(CERTIFICATE, new Date(end - EXPIRY_WARNING_DAYS * 86_400_000 - 1000)).outcome).toBe('ok');
  });

  test('when the certificate ends at this very instant, then it has expired, and expiry is reported before a missing key', () => {
    const end = new Date(CERTIFICATE.certificateNotAfter);
    expect(oauthCheckVerdict(CERTIFICATE, end)).toMatchObject({ outcome: 'expired', ok: false });
    expect(oauthCheckVerdict({ ...CERTIFICATE, keys: [] }, end).outcome).toBe('expired');
  });

  test('when one of several keys matches, then the check passes; when only the start matches, then the dates differ', () => {
    const older = { keyId: 'old', startDate: '2025-01-01T00:00:00Z', endDate: '2026-01-01T00:00:00Z' };
    expect(oauthCheckVerdict({ ...CERTIFICATE, keys: [older, ...CERTIFICATE.keys] }, new Date('2026-06-01T00:00:00Z')).outcome).toBe('ok');
    const startOnly = { keyId: 's', startDate: '2026-01-01T00:00:00Z', endDate: '2026-12-31T00:00:00Z' };
    expect(oauthCheckVerdict({ ...CERTIFICATE, keys: [startOnly] }, new Date('2026-06-01T00:00:00Z'))).toMatchObject({ outcome: 'dates-differ', ok: false });
  });

  test('when a key date is not a date at all, then it never matches', () => {
    const broken = { keyId: 'b', startDate: 'soon', endDate: 'later' };
    expect(oauthCheckVerdict({ ...CERTIFICATE, keys: [broken] }, new Date('2026-06-01T00:00:00Z')).message).toContain('keys: soon to later');
  });

  test("when a key has no end date, then each reader sees (none) in their words, and the dates in their own zone", () => {
    const noEnd = { keyId: 'n', startDate: '2026-01-01T00:00:00Z', endDate: '' };
    const verdict = oauthCheckVerdict({ ...CERTIFICATE, keys: [noEnd] }, new Date('2026-06-01T00:00:00Z'));
    expect(verdict.outcome).toBe('dates-differ');
    expect(verdict.message).toContain('keys: Jan 1, 2026, 12:00 AM UTC to (none)');
    const fr = new Translator('fr', 'Europe/Paris').render(verdict.text);
    expect(fr).toContain('clés : du 1 janv. 2026, 01:00 UTC+1 au (aucune)');
    const ko = new Translator('ko', 'Asia/Seoul').render(verdict.text);
    expect(ko).toContain('(없음)');
    expect(ko).toContain('GMT+9');
    expect(ko).not.toContain('(none)');
  });
});
