# block international, allow international, reset international: the per-user voice routing policy
# (Grant-CsVoiceRoutingPolicy on the legacy path, Grant-CsOnlineVoiceRoutingPolicy on the modern one).

function Get-VoiceOpsVoiceRoutingState {
    <# The user's per-user voice routing policy for the path; empty means the global policy. #>
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

    $user = Get-CsOnlineUser -Identity $Identity
    $property = if ($VoicePath -eq 'modern') { 'OnlineVoiceRoutingPolicy' } else { 'VoiceRoutingPolicy' }
    [pscustomobject]@{
        UserPrincipalName = [string]$user.UserPrincipalName
        ObjectId          = [string]$user.Identity
        PolicyProperty    = $property
        PolicyName        = [string]$user.$property
    }
}

function Grant-VoiceOpsVoiceRoutingPolicy {
    <# Grants one of the international calling policies, or Global to remove the per-user assignment; then reads back. #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)]
        [ValidateLength(6, 256)]
        [ValidatePattern('(?-i)^[A-Za-z0-9._%+''!#^~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\z')]
        [string] $Identity,

        [Parameter(Mandatory)]
        [ValidateSet('InternationalCallsAllowed', 'InternationalCallsDisallowed', 'Global', IgnoreCase = $false)]
        [string] $PolicyName,

        [ValidateSet('legacy', 'modern')]
        [string] $VoicePath = 'legacy'
    )

    $policy = if ($PolicyName -eq 'Global') { $null } else { $PolicyName }
    if ($VoicePath -eq 'modern') {
        Grant-CsOnlineVoiceRoutingPolicy -Identity $Identity -PolicyName $policy
    }
    else {
        Grant-CsVoiceRoutingPolicy -Identity $Identity -PolicyName $policy
    }
    Get-VoiceOpsVoiceRoutingState -Identity $Identity -VoicePath $VoicePath
}
