import { GraphLicenseSource } from '../../src/adapters/graph/graph-license-source';
import { SimulatedLicenseSource } from '../../src/adapters/simulated-tenant/simulated-license-source';
import { voiceLicenseVerdict } from '../../src/domain/checks/license-check';
import { FetchGraphClient } from '../../src/domain/policy/graph-group-directory';
import { E3_ONLY, E5_PHONE_DISABLED, E5_WITH_PHONE, LocalGraphServer } from '../support/graph-server';
import { join } from 'node:path';

describe('voice licence verdict', () => {
  test('given a licence whose Phone System plan is provisioned, then it is a voice licence', () => {
    expect(voiceLicenseVerdict([E3_ONLY, E5_WITH_PHONE])).toMatchObject({
      ok: true,
      skus: ['ENTERPRISEPACK', 'ENTERPRISEPREMIUM'],
      reason: 'Phone System is provisioned through ENTERPRISEPREMIUM',
    });
  });
  test('given E5 with the Phone System plan disabled, then the disabled plan is named', () => {
    expect(voiceLicenseVerdict([E5_PHONE_DISABLED])).toMatchObject({ ok: false, reason: 'ENTERPRISEPREMIUM includes Phone System but the plan is Disabled' });
  });
  test('given only E3, or nothing, then no voice licence', () => {
    expect(voiceLicenseVerdict([E3_ONLY]).reason).toBe('no licence includes Phone System (Teams Phone) or E5');
    expect(voiceLicenseVerdict([])).toMatchObject({ ok: false, skus: [], reason: 'no licence is assigned' });
  });
});

/** The real Graph client path: fetch with a bearer token against a local server playing Graph. */
describe('GraphLicenseSource over HTTP', () => {
  const graph = new LocalGraphServer({ 'alice@contoso.com': [E5_WITH_PHONE], 'erin@contoso.com': [E3_ONLY] });
  let source: GraphLicenseSource;

  beforeAll(async () => {
    const url = await graph.start();
    source = new GraphLicenseSource(new FetchGraphClient(url, async () => 'graph-test-token'));
  });
  afterAll(() => graph.stop());
  afterEach(() => (graph.failWith = undefined));

  test('given a user, then GET /users/{upn}/licenseDetails is asked with the bearer token', async () => {
    const details = await source.licenseDetails('alice@contoso.com');
    expect(details).toEqual([{ skuPartNumber: 'ENTERPRISEPREMIUM', servicePlans: [
      { servicePlanName: 'MCOEV', provisioningStatus: 'Success' },
      { servicePlanName: 'TEAMS1', provisioningStatus: 'Success' },
    ] }]);
    expect(graph.seen.at(-1)).toEqual({ method: 'GET', path: '/v1.0/users/alice@contoso.com/licenseDetails', authorization: 'Bearer graph-test-token' });
  });

  test('given Graph answers 404, then the user is named as not found', async () => {
    await expect(source.licenseDetails('nobody@contoso.com')).rejects.toMatchObject({
      code: 'TENANT_USER_NOT_FOUND',
      message: 'The tenant has no user nobody@contoso.com. Check the spelling of the UPN.',
    });
  });

  test('given Graph fails, then the failure is an error and never an empty licence list', async () => {
    graph.failWith = 503;
    await expect(source.licenseDetails('alice@contoso.com')).rejects.toThrow('Microsoft Graph answered 503 for users');
  });
});

describe('SimulatedLicenseSource', () => {
  const source = new SimulatedLicenseSource(join(__dirname, '../../powershell/SimulatedTenant/seed-tenant.json'));

  test('given the seed tenant, then E5 users carry Phone System and erin has E3 only', async () => {
    expect(voiceLicenseVerdict(await source.licenseDetails('Alice@contoso.com')).ok).toBe(true);
    expect(voiceLicenseVerdict(await source.licenseDetails('erin@contoso.com'))).toMatchObject({ ok: false, skus: ['ENTERPRISEPACK'] });
    await expect(source.licenseDetails('nobody@contoso.com')).rejects.toMatchObject({ code: 'TENANT_USER_NOT_FOUND' });
  });
});
