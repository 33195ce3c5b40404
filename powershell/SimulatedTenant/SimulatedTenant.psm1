# A stand-in for the MicrosoftTeams module: the cmdlets the walking skeleton needs, with Microsoft's names, parameter
# names and error categories, over a JSON state file. Written with the language and .NET only (see VoiceOps.Json.ps1).

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
. ([System.IO.Path]::Combine($PSScriptRoot, '..', 'Shared', 'VoiceOps.Json.ps1'))

$script:StatePath = $null
$script:SeedPath = [System.IO.Path]::Combine($PSScriptRoot, 'seed-tenant.json')
$script:LineUriPattern = '^(?i:tel):\+[1-9][0-9]{6,14}(;(?i:ext)=[0-9]{1,10})?\z'
$script:LockTimeout = [TimeSpan]::FromSeconds(15)
# Fields kept in the state file for the simulation's own use, never shown by Get-CsOnlineUser.
$script:InternalUserFields = @('AdminRoles')
# Get-CsOnlineUser -Properties always includes these (Microsoft documents the same list).
$script:AlwaysPresentProperties = @('Identity', 'UserPrincipalName', 'Alias', 'AccountEnabled', 'DisplayName')

function New-TenantErrorRecord {
    param(
        [string] $Message,
        [string] $ErrorId,
        [System.Management.Automation.ErrorCategory] $Category,
        [AllowNull()] [object] $Target,
        [type] $ExceptionType = [System.InvalidOperationException]
    )
    [System.Management.Automation.ErrorRecord]::new($ExceptionType::new($Message), $ErrorId, $Category, $Target)
}

function Assert-TenantConnected {
    if (-not $script:StatePath) {
        throw (New-TenantErrorRecord -Message 'Run Connect-VoiceOpsSimulatedTenant before running cmdlets.' `
                -ErrorId 'NotConnected' -Category AuthenticationError -Target $null)
    }
}

function Read-TenantState {
    if (-not [System.IO.File]::Exists($script:StatePath)) {
        throw (New-TenantErrorRecord -Message "The simulated tenant state file '$($script:StatePath)' does not exist. Run Reset-VoiceOpsSimulatedTenant." `
                -ErrorId 'TenantStateMissing' -Category ResourceUnavailable -Target $script:StatePath)
    }
    ConvertFrom-VoiceOpsJson -Json ([System.IO.File]::ReadAllText($script:StatePath))
}

function Save-TenantState {
    <# Writes a temporary file beside the state, flushes it and renames it over the state, so a killed process
       leaves either the old file or the new one, never half of one. #>
    param([System.Collections.IDictionary] $State, [string] $Text)

    if (-not $Text) { $Text = (ConvertTo-VoiceOpsJson -InputObject $State -Pretty) + "`n" }
    $temporaryPath = '{0}.{1}.tmp' -f $script:StatePath, [guid]::NewGuid().ToString('N')
    $bytes = [System.Text.UTF8Encoding]::new($false).GetBytes($Text)
    try {
        $stream = [System.IO.FileStream]::new($temporaryPath, [System.IO.FileMode]::CreateNew, [System.IO.FileAccess]::Write)
        try {
            $stream.Write($bytes, 0, $bytes.Length)
            $stream.Flush($true)
        }
        finally {
            $stream.Dispose()
        }
        [System.IO.File]::Move($temporaryPath, $script:StatePath, $true)
    }
    finally {
        if ([System.IO.File]::Exists($temporaryPath)) { [System.IO.File]::Delete($temporaryPath) }
    }
}

