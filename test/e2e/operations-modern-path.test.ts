import { answersTo, approve, fileRequest, tenantState, tenantUser } from '../operations/support/approval-flow';
import { BotHarness } from '../support/bot-harness';
import { ADELE, DIEGO, MEGAN } from '../support/personas';
import { cardText } from '../support/teams-connector';

/** VOICEOPS_VOICE_PATH=modern: Direct Routing cmdlets and Microsoft Graph instead of Cloud Connector and MSOnline. */
describe('the modern voice path, chosen by configuration', () => {
  let bot: BotHarness;

  beforeAll(async () => {
    bot = await new BotHarness({ VOICEOPS_VOICE_PATH: 'modern' }).start();
  });

  afterAll(async () => {
    await bot.stop();
  });

  test('when voice is enabled, then the number is assigned as Direct Routing, and disabling releases it', async () => {
    const enable = await fileRequest(bot, MEGAN, 'enable voice bob@contoso.com +14255550142');
    expect(cardText(bot.latestApprovalCard().card)).toContain("Set-CsPhoneNumberAssignment -Identity 'bob@contoso.com' -PhoneNumber '+14255550142' -PhoneNumberType DirectRouting");
    expect((await bot.app.store.getRequest(enable))?.parameters.voicePath).toBe('modern');
    expect(await approve(bot, enable, [ADELE])).toMatchObject({ state: 'succeeded', result: { verified: true } });
    expect(tenantUser(bot, 'bob@contoso.com')).toMatchObject({ EnterpriseVoiceEnabled: true, LineURI: 'tel:+14255550142', PhoneNumberType: 'DirectRouting' });

    const disable = await fileRequest(bot, MEGAN, 'disable voice bob@contoso.com');
    expect(cardText(bot.latestApprovalCard().card)).toContain("Remove-CsPhoneNumberAssignment -Identity 'bob@contoso.com' -RemoveAll");
    expect(await approve(bot, disable, [ADELE])).toMatchObject({ state: 'succeeded', result: { verified: true } });
    expect(tenantUser(bot, 'bob@contoso.com')).toMatchObject({ EnterpriseVoiceEnabled: false, LineURI: '' });
  });

  test('when international calls are blocked, then the online voice routing policy is granted', async () => {
    const block = await fileRequest(bot, MEGAN, 'block international carol@contoso.com');
    expect(cardText(bot.latestApprovalCard().card)).toContain("Grant-CsOnlineVoiceRoutingPolicy -Identity 'carol@contoso.com' -PolicyName 'InternationalCallsDisallowed'");
    expect(await approve(bot, block, [ADELE])).toMatchObject({ state: 'succeeded' });
    expect(tenantUser(bot, 'carol@contoso.com')).toMatchObject({ OnlineVoiceRoutingPolicy: 'InternationalCallsDisallowed', VoiceRoutingPolicy: null });
  });

  test('when a Mediation Server is registered, then the department is set through Graph', async () => {
    const request = await fileRequest(bot, DIEGO, 'register mediation server MediationServer1 ms1.contoso.com ap.contoso.com');
    expect(cardText(bot.latestApprovalCard().card)).toContain('PATCH https://graph.microsoft.com/v1.0/users/{id} {"department":"HybridMediationServer"}');
    expect(await approve(bot, request, [MEGAN, ADELE])).toMatchObject({ state: 'succeeded', result: { verified: true } });
    expect(tenantUser(bot, 'mediationserver1@contoso.com').Department).toBe('HybridMediationServer');
  });

  test('when the whole Exchange OAuth setup runs at once, then every step lands and the certificate goes to Graph keyCredentials with its own dates', async () => {
    const request = await fileRequest(bot, DIEGO, 'exchange oauth setup contoso.com dc01.contoso.com');
    expect(cardText(bot.latestApprovalCard().card)).toContain("Update-MgServicePrincipal -ServicePrincipalId <appId 00000004-0000-0ff1-ce00-000000000000> -KeyCredentials");
    expect(await approve(bot, request, [MEGAN, ADELE])).toMatchObject({ state: 'succeeded', result: { verified: true } });
    const [verified] = await answersTo(bot, DIEGO, 'exchange oauth verify');
    expect(verified).toContain('UserApplicationRole = True, ArchiveApplicationRole = True, PartnerApplicationEnabled = True');
    expect(verified).toContain('CredentialMatchesCertificate = True');
    const [certificate] = tenantState(bot).exchange.certificates;
    expect(tenantState(bot).servicePrincipals[0].KeyCredentials).toEqual([
      expect.objectContaining({ Type: 'Asymmetric', Usage: 'Verify', Value: certificate.RawData, StartDate: certificate.NotBefore, EndDate: certificate.NotAfter }),
    ]);

    // Undo of the whole setup takes every step back, the key through Graph keyCredentials.
    const undo = await fileRequest(bot, DIEGO, `undo ${request}`);
    expect(await bot.app.store.getRequest(undo)).toMatchObject({
      operation: 'exchange-oauth-remove',
      parameters: { parts: 'key,partner,userrole,archiverole,hide,account', dc: 'dc01.contoso.com', certificate: certificate.Thumbprint, voicePath: 'modern' },
    });
    expect(cardText(bot.latestApprovalCard().card)).toContain('Update-MgServicePrincipal -ServicePrincipalId <appId 00000004-0000-0ff1-ce00-000000000000> -KeyCredentials (<existing keys> without');
    expect(await approve(bot, undo, [MEGAN, ADELE])).toMatchObject({ state: 'succeeded', result: { verified: true } });
    expect(tenantState(bot).servicePrincipals[0].KeyCredentials).toEqual([]);
    expect(tenantState(bot).exchange).toMatchObject({ mailUsers: [], managementRoleAssignments: [], partnerApplications: [] });
  });
});
