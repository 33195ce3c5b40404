# A stand-in for the MicrosoftTeams module: the cmdlets the walking skeleton needs, with Microsoft's names, parameter
# names and error categories, over a JSON state file. Written with the language and .NET only (see VoiceOps.Json.ps1).

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
. ([System.IO.Path]::Combine($PSScriptRoot, '..', 'Shared', 'VoiceOps.Json.ps1'))
. ([System.IO.Path]::Combine($PSScriptRoot, 'TenantStore.ps1'))

$script:SeedPath = [System.IO.Path]::Combine($PSScriptRoot, 'seed-tenant.json')
$script:LineUriPattern = '^(?i:tel):\+[1-9][0-9]{6,14}(;(?i:ext)=[0-9]{1,10})?\z'
# Fields kept in the state file for the simulation's own use, never shown by Get-CsOnlineUser.
$script:InternalUserFields = @('AdminRoles')
# Get-CsOnlineUser -Properties always includes these (Microsoft documents the same list).
$script:AlwaysPresentProperties = @('Identity', 'UserPrincipalName', 'Alias', 'AccountEnabled', 'DisplayName')

function ConvertTo-OnlineUser {
    param([Parameter(Mandatory)] [System.Collections.IDictionary] $User, [string[]] $Properties)

    $output = [ordered]@{ Identity = [string]$User['ObjectId'] }
    foreach ($key in $User.Keys) {
        if ($key -in $script:InternalUserFields) { continue }
        if ($Properties -and $key -notin $Properties -and $key -notin $script:AlwaysPresentProperties) { continue }
        $output[$key] = $User[$key]
    }
    [pscustomobject]$output
}

