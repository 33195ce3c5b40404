# The fixed functions the bot runs, one file per area of the procedures. The adapter already validated every argument;
# the attributes validate again, because this is the last place before the tenant. Patterns use (?-i), [0-9] and \z:
# ValidatePattern ignores case by default (which lets some non-ASCII letters fold into [A-Za-z]), \d accepts any
# Unicode digit, and $ would accept a trailing newline. Attribute arguments must be constants, hence the repetition.

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

foreach ($area in 'Voice', 'International', 'Sites', 'Inventory', 'Hybrid', 'MediationServer', 'ExchangeOAuth') {
    . ([System.IO.Path]::Combine($PSScriptRoot, "$area.ps1"))
}

Export-ModuleMember -Function Get-VoiceOpsVoiceState, Get-VoiceOpsNumberHolders, Enable-VoiceOpsVoice, Disable-VoiceOpsVoice,
    Get-VoiceOpsVoiceRoutingState, Grant-VoiceOpsVoiceRoutingPolicy,
    Get-VoiceOpsPstnSite, Get-VoiceOpsPstnSites, Set-VoiceOpsPstnSite, Get-VoiceOpsVoiceInventory,
    Get-VoiceOpsHybridConfiguration, Set-VoiceOpsHybridConfiguration,
    Get-VoiceOpsMediationServer, Register-VoiceOpsMediationServer,
    Get-VoiceOpsExchangeOAuthState, Get-VoiceOpsOAuthCredentialCheck, New-VoiceOpsOAuthApplicationAccount, Set-VoiceOpsOAuthAccountHidden,
    Add-VoiceOpsOAuthRoleAssignments, New-VoiceOpsOAuthPartnerApplication, Publish-VoiceOpsAuthCertificate, Invoke-VoiceOpsOAuthSetup,
    Remove-VoiceOpsOAuthConfiguration
