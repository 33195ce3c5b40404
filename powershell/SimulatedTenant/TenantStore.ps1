# State-file plumbing shared by the simulated modules (Teams, MSOnline/Graph, Exchange), dot-sourced by each.
# The connected state path lives in the process's AppDomain data, so every simulated module in a session sees the
# one Connect-VoiceOpsSimulatedTenant chose, as if they all talked to the same tenant.

$script:LockTimeout = [TimeSpan]::FromSeconds(15)
$script:StatePathSlot = 'VoiceOps.SimulatedTenant.StatePath'

function Get-TenantStatePath {
    [string][System.AppDomain]::CurrentDomain.GetData($script:StatePathSlot)
}

function Set-TenantStatePath {
    param([Parameter(Mandatory)] [string] $Path)
    [System.AppDomain]::CurrentDomain.SetData($script:StatePathSlot, $Path)
}

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
    if (-not (Get-TenantStatePath)) {
        throw (New-TenantErrorRecord -Message 'Run Connect-VoiceOpsSimulatedTenant before running cmdlets.' `
                -ErrorId 'NotConnected' -Category AuthenticationError -Target $null)
    }
}

function Read-TenantState {
    if (-not [System.IO.File]::Exists((Get-TenantStatePath))) {
        throw (New-TenantErrorRecord -Message "The simulated tenant state file '$(Get-TenantStatePath)' does not exist. Run Reset-VoiceOpsSimulatedTenant." `
                -ErrorId 'TenantStateMissing' -Category ResourceUnavailable -Target (Get-TenantStatePath))
    }
    ConvertFrom-VoiceOpsJson -Json ([System.IO.File]::ReadAllText((Get-TenantStatePath)))
}

function Save-TenantState {
    <# Writes a temporary file beside the state, flushes it and renames it over the state, so a killed process
       leaves either the old file or the new one, never half of one. #>
    param([System.Collections.IDictionary] $State, [string] $Text)

    if (-not $Text) { $Text = (ConvertTo-VoiceOpsJson -InputObject $State -Pretty) + "`n" }
    $statePath = Get-TenantStatePath
    $temporaryPath = '{0}.{1}.tmp' -f $statePath, [guid]::NewGuid().ToString('N')
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
        [System.IO.File]::Move($temporaryPath, $statePath, $true)
    }
    finally {
        if ([System.IO.File]::Exists($temporaryPath)) { [System.IO.File]::Delete($temporaryPath) }
    }
}

function Lock-TenantState {
    <# Serialises read-modify-write across the pool's processes; the OS drops the lock if a process is killed. #>
    $lockPath = (Get-TenantStatePath) + '.lock'
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

function Update-TenantState {
    <# One read-modify-write under the lock, after the injected latency and throttling. $Change gets the state
       dictionary, edits it in place and returns what the cmdlet outputs; throwing leaves the file untouched. #>
    param([Parameter(Mandatory)] [scriptblock] $Change)

    Assert-TenantConnected
    Invoke-TenantServiceCall -State (Read-TenantState)
    $lock = Lock-TenantState
    try {
        $state = Read-TenantState
        $output = & $Change $state
        Save-TenantState -State $state
        $output
    }
    finally {
        $lock.Dispose()
    }
}

function Read-TenantStateForQuery {
    <# A read-only call: the same latency and throttling as the service, then the state. #>
    Assert-TenantConnected
    $state = Read-TenantState
    Invoke-TenantServiceCall -State $state
    $state
}

function Resolve-TenantUser {
    <# Exactly one user for an identity, or the service's error: not found, or ambiguous. #>
    param([Parameter(Mandatory)] [System.Collections.IDictionary] $State, [Parameter(Mandatory)] [string] $Identity)

    $found = @(Find-TenantUser -State $State -Identity $Identity)
    if ($found.Count -eq 0) { throw (New-UserNotFoundError -Identity $Identity) }
    if ($found.Count -gt 1) {
        throw (New-TenantErrorRecord -Message ('The identity "{0}" matches {1} users; use a UPN or SIP address.' -f $Identity, $found.Count) `
                -ErrorId 'AmbiguousIdentity' -Category InvalidArgument -Target $Identity -ExceptionType ([System.ArgumentException]))
    }
    $found[0]
}

function Get-TenantList {
    <# The items of a list section of a state dictionary (sites, mail users...), none when absent; callers wrap it in @(). #>
    param([Parameter(Mandatory)] [System.Collections.IDictionary] $Container, [Parameter(Mandatory)] [string] $Name)

    if ($null -eq $Container[$Name]) { return }
    $Container[$Name]
}

function Add-TenantListItem {
    <# Appends to a list section; arrays in the state are fixed-size, so the section is replaced. #>
    param([Parameter(Mandatory)] [System.Collections.IDictionary] $Container, [Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [object] $Item)

    $Container[$Name] = @(Get-TenantList -Container $Container -Name $Name) + @($Item)
}

function ConvertTo-TenantTimestamp {
    param([Parameter(Mandatory)] [datetime] $Value)
    $Value.ToUniversalTime().ToString('o', [cultureinfo]::InvariantCulture)
}