function Connect-VoiceOpsSimulatedTenant {
    <# Points this session at a tenant state file (default: $env:VOICEOPS_TENANT_STATE), seeding it if absent. #>
    [CmdletBinding()]
    param([ValidateNotNullOrEmpty()] [string] $StatePath = $env:VOICEOPS_TENANT_STATE)

    if (-not $StatePath) {
        $PSCmdlet.ThrowTerminatingError((New-TenantErrorRecord -Message 'Give -StatePath or set VOICEOPS_TENANT_STATE.' `
                    -ErrorId 'StatePathMissing' -Category InvalidArgument -Target $null))
    }
    Set-TenantStatePath -Path ([System.IO.Path]::GetFullPath($StatePath))
    if (-not [System.IO.File]::Exists((Get-TenantStatePath))) { Reset-VoiceOpsSimulatedTenant }
    $state = Read-TenantState
    [pscustomobject]@{
        Account     = 'voiceops-simulated'
        Environment = 'SimulatedTenant'
        Tenant      = [string]$state['tenant']['defaultDomain']
        TenantId    = [string]$state['tenant']['tenantId']
        StatePath   = Get-TenantStatePath
    }
}

function Reset-VoiceOpsSimulatedTenant {
    <# Replaces the connected tenant's state with the seed users and default settings. #>
    [CmdletBinding(SupportsShouldProcess)]
    param()

    Assert-TenantConnected
    if (-not $PSCmdlet.ShouldProcess((Get-TenantStatePath), 'Reset simulated tenant')) { return }
    $lock = Lock-TenantState
    try {
        Save-TenantState -Text ([System.IO.File]::ReadAllText($script:SeedPath))
    }
    finally {
        $lock.Dispose()
    }
}

function Get-CsOnlineUser {
    <# Returns online users; with -Identity, the users that identity resolves to. #>
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)]
        [string] $Identity,

        [string] $AccountType,

        [string] $Filter,

        [string] $Properties,

        [uint32] $ResultSize = [uint32]::MaxValue,

        [switch] $SkipUserPolicies,

        [switch] $SoftDeletedUser,

        [Alias('OrderBy')]
        [string] $Sort
    )

    Assert-TenantConnected
    # Of the service's OPATH filters, only the one number lookups use: LineURI -eq 'tel:+...' (who holds a number).
    $lineUriFilter = if ($Filter) { [regex]::Match($Filter, '(?i)^\s*LineURI\s+-eq\s+''([^'']+)''\s*$') }
    if ($Filter -and -not $lineUriFilter.Success) {
        $PSCmdlet.ThrowTerminatingError((New-TenantErrorRecord -Message 'The simulated tenant evaluates only -Filter "LineURI -eq ''tel:+...''".' `
                    -ErrorId 'FilterNotSupported' -Category NotImplemented -Target $Filter))
    }
    $state = Read-TenantState
    Invoke-TenantServiceCall -State $state
    if ($SoftDeletedUser) { return }

    if ($lineUriFilter) {
        $users = @(Find-TenantNumberHolderByHint -State $state -Number $lineUriFilter.Groups[1].Value)
        if ($PSBoundParameters.ContainsKey('Identity')) { $users = @($users | Where-Object { Test-TenantUserIdentity -User $_ -Identity $Identity }) }
    }
    elseif ($PSBoundParameters.ContainsKey('Identity')) {
        $users = @(Find-TenantUser -State $state -Identity $Identity)
        if ($users.Count -eq 0 -and -not $Identity.Contains('*')) {
            $PSCmdlet.ThrowTerminatingError((New-UserNotFoundError -Identity $Identity))
        }
    }
    else {
        $users = @(Get-TenantUserList -State $state)
    }
    if ($AccountType) { $users = @($users | Where-Object { [string]$_['AccountType'] -eq $AccountType }) }
    if ($Sort) {
        $sortParts = $Sort.Trim() -split '\s+'
        $sortKey = $sortParts[0]
        $descending = $sortParts.Count -gt 1 -and $sortParts[1] -eq 'desc'
        $list = [System.Collections.Generic.List[object]]::new([object[]]$users)
        $list.Sort([System.Comparison[object]] {
                param($left, $right)
                [string]::Compare([string]$left[$sortKey], [string]$right[$sortKey], [System.StringComparison]::OrdinalIgnoreCase)
            })
        if ($descending) { $list.Reverse() }
        $users = $list.ToArray()
    }
    $selected = if ($Properties) { @($Properties -split '\s*,\s*' | Where-Object { $_ }) } else { @() }

    $emitted = [uint32]0
    foreach ($user in $users) {
        if ($emitted -ge $ResultSize) { break }
        ConvertTo-OnlineUser -User $user -Properties $selected
        $emitted++
    }
}

