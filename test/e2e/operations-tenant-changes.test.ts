import { answersTo, approve, fileRequest, tenantState, tenantUser } from '../operations/support/approval-flow';
import { BotHarness } from '../support/bot-harness';
import { ADELE, DIEGO, MEGAN } from '../support/personas';
import { cardText } from '../support/teams-connector';

/**
 * Tenant-wide operations need two approvals (config/policy.dev.json): Diego files, Megan and Adele approve.
 * Hybrid connectivity, Mediation Server registration and the Exchange OAuth steps, end to end through real pwsh.
 */
describe('tenant-wide changes through the bot: hybrid connectivity, Mediation Server, Exchange OAuth', () => {
  let bot: BotHarness;

  beforeAll(async () => {
    bot = await new BotHarness().start();
  });

  afterAll(async () => {
    await bot.stop();
  });

  test('when hybrid connectivity is configured, then both tenant settings change after two approvals, a repeat does nothing, and undo restores them', async () => {
    const request = await fileRequest(bot, DIEGO, 'configure hybrid ap.contoso.com');
    const card = cardText(bot.latestApprovalCard().card);
    expect(card).toContain("Set-CsTenantHybridConfiguration -PeerDestination 'ap.contoso.com' -UseOnPremDialPlan $false; Set-CsTenantFederationConfiguration -SharedSipAddressSpace $true");
    expect(card).toContain('Waiting for approval (0 of 2)');

    expect((await answersTo(bot, MEGAN, `approve ${request}`))[0]).toMatch(/counted \(1 of 2\)/);
    expect(tenantState(bot).tenantHybridConfiguration.PeerDestination).toBeNull();
    expect(await approve(bot, request, [ADELE])).toMatchObject({ state: 'succeeded', result: { verified: true } });
    expect(tenantState(bot).tenantHybridConfiguration).toMatchObject({ PeerDestination: 'ap.contoso.com', UseOnPremDialPlan: false });
    expect(tenantState(bot).tenantFederationConfiguration.SharedSipAddressSpace).toBe(true);

    expect((await answersTo(bot, DIEGO, 'show hybrid'))[0]).toBe(
      'tenant hybrid configuration: PeerDestination = ap.contoso.com, UseOnPremDialPlan = False, SharedSipAddressSpace = True',
    );
    expect((await answersTo(bot, DIEGO, 'configure hybrid ap.contoso.com'))[0]).toMatch(/^Nothing to do: tenant hybrid configuration/);

    const undoAnswers = await answersTo(bot, DIEGO, `undo ${request}`);
    const undo = Number(/To undo #\d+ \(restore hybrid\): Request #(\d+) filed/.exec(undoAnswers.join(' '))?.[1]);
    expect((await bot.app.store.getRequest(undo))?.parameters).toEqual({ edge: 'none', dialplan: 'true', sharedsip: 'false' });
    expect(await approve(bot, undo, [MEGAN, ADELE])).toMatchObject({ state: 'succeeded', result: { verified: true } });
    expect(tenantState(bot).tenantHybridConfiguration).toMatchObject({ PeerDestination: null, UseOnPremDialPlan: true });
    expect(tenantState(bot).tenantFederationConfiguration.SharedSipAddressSpace).toBe(false);
  });

  test('when a Mediation Server is registered, then its account gets the department and the registration, through MSOnline', async () => {
    expect((await answersTo(bot, DIEGO, 'register mediation server MediationServer9 ms9.contoso.com ap.contoso.com'))[0]).toBe(
      'The tenant has no user MediationServer9. Check the spelling of the UPN.',
    );
    const request = await fileRequest(bot, DIEGO, 'register mediation server MediationServer1 ms1.contoso.com ap.contoso.com');
    expect(cardText(bot.latestApprovalCard().card)).toContain("Set-MsolUser -UserPrincipalName <MediationServer1's UPN> -Department 'HybridMediationServer'");
    expect(await approve(bot, request, [MEGAN, ADELE])).toMatchObject({ state: 'succeeded', result: { verified: true } });
    expect(tenantUser(bot, 'mediationserver1@contoso.com')).toMatchObject({ Department: 'HybridMediationServer', HostingProvider: 'ap.contoso.com' });
    expect(tenantState(bot).hybridMediationServers).toEqual([
      { Identity: 'MediationServer1', UserPrincipalName: 'mediationserver1@contoso.com', Fqdn: 'ms1.contoso.com', AccessProxyExternalFqdn: 'ap.contoso.com' },
    ]);
    expect((await answersTo(bot, MEGAN, `undo ${request}`))[0]).toMatch(/cannot be undone by the bot/);
  });

  test('when the Exchange OAuth steps run one by one, then each lands, the certificate is uploaded with its own dates, and setup then has nothing to do', async () => {
    const [before] = await answersTo(bot, DIEGO, 'exchange oauth verify');
    expect(before).toContain('ApplicationAccount = (none)');
    expect(before).toContain('CredentialMatchesCertificate = False');

    for (const step of ['account contoso.com dc01.contoso.com', 'hide dc01.contoso.com', 'roles', 'partner dc01.contoso.com', 'upload']) {
      const request = await fileRequest(bot, DIEGO, `exchange oauth ${step}`);
      expect({ step, ...(await approve(bot, request, [MEGAN, ADELE])) }).toMatchObject({ step, state: 'succeeded', result: { verified: true } });
    }
    const exchange = tenantState(bot).exchange;
    expect(exchange.mailUsers).toEqual([
      expect.objectContaining({ Name: 'SfBOnline-ApplicationAccount', ExternalEmailAddress: 'SMTP:SfBOnline-ApplicationAccount@contoso.com', HiddenFromAddressListsEnabled: true }),
    ]);
    expect(exchange.managementRoleAssignments.map((a: { Role: string }) => a.Role).sort()).toEqual(['ArchiveApplication', 'UserApplication']);
    expect(exchange.partnerApplications).toEqual([
      expect.objectContaining({ Name: 'SfBOnline', ApplicationIdentifier: '00000004-0000-0ff1-ce00-000000000000', Enabled: true, LinkedAccount: 'contoso.com/Users/SfBOnline-ApplicationAccount' }),
    ]);
    const [certificate] = exchange.certificates;
    const [key] = tenantState(bot).servicePrincipals[0].KeyCredentials;
    expect(key).toMatchObject({ Type: 'Asymmetric', Usage: 'Verify', Value: certificate.RawData, StartDate: certificate.NotBefore, EndDate: certificate.NotAfter });

    const [shown] = await answersTo(bot, DIEGO, 'exchange oauth certificate');
    expect(shown).toContain(`CertificateThumbprint = ${certificate.Thumbprint}`);
    const [verified] = await answersTo(bot, DIEGO, 'exchange oauth verify');
    expect(verified).toContain('CredentialMatchesCertificate = True');
    expect((await answersTo(bot, DIEGO, 'exchange oauth setup contoso.com'))[0]).toMatch(/^Nothing to do: Exchange OAuth for Skype for Business Online/);
  });

  test('when a domain controller cannot be reached, then the answer carries Exchange\'s reason and nothing is filed', async () => {
    const [answer] = await answersTo(bot, DIEGO, 'exchange oauth hide dc99.contoso.com');
    expect(answer).toMatch(/couldn't read the tenant just now \(The domain controller "dc99.contoso.com" could not be contacted.\)/);
    expect(bot.connector.texts()).toHaveLength(1);
  });
});
