# The fixed functions the bot runs, one per operation. The adapter already validated every argument; the attributes
# below validate again, because this is the last place before the tenant. Patterns use (?-i), [0-9] and \z:
# ValidatePattern ignores case by default (which lets some non-ASCII letters fold into [A-Za-z]), \d accepts any
# Unicode digit, and $ would accept a trailing newline. Attribute arguments must be constants, hence the repetition.

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

function ConvertTo-VoiceOpsVoiceState {
    param([Parameter(Mandatory)] [object] $User)

    [pscustomobject]@{
        UserPrincipalName      = [string]$User.UserPrincipalName
        DisplayName            = [string]$User.DisplayName
        ObjectId               = [string]$User.Identity
        EnterpriseVoiceEnabled = [bool]$User.EnterpriseVoiceEnabled
        HostedVoiceMail        = [bool]$User.HostedVoiceMail
        VoicePolicy            = [string]$User.VoicePolicy
        LineURI                = [string]$User.LineURI
    }
}

function Get-VoiceOpsVoiceState {
    <# Reads the voice settings of one user (check voice). #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)]
        [ValidateLength(6, 256)]
        [ValidatePattern('(?-i)^[A-Za-z0-9._%+''!#^~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\z')]
        [string] $Identity
    )

    ConvertTo-VoiceOpsVoiceState -User (Get-CsOnlineUser -Identity $Identity)
}

function Enable-VoiceOpsVoice {
    <# Enables Enterprise Voice and hosted voicemail with an on-premises number (Cloud Connector step 7), then reads back. #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)]
        [ValidateLength(6, 256)]
        [ValidatePattern('(?-i)^[A-Za-z0-9._%+''!#^~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\z')]
        [string] $Identity,

        [Parameter(Mandatory)]
        [ValidateLength(12, 20)]
        [ValidatePattern('(?-i)^tel:\+[1-9][0-9]{6,14}\z')]
        [string] $LineUri
    )

    Set-CsUser -Identity $Identity -EnterpriseVoiceEnabled $true -HostedVoiceMail $true -OnPremLineURI $LineUri
    Get-VoiceOpsVoiceState -Identity $Identity
}

Export-ModuleMember -Function Get-VoiceOpsVoiceState, Enable-VoiceOpsVoice