function Set-CsUser {
    <# Modifies the voice properties of one user, with the parameters Microsoft documents for Set-CsUser. #>
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [string] $Identity,

        [string] $DomainController,

        [switch] $PassThru,

        [string] $OnPremLineURI,

        [string] $LineServerURI,

        [bool] $AudioVideoDisabled,

        [bool] $RemoteCallControlTelephonyEnabled,

        [string] $PrivateLine,

        [object] $AcpInfo,

        [bool] $HostedVoiceMail,

        [bool] $EnterpriseVoiceEnabled,

        [ValidateSet('Uninitialized', 'UseLyncArchivingPolicy', 'ArchivingToExchange', 'NoArchiving')]
        [string] $ExchangeArchivingPolicy,

        [string] $LineURI,

        [string] $SipAddress,

        [Alias('CsEnabled')]
        [bool] $Enabled
    )

    process {
        Assert-TenantConnected
        foreach ($name in 'OnPremLineURI', 'LineURI', 'PrivateLine') {
            $value = $PSBoundParameters[$name]
            if ($value -and -not [regex]::IsMatch($value, $script:LineUriPattern)) {
                $PSCmdlet.ThrowTerminatingError((New-TenantErrorRecord `
                            -Message ('The value "{0}" of parameter {1} is not a valid line URI. Use E.164 with the tel: prefix, for example tel:+14255551297.' -f $value, $name) `
                            -ErrorId 'InvalidLineUri' -Category InvalidArgument -Target $value -ExceptionType ([System.ArgumentException])))
            }
        }
        if ($PSBoundParameters.ContainsKey('SipAddress') -and -not [regex]::IsMatch($SipAddress, '^(?i:sip):[^@\s]+@[^@\s]+\z')) {
            $PSCmdlet.ThrowTerminatingError((New-TenantErrorRecord -Message ('"{0}" is not a valid SIP address.' -f $SipAddress) `
                        -ErrorId 'InvalidSipAddress' -Category InvalidArgument -Target $SipAddress -ExceptionType ([System.ArgumentException])))
        }

        # The numbers it may assign are claimed first, so two sessions cannot give one number to two users.
        $lineUris = @(foreach ($name in 'OnPremLineURI', 'LineURI') { if ($PSBoundParameters[$name]) { [string]$PSBoundParameters[$name] } })
        $bound = $PSBoundParameters
        $command = $PSCmdlet
        $user = Update-TenantUser -Identity $Identity -LineUris $lineUris -TenantWide:($bound.ContainsKey('SipAddress')) -Change {
            param($target)
            if (-not $command.ShouldProcess([string]$target['UserPrincipalName'], 'Set-CsUser')) { return }

            foreach ($name in 'OnPremLineURI', 'LineURI') {
                if (-not $bound[$name]) { continue }
                if (@(Find-TenantNumberHolder -Number $bound[$name]).Count -gt 0) {
                    throw (New-TenantErrorRecord -Message ('The line URI "{0}" is already assigned to another user.' -f $bound[$name]) `
                            -ErrorId 'LineUriInUse' -Category ResourceExists -Target $bound[$name])
                }
            }

            foreach ($name in 'EnterpriseVoiceEnabled', 'HostedVoiceMail', 'LineServerURI', 'AudioVideoDisabled',
                'RemoteCallControlTelephonyEnabled', 'PrivateLine', 'ExchangeArchivingPolicy', 'SipAddress', 'Enabled', 'LineURI') {
                if ($bound.ContainsKey($name)) { $target[$name] = $bound[$name] }
            }
            if ($bound.ContainsKey('OnPremLineURI')) {
                # The service shows the on-premises number as the user's line URI too.
                $target['OnPremLineURI'] = $bound['OnPremLineURI']
                $target['LineURI'] = $bound['OnPremLineURI']
            }
            # Cloud Connector: a voice-enabled user with an on-premises number gets the HybridVoice policy.
            $isHybrid = [bool]$target['EnterpriseVoiceEnabled'] -and [bool]$target['OnPremLineURI']
            $target['VoicePolicy'] = if ($isHybrid) { 'HybridVoice' } else { 'BusinessVoice' }
            $target['WhenChanged'] = [DateTime]::UtcNow.ToString('o', [cultureinfo]::InvariantCulture)
            $target
        }
        if ($null -eq $user) { return }
        if ($PassThru) { ConvertTo-OnlineUser -User $user }
    }
}

