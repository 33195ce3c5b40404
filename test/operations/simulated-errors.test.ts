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

/**
 * Builds what the Exchange OAuth procedure leaves behind (two mail users, their role assignments, the partner
 * application, three key credentials), then takes it apart with the Remove-* cmdlets, reading back with the Get-* ones.
 */
const REMOVALS = String.raw`
function Probe([scriptblock] $Call) {
    try { $null = & $Call; [ordered]@{ category = 'None'; message = ''; errorId = '' } }
    catch { [ordered]@{ category = [string]$_.CategoryInfo.Category; message = [string]$_.Exception.Message; errorId = [string]$_.FullyQualifiedErrorId } }
}
$app = '00000004-0000-0ff1-ce00-000000000000'
$dc = 'dc01.contoso.com'
foreach ($name in 'SfBOnline-ApplicationAccount', 'Other-ApplicationAccount') {
    $null = New-MailUser -Name $name -ExternalEmailAddress ('{0}@contoso.com' -f $name) -DomainController $dc
}
$null = New-ManagementRoleAssignment -Role 'UserApplication' -User 'SfBOnline-ApplicationAccount'
$null = New-ManagementRoleAssignment -Role 'ArchiveApplication' -User 'SfBOnline-ApplicationAccount'
$null = New-PartnerApplication -Name 'SfBOnline' -ApplicationIdentifier $app -LinkedAccount 'SfBOnline-ApplicationAccount'
foreach ($value in 'a2V5LW9uZQ==', 'a2V5LXR3bw==', 'a2V5LXRocmVl') { New-MsolServicePrincipalCredential -AppPrincipalId $app -Type Symmetric -Value $value }
function Get-KeyIds { Get-MsolServicePrincipalCredential -AppPrincipalId $app -ReturnKeyValues $false | ForEach-Object { $_.KeyId } }
$keys = @(Get-KeyIds)
$unknownKey = [guid]::NewGuid().ToString()
$results = [ordered]@{ keysBefore = $keys; unknownKey = $unknownKey }

$results['mailUserWhatIf'] = Probe { Remove-MailUser -Identity 'Other-ApplicationAccount' -WhatIf }
$results['mailUserUnconfirmed'] = Probe { Remove-MailUser -Identity 'Other-ApplicationAccount' }
$results['mailUserRemoved'] = Probe { Remove-MailUser 'SfBOnline-ApplicationAccount' -IgnoreLegalHold -DomainController $dc -Confirm:$false }
$results['mailUsersLeft'] = @(Get-MailUser | ForEach-Object { $_.Name })
$results['assignmentsAfterMailUser'] = @(Get-ManagementRoleAssignment | ForEach-Object { $_.Name })
$results['partnerAfterMailUser'] = @(Get-PartnerApplication | ForEach-Object { $_.Name })
$results['getRemovedMailUser'] = Probe { Get-MailUser -Identity 'SfBOnline-ApplicationAccount' }
$results['mailUserAgain'] = Probe { Remove-MailUser -Identity 'SfBOnline-ApplicationAccount' -Confirm:$false }
$results['mailUserBadDc'] = Probe { Remove-MailUser -Identity 'Other-ApplicationAccount' -DomainController 'dc99.contoso.com' -Confirm:$false }

$results['assignmentRemoved'] = Probe { Remove-ManagementRoleAssignment 'UserApplication-SfBOnline-ApplicationAccount' -DomainController $dc -Confirm:$false }
$results['assignmentsLeft'] = @(Get-ManagementRoleAssignment | ForEach-Object { $_.Name })
$results['unknownAssignment'] = Probe { Remove-ManagementRoleAssignment -Identity 'NoSuchAssignment' -Confirm:$false }

$results['partnerRemoved'] = Probe { Remove-PartnerApplication $app -DomainController $dc -Confirm:$false }
$results['partnersLeft'] = @(Get-PartnerApplication | ForEach-Object { $_.Name })
$results['unknownPartner'] = Probe { Remove-PartnerApplication -Identity 'SfBOnline' -Confirm:$false }

$results['keyRemoved'] = Probe { Remove-MsolServicePrincipalCredential -AppPrincipalId $app -KeyIds @($keys[0]) }
$results['keysAfterRemove'] = @(Get-KeyIds)
$results['unknownKeyWithKnown'] = Probe { Remove-MsolServicePrincipalCredential -AppPrincipalId $app -KeyIds @($keys[1], $unknownKey) }
$results['keysAfterRefusal'] = @(Get-KeyIds)
$principal = Get-MgServicePrincipal -Filter ("appId eq '{0}'" -f $app)
$results['keysRemovedByObjectId'] = Probe { Remove-MsolServicePrincipalCredential -ObjectId $principal.Id -KeyIds $keys[1], $keys[2] }
$results['keysLeft'] = @(Get-KeyIds)
$results['unknownPrincipal'] = Probe { Remove-MsolServicePrincipalCredential -AppPrincipalId ([guid]::NewGuid()) -KeyIds $unknownKey }

$results['misspelled'] = [ordered]@{
    mailUser   = Probe { Remove-MailUser -Identiy 'Other-ApplicationAccount' -Confirm:$false }
    assignment = Probe { Remove-ManagementRoleAssignment -Identity 'ArchiveApplication-SfBOnline-ApplicationAccount' -DomainControler $dc -Confirm:$false }
    partner    = Probe { Remove-PartnerApplication -Name 'SfBOnline' -Confirm:$false }
    key        = Probe { Remove-MsolServicePrincipalCredential -AppId $app -KeyIds $unknownKey }
}
$results['afterMisspelled'] = [ordered]@{
    mailUsers   = @(Get-MailUser | ForEach-Object { $_.Name })
    assignments = @(Get-ManagementRoleAssignment | ForEach-Object { $_.Name })
}
[System.Console]::Out.WriteLine((ConvertTo-VoiceOpsJson -InputObject $results -Depth 5))
`;

