import { describeWithPwsh, runPwshScript } from './support/run-pwsh-script';

/** Runs each call in its own try/catch and reports the error category and message, as a caller of the real cmdlet sees them. */
const PROBE = String.raw`
function Probe([scriptblock] $Call) {
    try { $null = & $Call; [ordered]@{ category = 'None'; message = '' } }
    catch { [ordered]@{ category = [string]$_.CategoryInfo.Category; message = [string]$_.Exception.Message } }
}
$results = [ordered]@{
    unknownIdentity   = Probe { Grant-CsVoiceRoutingPolicy -Identity 'nobody@contoso.com' -PolicyName 'InternationalCallsDisallowed' }
    unknownPolicy     = Probe { Grant-CsVoiceRoutingPolicy -Identity 'alice@contoso.com' -PolicyName 'NoSuchPolicy' }
    unknownOnlinePolicy = Probe { Grant-CsOnlineVoiceRoutingPolicy -Identity 'alice@contoso.com' -PolicyName 'NoSuchPolicy' }
    unknownSite       = Probe { Set-CsUserPstnSettings -Identity 'alice@contoso.com' -HybridPSTNSite 'Atlantis' }
    invalidLineUri    = Probe { Set-CsUser -Identity 'alice@contoso.com' -OnPremLineURI 'tel:425-555-0100' }
    invalidNumber     = Probe { Set-CsPhoneNumberAssignment -Identity 'alice@contoso.com' -PhoneNumber 'tel:+14255550100' -PhoneNumberType DirectRouting }
    numberInUse       = Probe {
        Set-CsPhoneNumberAssignment -Identity 'alice@contoso.com' -PhoneNumber '+14255550177' -PhoneNumberType DirectRouting
        Set-CsPhoneNumberAssignment -Identity 'bob@contoso.com' -PhoneNumber '+14255550177' -PhoneNumberType DirectRouting
    }
    unlicensedMediation = Probe { Set-CsHybridMediationServer -Identity 'MediationServer1' -Fqdn 'ms1.contoso.com' -AccessProxyExternalFqdn 'ap.contoso.com' }
    unknownMailUser   = Probe { Set-MailUser -Identity 'nobody' -HiddenFromAddressListsEnabled $true }
    unknownRole       = Probe { New-ManagementRoleAssignment -Role 'NoSuchRole' -User 'nobody' }
    unreachableDc     = Probe { Get-AuthConfig -DomainController 'dc99.contoso.com' }
    notACertificate   = Probe { New-MsolServicePrincipalCredential -AppPrincipalId '00000004-0000-0ff1-ce00-000000000000' -Type Asymmetric -Value 'bm90IGEgY2VydA==' }
}
$path = $env:VOICEOPS_TEST_STATE
$text = [System.IO.File]::ReadAllText($path)
[System.IO.File]::WriteAllText($path, $text.Replace('"throttleEveryN": 0', '"throttleEveryN": 1').Replace('"latencyMs": 0', '"latencyMs": 150'))
$clock = [System.Diagnostics.Stopwatch]::StartNew()
$results['throttled'] = Probe { Get-CsUserPstnSettings -Identity 'alice@contoso.com' }
$results['latencyMs'] = $clock.ElapsedMilliseconds
[System.Console]::Out.WriteLine((ConvertTo-VoiceOpsJson -InputObject $results -Depth 5))
`;

describeWithPwsh('the simulated tenant fails the way the real services do', () => {
  let results: Record<string, any>;

  beforeAll(() => {
    results = runPwshScript(PROBE) as Record<string, any>;
  });

  test('when an identity, policy or site does not exist, then the error is ObjectNotFound with a message naming it', () => {
    expect(results.unknownIdentity).toEqual({ category: 'ObjectNotFound', message: 'Management object not found for identity "nobody@contoso.com".' });
    expect(results.unknownPolicy).toEqual({ category: 'ObjectNotFound', message: 'Cannot find policy "NoSuchPolicy" because it does not exist.' });
    expect(results.unknownOnlinePolicy.category).toBe('ObjectNotFound');
    expect(results.unknownSite).toEqual({ category: 'ObjectNotFound', message: 'The hybrid PSTN site "Atlantis" was not found.' });
    expect(results.unknownMailUser.category).toBe('ObjectNotFound');
    expect(results.unknownRole.category).toBe('ObjectNotFound');
  });

  test('when a line URI or phone number is malformed, then the error is InvalidArgument', () => {
    expect(results.invalidLineUri.category).toBe('InvalidArgument');
    expect(results.invalidLineUri.message).toContain('is not a valid line URI');
    expect(results.invalidNumber).toMatchObject({ category: 'InvalidArgument', message: expect.stringContaining('without the tel: prefix') });
    expect(results.notACertificate).toMatchObject({ category: 'InvalidArgument', message: expect.stringContaining('X.509') });
  });

  test('when a number is taken or an account is not ready, then the service refuses with the reason', () => {
    expect(results.numberInUse).toMatchObject({ category: 'ResourceExists', message: expect.stringContaining('already assigned to another user') });
    expect(results.unlicensedMediation).toMatchObject({ category: 'InvalidOperation', message: expect.stringContaining('Department to HybridMediationServer') });
    expect(results.unreachableDc).toMatchObject({ category: 'ResourceUnavailable', message: expect.stringContaining('could not be contacted') });
  });

  test('when the seed settings ask for throttling and latency, then the new cmdlets honour them too', () => {
    expect(results.throttled).toMatchObject({ category: 'LimitsExceeded', message: expect.stringContaining('throttled') });
    expect(results.latencyMs).toBeGreaterThanOrEqual(150);
  });
});