function Assert-TenantPolicy {
    param([System.Collections.IDictionary] $State, [string] $Section, [AllowNull()] [string] $PolicyName)

    if (-not $PolicyName) { return }
    $known = @(Get-TenantList -Container $State -Name $Section)
    if ($known -notcontains $PolicyName) {
        throw (New-TenantErrorRecord -Message ('Cannot find policy "{0}" because it does not exist.' -f $PolicyName) `
                -ErrorId 'PolicyNotFound' -Category ObjectNotFound -Target $PolicyName -ExceptionType ([System.Management.Automation.ItemNotFoundException]))
    }
}

function Grant-CsVoiceRoutingPolicy {
    <# Assigns a per-user voice routing policy (hybrid voice); $null reverts the user to the global policy. #>
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [string] $Identity,

        [Parameter(Position = 1)]
        [AllowNull()]
        [string] $PolicyName,

        [string] $DomainController,

        [switch] $PassThru,

        [object] $Tenant,

        [switch] $AsJob
    )

    process {
        $policy = if ($PolicyName) { $PolicyName } else { $null }
        $user = Update-TenantUser -Identity $Identity -Change {
            param($target, $state)
            Assert-TenantPolicy -State $state -Section 'voiceRoutingPolicies' -PolicyName $policy
            $target['VoiceRoutingPolicy'] = $policy
            $target
        }
        if ($PassThru) { ConvertTo-OnlineUser -User $user }
    }
}

function Grant-CsOnlineVoiceRoutingPolicy {
    <# Assigns a per-user online voice routing policy (Direct Routing); $null reverts the user to the global policy. #>
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [string] $Identity,

        [Parameter(Mandatory, Position = 1)]
        [AllowNull()]
        [AllowEmptyString()]
        [string] $PolicyName,

        [switch] $PassThru,

        [Parameter(ParameterSetName = 'GrantToTenant')]
        [switch] $Global,

        [Parameter(ParameterSetName = 'GrantToGroup', Mandatory, Position = 0)]
        [string] $Group,

        [Parameter(ParameterSetName = 'GrantToGroup')]
        [int] $Rank
    )

    process {
        if ($PSCmdlet.ParameterSetName -ne 'Identity' -or -not $Identity) {
            throw (New-TenantErrorRecord -Message 'The simulated tenant grants online voice routing policies to single users only.' `
                    -ErrorId 'ScopeNotSupported' -Category NotImplemented -Target $null)
        }
        $policy = if ($PolicyName) { $PolicyName } else { $null }
        $user = Update-TenantUser -Identity $Identity -Change {
            param($target, $state)
            Assert-TenantPolicy -State $state -Section 'onlineVoiceRoutingPolicies' -PolicyName $policy
            $target['OnlineVoiceRoutingPolicy'] = $policy
            $target
        }
        if ($PassThru) { ConvertTo-OnlineUser -User $user }
    }
}

