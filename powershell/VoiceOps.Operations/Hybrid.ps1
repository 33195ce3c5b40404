# configure hybrid: the tenant-wide hybrid connectivity of procedure A step 5.

function Get-VoiceOpsHybridConfiguration {
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param()

    $hybrid = Get-CsTenantHybridConfiguration
    $federation = Get-CsTenantFederationConfiguration
    [pscustomobject]@{
        PeerDestination       = [string]$hybrid.PeerDestination
        UseOnPremDialPlan     = [bool]$hybrid.UseOnPremDialPlan
        SharedSipAddressSpace = [bool]$federation.SharedSipAddressSpace
    }
}

function Set-VoiceOpsHybridConfiguration {
    <# Sets the Access Edge peer, the dial plan choice and the shared SIP address space; empty PeerDestination clears it. #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)]
        [AllowEmptyString()]
        [ValidateLength(0, 253)]
        [ValidatePattern('(?-i)^(([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})?\z')]
        [string] $PeerDestination,

        [Parameter(Mandatory)]
        [bool] $UseOnPremDialPlan,

        [Parameter(Mandatory)]
        [bool] $SharedSipAddressSpace
    )

    $peer = if ($PeerDestination) { $PeerDestination } else { $null }
    Set-CsTenantHybridConfiguration -PeerDestination $peer -UseOnPremDialPlan $UseOnPremDialPlan
    Set-CsTenantFederationConfiguration -SharedSipAddressSpace $SharedSipAddressSpace
    Get-VoiceOpsHybridConfiguration
}
