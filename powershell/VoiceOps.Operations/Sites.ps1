# assign site, clear site, show site, list sites: the user's hybrid PSTN site (Set-/Get-CsUserPstnSettings).

function Get-VoiceOpsPstnSite {
    <# One user's hybrid PSTN site, with the tenant's sites so a request can name only one that exists. #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)]
        [ValidateLength(6, 256)]
        [ValidatePattern('(?-i)^[A-Za-z0-9._%+''!#^~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\z')]
        [string] $Identity
    )

    $user = Get-CsOnlineUser -Identity $Identity
    $settings = Get-CsUserPstnSettings -Identity $Identity
    [pscustomobject]@{
        UserPrincipalName = [string]$user.UserPrincipalName
        ObjectId          = [string]$user.Identity
        HybridPSTNSite    = [string]$settings.HybridPSTNSite
        KnownSites        = @(Get-CsHybridPSTNSite | ForEach-Object { [string]$_.Identity })
    }
}

function Get-VoiceOpsPstnSites {
    <# Every user and their hybrid PSTN site: Get-CsOnlineUser | Get-CsUserPstnSettings. #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param()

    $sites = @(Get-CsOnlineUser | Get-CsUserPstnSettings | ForEach-Object {
            [pscustomobject]@{ UserPrincipalName = [string]$_.UserPrincipalName; HybridPSTNSite = [string]$_.HybridPSTNSite }
        })
    # The sites themselves too, so forms can offer them as a choice set.
    $known = @(Get-CsHybridPSTNSite | ForEach-Object { [pscustomobject]@{ Identity = [string]$_.Identity } })
    [pscustomobject]@{ Users = $sites; Sites = $known }
}

function Set-VoiceOpsPstnSite {
    <# Puts a user in a hybrid PSTN site, or with an empty Site back on the tenant's default; then reads back. #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)]
        [ValidateLength(6, 256)]
        [ValidatePattern('(?-i)^[A-Za-z0-9._%+''!#^~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\z')]
        [string] $Identity,

        [Parameter(Mandatory)]
        [AllowEmptyString()]
        [ValidatePattern('(?-i)^([A-Za-z0-9][A-Za-z0-9_-]{0,63})?\z')]
        [string] $Site
    )

    $target = if ($Site) { $Site } else { $null }
    Set-CsUserPstnSettings -Identity $Identity -HybridPSTNSite $target
    Get-VoiceOpsPstnSite -Identity $Identity
}