function ConvertTo-PhoneNumberLineUri {
    param([string] $PhoneNumber)

    $number = if ($PhoneNumber.StartsWith('+')) { $PhoneNumber } else { '+' + $PhoneNumber }
    $lineUri = 'tel:' + $number
    if ($PhoneNumber.StartsWith('tel:', [System.StringComparison]::OrdinalIgnoreCase) -or -not [regex]::IsMatch($lineUri, $script:LineUriPattern)) {
        throw (New-TenantErrorRecord -Message ('The phone number "{0}" is not valid. Use E.164 without the tel: prefix, for example +12065551234.' -f $PhoneNumber) `
                -ErrorId 'InvalidPhoneNumber' -Category InvalidArgument -Target $PhoneNumber -ExceptionType ([System.ArgumentException]))
    }
    $lineUri
}

function Set-CsPhoneNumberAssignment {
    <# Assigns a phone number to a user (which also enables Enterprise Voice), or sets EnterpriseVoiceEnabled alone. #>
    [CmdletBinding(DefaultParameterSetName = 'LocationUpdate')]
    param(
        [Parameter(Mandatory, ParameterSetName = 'LocationUpdate')]
        [Parameter(Mandatory, ParameterSetName = 'NetworkSiteUpdate')]
        [Parameter(Mandatory, ParameterSetName = 'ReverseNumberLookupUpdate')]
        [Parameter(Mandatory, ParameterSetName = 'Assignment')]
        [string] $PhoneNumber,

        [Parameter(Mandatory, ParameterSetName = 'LocationUpdate')]
        [Parameter(ParameterSetName = 'Assignment')]
        [string] $LocationId,

        [object[]] $HttpPipelinePrepend,

        [Parameter(Mandatory, ParameterSetName = 'NetworkSiteUpdate')]
        [Parameter(ParameterSetName = 'Assignment')]
        [string] $NetworkSiteId,

        [Parameter(Mandatory, ParameterSetName = 'ReverseNumberLookupUpdate')]
        [Parameter(ParameterSetName = 'Assignment')]
        [string] $ReverseNumberLookup,

        [Parameter(Mandatory, ParameterSetName = 'Assignment')]
        [Parameter(Mandatory, ParameterSetName = 'Attribute')]
        [string] $Identity,

        [Parameter(Mandatory, ParameterSetName = 'Assignment')]
        [string] $PhoneNumberType,

        [Parameter(ParameterSetName = 'Assignment')]
        [string] $AssignmentCategory,

        [Parameter(ParameterSetName = 'Assignment')]
        [switch] $Notify,

        [Parameter(Mandatory, ParameterSetName = 'Attribute')]
        [bool] $EnterpriseVoiceEnabled
    )

    if ($PSCmdlet.ParameterSetName -notin 'Assignment', 'Attribute') {
        throw (New-TenantErrorRecord -Message 'The simulated tenant does not keep phone number locations, network sites or reverse number lookup.' `
                -ErrorId 'ParameterSetNotSupported' -Category NotImplemented -Target $PSCmdlet.ParameterSetName)
    }
    if ($PSCmdlet.ParameterSetName -eq 'Attribute') {
        $voiceEnabled = $EnterpriseVoiceEnabled
        $null = Update-TenantUser -Identity $Identity -Change {
            param($target)
            $target['EnterpriseVoiceEnabled'] = $voiceEnabled
            $target['WhenChanged'] = ConvertTo-TenantTimestamp -Value ([DateTime]::UtcNow)
        }
        return
    }
    if ($PhoneNumberType -notin 'DirectRouting', 'CallingPlan', 'OperatorConnect') {
        throw (New-TenantErrorRecord -Message ('PhoneNumberType "{0}" is not supported. The supported values are DirectRouting, CallingPlan and OperatorConnect.' -f $PhoneNumberType) `
                -ErrorId 'InvalidPhoneNumberType' -Category InvalidArgument -Target $PhoneNumberType -ExceptionType ([System.ArgumentException]))
    }
    $lineUri = ConvertTo-PhoneNumberLineUri -PhoneNumber $PhoneNumber
    $null = Update-TenantUser -Identity $Identity -LineUris @($lineUri) -Change {
        param($target)
        $owner = @(Find-TenantNumberHolder -Number $lineUri | Where-Object { [string]$_['LineURI'] -eq $lineUri })
        if ($owner.Count -gt 0) {
            throw (New-TenantErrorRecord -Message ('The phone number "{0}" is already assigned to another user.' -f $PhoneNumber) `
                    -ErrorId 'PhoneNumberInUse' -Category ResourceExists -Target $PhoneNumber)
        }
        $target['LineURI'] = $lineUri
        $target['PhoneNumberType'] = $PhoneNumberType
        $target['EnterpriseVoiceEnabled'] = $true
        $target['WhenChanged'] = ConvertTo-TenantTimestamp -Value ([DateTime]::UtcNow)
    }
}

