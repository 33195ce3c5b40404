# enable voice, disable voice, check voice: Set-CsUser on the legacy (Cloud Connector) path, Set-CsPhoneNumberAssignment
# and Remove-CsPhoneNumberAssignment on the modern (Direct Routing) path.

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

function Get-VoiceOpsNumberHolders {
    <# Who holds a line URI (check number): Get-CsOnlineUser -Filter "LineURI -eq 'tel:+...'". The number has passed
       the tel:+digits pattern, so no quote can end the filter's string: it is data here too. #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)]
        [ValidateLength(12, 20)]
        [ValidatePattern('(?-i)^tel:\+[1-9][0-9]{6,14}\z')]
        [string] $LineUri
    )

    $holders = @(Get-CsOnlineUser -Filter "LineURI -eq '$LineUri'" | ForEach-Object { ConvertTo-VoiceOpsVoiceState -User $_ })
    [pscustomobject]@{ LineUri = $LineUri; Holders = $holders }
}

function Get-VoiceOpsVoiceState {
    <# Reads the voice settings of one user (check voice). With -NumberHolderOf, also who else holds that line URI
       (NumberHolders: their UPNs), so a number already in use is refused before anyone is asked to approve it. #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)]
        [ValidateLength(6, 256)]
        [ValidatePattern('(?-i)^[A-Za-z0-9._%+''!#^~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\z')]
        [string] $Identity,

        [ValidateLength(12, 20)]
        [ValidatePattern('(?-i)^tel:\+[1-9][0-9]{6,14}\z')]
        [string] $NumberHolderOf
    )

    $state = ConvertTo-VoiceOpsVoiceState -User (Get-CsOnlineUser -Identity $Identity)
    if ($NumberHolderOf) {
        $holders = @((Get-VoiceOpsNumberHolders -LineUri $NumberHolderOf).Holders | Where-Object { $_.ObjectId -ne $state.ObjectId })
        $state | Add-Member -NotePropertyName NumberHolders -NotePropertyValue @($holders | ForEach-Object { $_.UserPrincipalName })
    }
    $state
}

function Enable-VoiceOpsVoice {
    <# Enables Enterprise Voice (and hosted voicemail on the legacy path), with a number when one is given; then reads back. #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)]
        [ValidateLength(6, 256)]
        [ValidatePattern('(?-i)^[A-Za-z0-9._%+''!#^~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\z')]
        [string] $Identity,

        [ValidateLength(12, 20)]
        [ValidatePattern('(?-i)^tel:\+[1-9][0-9]{6,14}\z')]
        [string] $LineUri,

        [ValidateSet('legacy', 'modern')]
        [string] $VoicePath = 'legacy'
    )

    if ($VoicePath -eq 'modern') {
        if ($LineUri) {
            Set-CsPhoneNumberAssignment -Identity $Identity -PhoneNumber $LineUri.Substring(4) -PhoneNumberType DirectRouting
        }
        else {
            Set-CsPhoneNumberAssignment -Identity $Identity -EnterpriseVoiceEnabled $true
        }
    }
    elseif ($LineUri) {
        Set-CsUser -Identity $Identity -EnterpriseVoiceEnabled $true -HostedVoiceMail $true -OnPremLineURI $LineUri
    }
    else {
        Set-CsUser -Identity $Identity -EnterpriseVoiceEnabled $true -HostedVoiceMail $true
    }
    Get-VoiceOpsVoiceState -Identity $Identity
}

function Disable-VoiceOpsVoice {
    <# Turns Enterprise Voice and voicemail off and releases the user's number; then reads back. #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)]
        [ValidateLength(6, 256)]
        [ValidatePattern('(?-i)^[A-Za-z0-9._%+''!#^~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\z')]
        [string] $Identity,

        [ValidateSet('legacy', 'modern')]
        [string] $VoicePath = 'legacy'
    )

    if ($VoicePath -eq 'modern') {
        if ((Get-CsOnlineUser -Identity $Identity).LineURI) {
            Remove-CsPhoneNumberAssignment -Identity $Identity -RemoveAll
        }
        else {
            Set-CsPhoneNumberAssignment -Identity $Identity -EnterpriseVoiceEnabled $false
        }
    }
    else {
        Set-CsUser -Identity $Identity -EnterpriseVoiceEnabled $false -HostedVoiceMail $false -OnPremLineURI $null
    }
    Get-VoiceOpsVoiceState -Identity $Identity
}
