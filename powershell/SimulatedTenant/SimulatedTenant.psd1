@{
    RootModule           = 'SimulatedTenant.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = 'db30781f-fa6f-4305-a61a-9d1b4634b40f'
    Author               = 'voiceops'
    Description          = 'Simulated Microsoft Teams tenant: Get-CsOnlineUser and Set-CsUser over a JSON state file.'
    PowerShellVersion    = '7.2'
    CompatiblePSEditions = @('Core')
    FunctionsToExport    = @('Connect-VoiceOpsSimulatedTenant', 'Reset-VoiceOpsSimulatedTenant', 'Get-CsOnlineUser', 'Set-CsUser')
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
}
