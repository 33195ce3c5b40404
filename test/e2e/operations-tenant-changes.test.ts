import { answersTo, approve, fileRequest, tenantState, tenantUser } from '../operations/support/approval-flow';
import { BotHarness } from '../support/bot-harness';
import { updateTenantState } from '../support/tenant-state';
import { ADELE, DIEGO, MEGAN } from '../support/personas';
import { cardText } from '../support/teams-connector';

/**
 * Tenant-wide operations need two approvals (config/policy.dev.json): Diego files, Megan and Adele approve.
 * Hybrid connectivity, Mediation Server registration and the Exchange OAuth steps, end to end through real pwsh.
 */
describe('tenant-wide changes through the bot: hybrid connectivity, Mediation Server, Exchange OAuth', () => {
  let bot: BotHarness;
  // The request of each Exchange OAuth step, by step, for the undo test that follows them.
  const oauthSteps: Record<string, number> = {};

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
    // No cmdlet unregisters a Mediation Server: the first registration cannot be undone by the bot.
    expect((await answersTo(bot, MEGAN, `undo ${request}`))[0]).toBe(
      `The state before request #${request} is not one the bot's commands can put back; restore it by hand.`,
    );

    // Registered again with a mistyped FQDN, then undone: registered as it was before.
    const mistyped = await fileRequest(bot, DIEGO, 'register mediation server MediationServer1 ms11.contoso.com ap.contoso.com');
    expect(await approve(bot, mistyped, [MEGAN, ADELE])).toMatchObject({ state: 'succeeded', result: { verified: true } });
    const undo = await fileRequest(bot, DIEGO, `undo ${mistyped}`);
    expect((await bot.app.store.getRequest(undo))?.parameters).toMatchObject({ name: 'MediationServer1', fqdn: 'ms1.contoso.com', edge: 'ap.contoso.com' });
    expect(await approve(bot, undo, [MEGAN, ADELE])).toMatchObject({ state: 'succeeded', result: { verified: true } });
    expect(tenantState(bot).hybridMediationServers).toEqual([expect.objectContaining({ Identity: 'MediationServer1', Fqdn: 'ms1.contoso.com' })]);
  });

  test('when the Exchange OAuth steps run one by one, then each lands, the certificate is uploaded with its own dates, and setup then has nothing to do', async () => {
    const [before] = await answersTo(bot, DIEGO, 'exchange oauth verify');
    expect(before).toContain('ApplicationAccount = (none)');
    expect(before).toContain('CredentialMatchesCertificate = False');

    for (const step of ['account contoso.com dc01.contoso.com', 'hide dc01.contoso.com', 'roles', 'partner dc01.contoso.com', 'upload']) {
      const request = await fileRequest(bot, DIEGO, `exchange oauth ${step}`);
      expect({ step, ...(await approve(bot, request, [MEGAN, ADELE])) }).toMatchObject({ step, state: 'succeeded', result: { verified: true } });
      oauthSteps[step.split(' ')[0]] = request;
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

  test('when the Exchange OAuth steps are undone, then each removal takes back only what its step made, last step first, and the account goes only with what names it', async () => {
    const exchange = () => tenantState(bot).exchange;
    const keys = () => tenantState(bot).servicePrincipals[0].KeyCredentials;
    const [certificate] = exchange().certificates;
    expect(keys()).toHaveLength(1);

    // The account cannot go while the roles and the partner application still name it: refused before any approval.
    expect((await answersTo(bot, DIEGO, `undo ${oauthSteps.account}`))[0]).toBe(
      'SfBOnline-ApplicationAccount is still named by what this request keeps (partner,userrole,archiverole); add those to the parts to remove, or use all. No request was filed.',
    );
    expect((await answersTo(bot, DIEGO, 'exchange oauth remove keys'))[0]).toMatch(/^"keys" does not name what to remove for what to remove/);
    // A key of another certificate than the one Exchange signs with is not removed: that would take the one in use.
    expect((await answersTo(bot, DIEGO, `exchange oauth remove key certificate=${'ab'.repeat(20)}`))[0]).toBe(
      `Exchange now signs with the certificate ${certificate.Thumbprint}, not ${'AB'.repeat(20)}: removing a key now would remove the one in use. Remove the old certificate's key by hand if it is still there. No request was filed.`,
    );

    // Undo of the upload: the key of the certificate it uploaded, bound to that certificate.
    const undoAnswers = await answersTo(bot, DIEGO, `undo ${oauthSteps.upload}`);
    const removeKey = Number(/To undo #\d+ \(exchange oauth remove\): Request #(\d+) filed/.exec(undoAnswers.join(' '))?.[1]);
    expect((await bot.app.store.getRequest(removeKey))?.parameters).toMatchObject({ parts: 'key', certificate: certificate.Thumbprint });
    const card = cardText(bot.latestApprovalCard().card);
    expect(card).toContain(
      `Remove-MsolServicePrincipalCredential -AppPrincipalId 00000004-0000-0ff1-ce00-000000000000 -KeyIds <the Verify keys valid exactly as long as the certificate ${certificate.Thumbprint}>`,
    );
    expect(card).toContain('Waiting for approval (0 of 2)');
    expect(await approve(bot, removeKey, [MEGAN, ADELE])).toMatchObject({ state: 'succeeded', result: { verified: true } });
    expect(keys()).toEqual([]);
    expect(exchange().partnerApplications).toHaveLength(1);
    expect((await answersTo(bot, DIEGO, `undo ${oauthSteps.upload}`))[0]).toMatch(/^To undo #\d+ \(exchange oauth remove\): Nothing to do: .*CredentialMatchesCertificate = False\. No request was filed\.$/);

    // Undo of the hide step, then everything that names the account, with it.
    expect(await approve(bot, await fileRequest(bot, DIEGO, `undo ${oauthSteps.hide}`), [MEGAN, ADELE])).toMatchObject({ state: 'succeeded', result: { verified: true } });
    expect(exchange().mailUsers[0].HiddenFromAddressListsEnabled).toBe(false);
    const removeAll = await fileRequest(bot, DIEGO, 'exchange oauth remove roles,partner,account dc01.contoso.com');
    expect(cardText(bot.latestApprovalCard().card)).toContain(
      "Remove-PartnerApplication -Identity SfBOnline -Confirm:$false -DomainController 'dc01.contoso.com'; Get-ManagementRoleAssignment -RoleAssignee SfBOnline-ApplicationAccount -Role UserApplication",
    );
    expect(await approve(bot, removeAll, [MEGAN, ADELE])).toMatchObject({ state: 'succeeded', result: { verified: true } });
    expect(exchange()).toMatchObject({ mailUsers: [], managementRoleAssignments: [], partnerApplications: [] });
    const [after] = await answersTo(bot, DIEGO, 'exchange oauth verify');
    expect(after).toContain('ApplicationAccount = (none), HiddenFromAddressLists = False, UserApplicationRole = False, ArchiveApplicationRole = False, PartnerApplicationEnabled = False');
    expect((await answersTo(bot, MEGAN, `undo ${removeAll}`))[0]).toMatch(/cannot be undone by the bot/);

    // The procedure runs again from the start on what the removals left.
    expect(await approve(bot, await fileRequest(bot, DIEGO, 'exchange oauth setup contoso.com'), [MEGAN, ADELE])).toMatchObject({ state: 'succeeded', result: { verified: true } });

    // A renewal leaves the old certificate's key behind: `remove expired` takes only keys whose end has passed.
    const [current] = keys();
    updateTenantState(bot.config.tenantStatePath, (state) => {
      state.servicePrincipals[0].KeyCredentials.push({ ...current, KeyId: '0000000d-0000-4000-8000-000000000000', StartDate: '2021-11-23T11:48:20.0000000Z', EndDate: '2026-11-23T11:48:20.0000000Z' });
    });
    const removeExpired = await fileRequest(bot, DIEGO, 'exchange oauth remove expired');
    const expiredCard = cardText(bot.latestApprovalCard().card);
    expect(expiredCard).toContain('Remove-MsolServicePrincipalCredential -AppPrincipalId 00000004-0000-0ff1-ce00-000000000000 -KeyIds <the Verify keys whose EndDate has passed>');
    expect(expiredCard).toMatch(/ExpiredKeys\s*1\s*→\s*0/);
    expect(await approve(bot, removeExpired, [MEGAN, ADELE])).toMatchObject({ state: 'succeeded', result: { verified: true } });
    expect(keys()).toEqual([current]);
    expect((await answersTo(bot, DIEGO, 'exchange oauth remove expired'))[0]).toMatch(/^Nothing to do: Exchange OAuth for Skype for Business Online/);
  });

  test('when a domain controller cannot be reached, then the answer carries Exchange\'s reason and nothing is filed', async () => {
    const [answer] = await answersTo(bot, DIEGO, 'exchange oauth hide dc99.contoso.com');
    expect(answer).toMatch(/couldn't read the tenant just now \(The domain controller "dc99.contoso.com" could not be contacted.\)/);
    expect(bot.connector.texts()).toHaveLength(1);
  });
});