describeWithPwsh('the simulated tenant removes what the Remove-* cmdlets name, as the real services do', () => {
  let results: Record<string, any>;

  beforeAll(() => {
    results = runPwshScript(REMOVALS) as Record<string, any>;
  });

  test('when Remove-MailUser names a mail user, then Get-MailUser no longer finds it, and its role assignments and partner application stay', () => {
    expect(results.mailUserRemoved.category).toBe('None');
    expect(results.mailUsersLeft).toEqual(['Other-ApplicationAccount']);
    expect(results.assignmentsAfterMailUser).toEqual(['UserApplication-SfBOnline-ApplicationAccount', 'ArchiveApplication-SfBOnline-ApplicationAccount']);
    expect(results.partnerAfterMailUser).toEqual(['SfBOnline']);
  });

  test('when an Exchange Remove-* cmdlet runs with -WhatIf or without -Confirm:$false in a non-interactive session, then nothing is removed', () => {
    expect(results.mailUserWhatIf.category).toBe('None');
    expect(results.mailUserUnconfirmed.message).toContain('NonInteractive mode');
    expect(results.mailUsersLeft).toContain('Other-ApplicationAccount');
  });

  test('when a mail user, role assignment or partner application does not exist, then Remove-* fails with the not-found error Get-MailUser throws', () => {
    expect(results.getRemovedMailUser).toMatchObject({ category: 'ObjectNotFound', message: expect.stringContaining("'SfBOnline-ApplicationAccount' couldn't be found") });
    expect(results.mailUserAgain).toEqual(results.getRemovedMailUser);
    expect(results.unknownAssignment).toMatchObject({ category: 'ObjectNotFound', message: expect.stringContaining("'NoSuchAssignment' couldn't be found") });
    expect(results.unknownPartner).toMatchObject({ category: 'ObjectNotFound', message: expect.stringContaining("'SfBOnline' couldn't be found") });
    expect(results.mailUserBadDc).toMatchObject({ category: 'ResourceUnavailable', message: expect.stringContaining('could not be contacted') });
  });

  test('when Remove-ManagementRoleAssignment and Remove-PartnerApplication name one, then only that one is gone', () => {
    expect(results.assignmentRemoved.category).toBe('None');
    expect(results.assignmentsLeft).toEqual(['ArchiveApplication-SfBOnline-ApplicationAccount']);
    expect(results.partnerRemoved.category).toBe('None');
    expect(results.partnersLeft).toEqual([]);
  });

  test('when Remove-MsolServicePrincipalCredential names key ids, then those keys are gone, and an unknown key id removes nothing and is named', () => {
    const [first, second, third] = results.keysBefore as string[];
    expect(results.keysBefore).toHaveLength(3);
    expect(results.keyRemoved.category).toBe('None');
    expect(results.keysAfterRemove).toEqual([second, third]);
    expect(results.unknownKeyWithKnown).toMatchObject({ category: 'ObjectNotFound', message: expect.stringContaining(results.unknownKey) });
    expect(results.unknownKeyWithKnown.message).not.toContain(second);
    expect(results.keysAfterRefusal).toEqual([second, third]);
    expect(results.keysRemovedByObjectId.category).toBe('None');
    expect(results.keysLeft).toEqual([]);
    expect(results.keysLeft).not.toContain(first);
    expect(results.unknownPrincipal.category).toBe('ObjectNotFound');
  });

  test('when a parameter name is misspelled, then PowerShell refuses to bind it, as against Microsoft 365, and nothing is removed', () => {
    const misspelled = results.misspelled as Record<string, { category: string; message: string; errorId: string }>;
    const expected = {
      mailUser: ['Identiy', 'Remove-MailUser'],
      assignment: ['DomainControler', 'Remove-ManagementRoleAssignment'],
      partner: ['Name', 'Remove-PartnerApplication'],
      key: ['AppId', 'Remove-MsolServicePrincipalCredential'],
    };
    for (const [probe, [parameter, cmdlet]] of Object.entries(expected)) {
      expect({ probe, ...misspelled[probe] }).toEqual({
        probe,
        category: 'InvalidArgument',
        message: `A parameter cannot be found that matches parameter name '${parameter}'.`,
        errorId: `NamedParameterNotFound,${cmdlet}`,
      });
    }
    expect(results.afterMisspelled).toEqual({ mailUsers: ['Other-ApplicationAccount'], assignments: ['ArchiveApplication-SfBOnline-ApplicationAccount'] });
  });
});
