@{
    RootModule           = 'VoiceOps.Operations.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '84162287-a70d-4449-a900-66fefdbd5d14'
    Author               = 'voiceops'
    Description          = 'The fixed functions voiceops runs, one per operation; parameters re-validated here.'
    PowerShellVersion    = '7.2'
    CompatiblePSEditions = @('Core')
    FunctionsToExport    = @(
        'Get-VoiceOpsVoiceState',
        'Get-VoiceOpsNumberHolders',
        'Enable-VoiceOpsVoice',
        'Disable-VoiceOpsVoice',
        'Get-VoiceOpsVoiceRoutingState',
        'Grant-VoiceOpsVoiceRoutingPolicy',
        'Get-VoiceOpsPstnSite',
        'Get-VoiceOpsPstnSites',
        'Set-VoiceOpsPstnSite',
        'Get-VoiceOpsVoiceInventory',
        'Get-VoiceOpsHybridConfiguration',
        'Set-VoiceOpsHybridConfiguration',
        'Get-VoiceOpsMediationServer',
        'Register-VoiceOpsMediationServer',
        'Get-VoiceOpsExchangeOAuthState',
        'Get-VoiceOpsOAuthCredentialCheck',
        'New-VoiceOpsOAuthApplicationAccount',
        'Set-VoiceOpsOAuthAccountHidden',
        'Add-VoiceOpsOAuthRoleAssignments',
        'New-VoiceOpsOAuthPartnerApplication',
        'Publish-VoiceOpsAuthCertificate',
        'Invoke-VoiceOpsOAuthSetup',
        'Remove-VoiceOpsOAuthConfiguration'
    )
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
}
