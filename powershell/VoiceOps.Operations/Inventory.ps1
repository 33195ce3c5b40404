# bulk export: every user's voice, site and international settings, each in the shape the single-user read of that
# setting returns, so the bot can tell which bulk value each user is already at.

function Get-VoiceOpsVoiceInventory {
    <# Every user: Get-CsOnlineUser (voice, per-user voice routing policy) and Get-CsUserPstnSettings (site). #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [ValidateSet('legacy', 'modern')]
        [string] $VoicePath = 'legacy'
    )

    $policyProperty = if ($VoicePath -eq 'modern') { 'OnlineVoiceRoutingPolicy' } else { 'VoiceRoutingPolicy' }
    $sites = @{}
    foreach ($settings in @(Get-CsOnlineUser | Get-CsUserPstnSettings)) { $sites[[string]$settings.UserPrincipalName] = [string]$settings.HybridPSTNSite }
    # Only what the bot compares, so a tenant of a few thousand users stays within the session's output cap.
    $users = @(Get-CsOnlineUser | ForEach-Object {
            $upn = [string]$_.UserPrincipalName
            [pscustomobject]@{
                Voice   = [pscustomobject]@{
                    UserPrincipalName      = $upn
                    EnterpriseVoiceEnabled = [bool]$_.EnterpriseVoiceEnabled
                    HostedVoiceMail        = [bool]$_.HostedVoiceMail
                    VoicePolicy            = [string]$_.VoicePolicy
                    LineURI                = [string]$_.LineURI
                }
                Site    = [pscustomobject]@{ HybridPSTNSite = [string]$sites[$upn] }
                Routing = [pscustomobject]@{ PolicyProperty = $policyProperty; PolicyName = [string]$_.$policyProperty }
            }
        })
    [pscustomobject]@{ Users = $users }
}