function Remove-CsPhoneNumberAssignment {
    <# Unassigns a user's phone number, which also turns Enterprise Voice off. #>
    [CmdletBinding(DefaultParameterSetName = 'RemoveSome')]
    param(
        [Parameter(Mandatory)]
        [string] $Identity,

        [Parameter(Mandatory, ParameterSetName = 'RemoveSome')]
        [string] $PhoneNumber,

        [Parameter(Mandatory, ParameterSetName = 'RemoveSome')]
        [string] $PhoneNumberType,

        [object[]] $HttpPipelinePrepend,

        [Parameter(Mandatory, ParameterSetName = 'RemoveAll')]
        [switch] $RemoveAll,

        [switch] $Notify,

        [switch] $AssignmentBlockedForever,

        [int] $AssignmentBlockedDays
    )

    # Read outside the change block: inside it, $PSCmdlet would be the store function's.
    $removeSome = $PSCmdlet.ParameterSetName -eq 'RemoveSome'
    $null = Update-TenantUser -Identity $Identity -Change {
        param($target)
        if ($removeSome -and [string]$target['LineURI'] -ne (ConvertTo-PhoneNumberLineUri -PhoneNumber $PhoneNumber)) {
            throw (New-TenantErrorRecord -Message ('The phone number "{0}" is not assigned to {1}.' -f $PhoneNumber, $Identity) `
                    -ErrorId 'PhoneNumberNotAssigned' -Category ObjectNotFound -Target $PhoneNumber -ExceptionType ([System.Management.Automation.ItemNotFoundException]))
        }
        $target['LineURI'] = ''
        $target['OnPremLineURI'] = ''
        $target['EnterpriseVoiceEnabled'] = $false
        $target['WhenChanged'] = ConvertTo-TenantTimestamp -Value ([DateTime]::UtcNow)
    }
}

function ConvertTo-UserPstnSettings {
    param([System.Collections.IDictionary] $User)
    [pscustomobject][ordered]@{
        Identity                = [string]$User['ObjectId']
        UserPrincipalName       = [string]$User['UserPrincipalName']
        AllowInternationalCalls = if ($null -eq $User['AllowInternationalCalls']) { $true } else { [bool]$User['AllowInternationalCalls'] }
        HybridPSTNSite          = $User['HybridPSTNSite']
    }
}

function Get-CsUserPstnSettings {
    <# A user's PSTN settings (hybrid PSTN site); takes users from Get-CsOnlineUser on the pipeline. #>
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [Parameter(Position = 0, ValueFromPipelineByPropertyName)]
        [object] $Identity,

        [object] $Tenant,

        [switch] $AsJob
    )

    begin { $state = Read-TenantStateForQuery }
    process {
        if ($null -eq $Identity) {
            foreach ($user in @(Get-TenantUserList -State $state)) { ConvertTo-UserPstnSettings -User $user }
            return
        }
        ConvertTo-UserPstnSettings -User (Resolve-TenantUser -State $state -Identity ([string]$Identity))
    }
}

function Set-CsUserPstnSettings {
    <# Sets a user's hybrid PSTN site (or $null for the tenant's default) and international calling. #>
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [bool] $AllowInternationalCalls,

        [AllowNull()]
        [string] $HybridPSTNSite,

        [Parameter(Position = 0)]
        [string] $Identity,

        [guid] $Tenant
    )

    if (-not $Identity) { throw (New-UserNotFoundError -Identity '') }
    $site = if ($HybridPSTNSite) { $HybridPSTNSite } else { $null }
    $bound = $PSBoundParameters
    $null = Update-TenantUser -Identity $Identity -Change {
        param($target, $state)
        if ($bound.ContainsKey('HybridPSTNSite')) {
            if ($site -and -not @(Get-TenantList -Container $state -Name 'hybridPstnSites' | Where-Object { [string]$_['Identity'] -eq $site })) {
                throw (New-TenantErrorRecord -Message ('The hybrid PSTN site "{0}" was not found.' -f $site) `
                        -ErrorId 'HybridPstnSiteNotFound' -Category ObjectNotFound -Target $site -ExceptionType ([System.Management.Automation.ItemNotFoundException]))
            }
            $target['HybridPSTNSite'] = $site
        }
        if ($bound.ContainsKey('AllowInternationalCalls')) { $target['AllowInternationalCalls'] = $bound['AllowInternationalCalls'] }
    }
}

function Get-CsHybridPSTNSite {
    <# The tenant's hybrid PSTN sites and the edge each one uses. #>
    [CmdletBinding()]
    param([Parameter(Position = 0)] [object] $Identity, [object] $Tenant)

    $state = Read-TenantStateForQuery
    foreach ($site in @(Get-TenantList -Container $state -Name 'hybridPstnSites')) {
        if ($null -ne $Identity -and [string]$site['Identity'] -ne [string]$Identity) { continue }
        [pscustomobject][ordered]@{ Identity = [string]$site['Identity']; EdgeFqdn = [string]$site['EdgeFqdn'] }
    }
}

