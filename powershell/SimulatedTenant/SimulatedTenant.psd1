@{
    RootModule           = 'SimulatedTenant.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = 'db30781f-fa6f-4305-a61a-9d1b4634b40f'
    Author               = 'voiceops'
    Description          = 'Simulated Microsoft 365 tenant over a JSON state file: Teams (root module), MSOnline/Graph and on-premises Exchange (nested modules).'
    NestedModules        = @('SimulatedMsOnline.psm1', 'SimulatedExchange.psm1')
    PowerShellVersion    = '7.2'
    CompatiblePSEditions = @('Core')
    FunctionsToExport    = @(
        'Connect-VoiceOpsSimulatedTenant', 'Reset-VoiceOpsSimulatedTenant', 'Get-CsOnlineUser', 'Set-CsUser',
        'Grant-CsVoiceRoutingPolicy', 'Grant-CsOnlineVoiceRoutingPolicy', 'Set-CsPhoneNumberAssignment', 'Remove-CsPhoneNumberAssignment',
        'Get-CsUserPstnSettings', 'Set-CsUserPstnSettings', 'Get-CsHybridPSTNSite', 'Get-CsTenantHybridConfiguration',
        'Set-CsTenantHybridConfiguration', 'Get-CsTenantFederationConfiguration', 'Set-CsTenantFederationConfiguration',
        'Get-CsHybridMediationServer', 'Set-CsHybridMediationServer',
        'Get-MsolUser', 'Set-MsolUser', 'Get-MgUser', 'Update-MgUser', 'Get-MsolServicePrincipalCredential', 'New-MsolServicePrincipalCredential',
        'Remove-MsolServicePrincipalCredential',
        'Get-MgServicePrincipal', 'Update-MgServicePrincipal',
        'New-MailUser', 'Get-MailUser', 'Set-MailUser', 'Remove-MailUser', 'New-ManagementRoleAssignment', 'Get-ManagementRoleAssignment',
        'Remove-ManagementRoleAssignment', 'New-PartnerApplication', 'Get-PartnerApplication', 'Remove-PartnerApplication', 'Get-AuthConfig',
        'Get-ExchangeCertificate'
    )
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
}
