import { requestHash } from '../../src/domain/requests/request-hash';

const base = { operation: 'enable-voice', parameters: { user: 'alice@contoso.com', number: '+14255550100' }, requester: { objectId: 'a' }, tenantId: 't' };

describe('requestHash', () => {
  test('when parameter order differs, then the hash is the same', () => {
    expect(requestHash(base)).toBe(requestHash({ ...base, parameters: { number: '+14255550100', user: 'alice@contoso.com' } }));
  });

  test.each([
    ['the number', { ...base, parameters: { ...base.parameters, number: '+14255550101' } }],
    ['the operation', { ...base, operation: 'disable-voice' }],
    ['the requester', { ...base, requester: { objectId: 'b' } }],
    ['the tenant', { ...base, tenantId: 'u' }],
  ])('when %s changes, then the hash changes', (_what, changed) => {
    expect(requestHash(changed)).not.toBe(requestHash(base));
  });
});