function Get-CsTenantHybridConfiguration {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [object] $Identity, [object] $Tenant, [switch] $LocalStore)

    $state = Read-TenantStateForQuery
    $configuration = $state['tenantHybridConfiguration']
    [pscustomobject][ordered]@{
        Identity                       = [string]$configuration['Identity']
        PeerDestination                = $configuration['PeerDestination']
        UseOnPremDialPlan              = [bool]$configuration['UseOnPremDialPlan']
        HybridConfigServiceInternalUrl = $configuration['HybridConfigServiceInternalUrl']
        HybridConfigServiceExternalUrl = $configuration['HybridConfigServiceExternalUrl']
        HybridPSTNSites                = @(Get-TenantList -Container $state -Name 'hybridPstnSites' | ForEach-Object { [string]$_['Identity'] })
    }
}

function Set-CsTenantHybridConfiguration {
    <# Tenant-wide hybrid settings: the on-premises Access Edge (PeerDestination) and which dial plan hybrid users use. #>
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
    param(
        [Parameter(Position = 1)] [object] $Identity,
        [object] $BypassDualWrite,
        [switch] $Force,
        [object] $HybridConfigServiceExternalUrl,
        [object] $HybridConfigServiceInternalUrl,
        [object] $Instance,
        [object] $PeerDestination,
        [object] $Tenant,
        [object] $UseOnPremDialPlan,
        [switch] $AsJob
    )

    $bound = $PSBoundParameters
    $null = Update-TenantState -Change {
        param($state)
        $configuration = $state['tenantHybridConfiguration']
        if ($bound.ContainsKey('PeerDestination')) {
            $value = if ($null -eq $PeerDestination -or [string]$PeerDestination -eq '') { $null } else { [string]$PeerDestination }
            if ($null -ne $value -and -not [regex]::IsMatch($value, '^(?=.{4,253}\z)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\z')) {
                throw (New-TenantErrorRecord -Message ('"{0}" is not a valid fully qualified domain name for PeerDestination.' -f $value) `
                        -ErrorId 'InvalidPeerDestination' -Category InvalidArgument -Target $value -ExceptionType ([System.ArgumentException]))
            }
            $configuration['PeerDestination'] = $value
        }
        if ($bound.ContainsKey('UseOnPremDialPlan')) { $configuration['UseOnPremDialPlan'] = [bool]$UseOnPremDialPlan }
        foreach ($name in 'HybridConfigServiceExternalUrl', 'HybridConfigServiceInternalUrl') {
            if ($bound.ContainsKey($name)) { $configuration[$name] = $bound[$name] }
        }
    }
}

function Get-CsTenantFederationConfiguration {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [object] $Identity, [object] $Tenant, [switch] $LocalStore)

    $state = Read-TenantStateForQuery
    [pscustomobject]$state['tenantFederationConfiguration']
}

function Set-CsTenantFederationConfiguration {
    <# Tenant-wide federation settings; SharedSipAddressSpace lets online and on-premises users share the SIP domain. #>
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
    param(
        [Parameter(Position = 0)] [object] $Identity,
        [object] $AllowedDomains,
        [object] $AllowFederatedUsers,
        [object] $AllowPublicUsers,
        [object] $BlockedDomains,
        [object] $BypassDualWrite,
        [switch] $Force,
        [object] $Instance,
        [object] $SharedSipAddressSpace,
        [object] $Tenant,
        [object] $TreatDiscoveredPartnersAsUnverified,
        [switch] $AsJob
    )

    $bound = $PSBoundParameters
    $null = Update-TenantState -Change {
        param($state)
        $configuration = $state['tenantFederationConfiguration']
        foreach ($name in 'AllowFederatedUsers', 'AllowPublicUsers', 'SharedSipAddressSpace', 'TreatDiscoveredPartnersAsUnverified') {
            if ($bound.ContainsKey($name)) { $configuration[$name] = [bool]$bound[$name] }
        }
    }
}

function Get-CsHybridMediationServer {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [string] $Identity, [guid] $Tenant)

    $state = Read-TenantStateForQuery
    foreach ($server in @(Get-TenantList -Container $state -Name 'hybridMediationServers')) {
        if ($Identity -and [string]$server['Identity'] -ne $Identity) { continue }
        [pscustomobject]$server
    }
}

function Set-CsHybridMediationServer {
    <# Registers an on-premises Mediation Server: the account named by Identity gets the edge as its hosting provider. #>
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [Parameter(Mandatory)] [string] $Fqdn,
        [Parameter(Mandatory)] [string] $AccessProxyExternalFqdn,
        [Parameter(Mandatory, Position = 0)] [string] $Identity,
        [guid] $Tenant
    )

    $null = Update-TenantUser -Identity $Identity -TenantWide -Change {
        param($user, $state)
        if ([string]$user['Department'] -ne 'HybridMediationServer') {
            throw (New-TenantErrorRecord -Message ('The user "{0}" is not a hybrid Mediation Server account: set its Department to HybridMediationServer first.' -f $Identity) `
                    -ErrorId 'NotMediationServerAccount' -Category InvalidOperation -Target $Identity)
        }
        if (@($user['AssignedLicenses']).Count -gt 0) {
            throw (New-TenantErrorRecord -Message ('The user "{0}" still has licences assigned; remove them before registering it as a Mediation Server.' -f $Identity) `
                    -ErrorId 'MediationServerLicensed' -Category InvalidOperation -Target $Identity)
        }
        $user['HostingProvider'] = $AccessProxyExternalFqdn
        $record = [ordered]@{ Identity = [string]$user['DisplayName']; UserPrincipalName = [string]$user['UserPrincipalName']; Fqdn = $Fqdn; AccessProxyExternalFqdn = $AccessProxyExternalFqdn }
        $state['hybridMediationServers'] = @(Get-TenantList -Container $state -Name 'hybridMediationServers' | Where-Object { [string]$_['UserPrincipalName'] -ne [string]$user['UserPrincipalName'] }) + @($record)
    }
}

Export-ModuleMember -Function Connect-VoiceOpsSimulatedTenant, Reset-VoiceOpsSimulatedTenant, Get-CsOnlineUser, Set-CsUser,
    Grant-CsVoiceRoutingPolicy, Grant-CsOnlineVoiceRoutingPolicy, Set-CsPhoneNumberAssignment, Remove-CsPhoneNumberAssignment,
    Get-CsUserPstnSettings, Set-CsUserPstnSettings, Get-CsHybridPSTNSite, Get-CsTenantHybridConfiguration, Set-CsTenantHybridConfiguration,
    Get-CsTenantFederationConfiguration, Set-CsTenantFederationConfiguration, Get-CsHybridMediationServer, Set-CsHybridMediationServer,
    # From the nested modules (the manifest lists them): a root module's Export-ModuleMember decides for them too.
    Get-MsolUser, Set-MsolUser, Get-MgUser, Update-MgUser, Get-MsolServicePrincipalCredential, New-MsolServicePrincipalCredential,
    Remove-MsolServicePrincipalCredential, Get-MgServicePrincipal, Update-MgServicePrincipal,
    New-MailUser, Get-MailUser, Set-MailUser, Remove-MailUser, New-ManagementRoleAssignment, Get-ManagementRoleAssignment,
    Remove-ManagementRoleAssignment, New-PartnerApplication, Get-PartnerApplication, Remove-PartnerApplication, Get-AuthConfig, Get-ExchangeCertificate