function Lock-TenantState {
    <# Serialises read-modify-write across the pool's processes; the OS drops the lock if a process is killed. #>
    $lockPath = $script:StatePath + '.lock'
    $deadline = [DateTime]::UtcNow + $script:LockTimeout
    while ($true) {
        try {
            return [System.IO.File]::Open($lockPath, [System.IO.FileMode]::OpenOrCreate, [System.IO.FileAccess]::ReadWrite, [System.IO.FileShare]::None)
        }
        catch {
            if ([DateTime]::UtcNow -gt $deadline) {
                throw (New-TenantErrorRecord -Message 'The simulated tenant is busy; try again.' `
                        -ErrorId 'TenantStateLocked' -Category ResourceBusy -Target $lockPath)
            }
            [System.Threading.Thread]::Sleep(20)
        }
    }
}

function Invoke-TenantServiceCall {
    <# Applies the injected latency and throttling from the state file's settings, like a slow or busy service. #>
    param([Parameter(Mandatory)] [System.Collections.IDictionary] $State)

    $settings = $State['settings']
    if ($null -eq $settings) { return }
    $latency = [int]$settings['latencyMs']
    if ($latency -gt 0) { [System.Threading.Thread]::Sleep($latency) }
    $throttleEvery = [int]$settings['throttleEveryN']
    if ($throttleEvery -le 0) { return }

    $lock = Lock-TenantState
    try {
        $current = Read-TenantState
        if ($null -eq $current['runtime']) { $current['runtime'] = [ordered]@{ callCount = 0 } }
        $count = [long]$current['runtime']['callCount'] + 1
        $current['runtime']['callCount'] = $count
        Save-TenantState -State $current
    }
    finally {
        $lock.Dispose()
    }
    if ($count % $throttleEvery -eq 0) {
        throw (New-TenantErrorRecord -Message 'The request was throttled by the service. Retry after 5 seconds.' `
                -ErrorId 'RequestThrottled' -Category LimitsExceeded -Target $null)
    }
}

function Find-TenantUser {
    <# Resolves an identity the way Microsoft documents it: ObjectId, SIP address, UPN, alias, or display name with *.
       Callers wrap the call in @(): PowerShell unrolls a one-user array into the user itself. #>
    param([Parameter(Mandatory)] [System.Collections.IDictionary] $State, [Parameter(Mandatory)] [string] $Identity)

    $users = @($State['users'])
    $comparer = [System.StringComparer]::OrdinalIgnoreCase
    $guid = [guid]::Empty
    if ([guid]::TryParse($Identity, [ref] $guid)) {
        return @($users | Where-Object { $comparer.Equals([string]$_['ObjectId'], $guid.ToString()) })
    }
    if ($Identity.StartsWith('sip:', [System.StringComparison]::OrdinalIgnoreCase)) {
        return @($users | Where-Object { $comparer.Equals([string]$_['SipAddress'], $Identity) })
    }
    if ($Identity.Contains('*')) {
        $pattern = '^' + ([regex]::Escape($Identity) -replace '\\\*', '.*') + '\z'
        return @($users | Where-Object { [regex]::IsMatch([string]$_['DisplayName'], $pattern, 'IgnoreCase') })
    }
    @($users | Where-Object {
            $comparer.Equals([string]$_['UserPrincipalName'], $Identity) -or
            $comparer.Equals([string]$_['Alias'], $Identity) -or
            $comparer.Equals([string]$_['DisplayName'], $Identity)
        })
}

function New-UserNotFoundError {
    param([string] $Identity)
    New-TenantErrorRecord -Message ('Management object not found for identity "{0}".' -f $Identity) `
        -ErrorId 'ManagementObjectNotFound' -Category ObjectNotFound -Target $Identity `
        -ExceptionType ([System.Management.Automation.ItemNotFoundException])
}

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
    $script:StatePath = [System.IO.Path]::GetFullPath($StatePath)
    if (-not [System.IO.File]::Exists($script:StatePath)) { Reset-VoiceOpsSimulatedTenant }
    $state = Read-TenantState
    [pscustomobject]@{
        Account     = 'voiceops-simulated'
        Environment = 'SimulatedTenant'
        Tenant      = [string]$state['tenant']['defaultDomain']
        TenantId    = [string]$state['tenant']['tenantId']
        StatePath   = $script:StatePath
    }
}

function Reset-VoiceOpsSimulatedTenant {
    <# Replaces the connected tenant's state with the seed users and default settings. #>
    [CmdletBinding(SupportsShouldProcess)]
    param()

    Assert-TenantConnected
    if (-not $PSCmdlet.ShouldProcess($script:StatePath, 'Reset simulated tenant')) { return }
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
    if ($Filter) {
        $PSCmdlet.ThrowTerminatingError((New-TenantErrorRecord -Message 'The simulated tenant does not evaluate -Filter.' `
                    -ErrorId 'FilterNotSupported' -Category NotImplemented -Target $Filter))
    }
    $state = Read-TenantState
    Invoke-TenantServiceCall -State $state
    if ($SoftDeletedUser) { return }

    if ($PSBoundParameters.ContainsKey('Identity')) {
        $users = @(Find-TenantUser -State $state -Identity $Identity)
        if ($users.Count -eq 0 -and -not $Identity.Contains('*')) {
            $PSCmdlet.ThrowTerminatingError((New-UserNotFoundError -Identity $Identity))
        }
    }
    else {
        $users = @($state['users'])
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
            }.GetNewClosure())
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

        # Latency and throttling apply before the lock, which Invoke-TenantServiceCall takes itself.
        Invoke-TenantServiceCall -State (Read-TenantState)
        $lock = Lock-TenantState
        try {
            $state = Read-TenantState
            $found = @(Find-TenantUser -State $state -Identity $Identity)
            if ($found.Count -eq 0) { $PSCmdlet.ThrowTerminatingError((New-UserNotFoundError -Identity $Identity)) }
            if ($found.Count -gt 1) {
                $PSCmdlet.ThrowTerminatingError((New-TenantErrorRecord -Message ('The identity "{0}" matches {1} users; use a UPN or SIP address.' -f $Identity, $found.Count) `
                            -ErrorId 'AmbiguousIdentity' -Category InvalidArgument -Target $Identity -ExceptionType ([System.ArgumentException])))
            }
            $user = $found[0]
            if (-not $PSCmdlet.ShouldProcess([string]$user['UserPrincipalName'], 'Set-CsUser')) { return }

            foreach ($name in 'OnPremLineURI', 'LineURI') {
                if (-not $PSBoundParameters[$name]) { continue }
                $owner = @($state['users'] | Where-Object {
                        -not [object]::ReferenceEquals($_, $user) -and ([string]$_['LineURI'] -eq $PSBoundParameters[$name] -or [string]$_['OnPremLineURI'] -eq $PSBoundParameters[$name])
                    })
                if ($owner.Count -gt 0) {
                    $PSCmdlet.ThrowTerminatingError((New-TenantErrorRecord -Message ('The line URI "{0}" is already assigned to another user.' -f $PSBoundParameters[$name]) `
                                -ErrorId 'LineUriInUse' -Category ResourceExists -Target $PSBoundParameters[$name]))
                }
            }

            foreach ($name in 'EnterpriseVoiceEnabled', 'HostedVoiceMail', 'LineServerURI', 'AudioVideoDisabled',
                'RemoteCallControlTelephonyEnabled', 'PrivateLine', 'ExchangeArchivingPolicy', 'SipAddress', 'Enabled', 'LineURI') {
                if ($PSBoundParameters.ContainsKey($name)) { $user[$name] = $PSBoundParameters[$name] }
            }
            if ($PSBoundParameters.ContainsKey('OnPremLineURI')) {
                # The service shows the on-premises number as the user's line URI too.
                $user['OnPremLineURI'] = $OnPremLineURI
                $user['LineURI'] = $OnPremLineURI
            }
            # Cloud Connector: a voice-enabled user with an on-premises number gets the HybridVoice policy.
            $isHybrid = [bool]$user['EnterpriseVoiceEnabled'] -and [bool]$user['OnPremLineURI']
            $user['VoicePolicy'] = if ($isHybrid) { 'HybridVoice' } else { 'BusinessVoice' }
            $user['WhenChanged'] = [DateTime]::UtcNow.ToString('o', [cultureinfo]::InvariantCulture)
            Save-TenantState -State $state
        }
        finally {
            $lock.Dispose()
        }
        if ($PassThru) { ConvertTo-OnlineUser -User $user }
    }
}

Export-ModuleMember -Function Connect-VoiceOpsSimulatedTenant, Reset-VoiceOpsSimulatedTenant, Get-CsOnlineUser, Set-CsUser
