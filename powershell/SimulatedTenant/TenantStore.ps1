# State plumbing shared by the simulated modules (Teams, MSOnline/Graph, Exchange), dot-sourced by each.
# The connected state path lives in the process's AppDomain data, so every simulated module in a session sees the
# one Connect-VoiceOpsSimulatedTenant chose, as if they all talked to the same tenant.
#
# Layout (powershell/README.md): the state file keeps the tenant-wide sections; the users live in small shard files
# of one generation, each with its own lock, so a change to one user rewrites a few users, not the whole tenant:
#   <state>                                       tenant sections, settings, runtime, `userStore` = where the users are
#   <state>.store/<generation>/index.<id>.json    every user's identities and shard, in tenant order; never rewritten
#   <state>.store/<generation>/users/<k>.json     shard k of the users (+ .lock)
#   <state>.store/<generation>/numbers/<k>.json   shard k of the number hints: line URI -> users that took it (+ .lock)
# A state file that holds a `users` array (the seed, a reset, a file written by hand or by a test) is imported into
# a new generation on its next use. Every file is replaced by rename, so a killed process leaves old or new, never half.

$script:LockTimeout = [TimeSpan]::FromSeconds(30)
$script:StatePathSlot = 'VoiceOps.SimulatedTenant.StatePath'
$script:UsersPerShard = 8
$script:IdentityFields = @('ObjectId', 'UserPrincipalName', 'Alias', 'DisplayName', 'SipAddress')
$script:NumberFields = @('LineURI', 'OnPremLineURI')
# Index files never change once written, so a loaded one is kept by its path.
$script:IndexCache = @{}
# The state file's last text and its parse, for reads that do not change it (parsing costs far more than reading).
$script:StateCache = @{ Path = ''; Text = ''; State = $null }
# Set while a user change runs: the numbers it locked, for Find-TenantNumberHolder.
$script:NumberClaim = $null

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

function Write-TenantFile {
    <# Writes a temporary file beside the target, flushes it to disk and renames it over the target. #>
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [string] $Text)

    $temporaryPath = '{0}.{1}.tmp' -f $Path, [guid]::NewGuid().ToString('N')
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
        [System.IO.File]::Move($temporaryPath, $Path, $true)
    }
    finally {
        if ([System.IO.File]::Exists($temporaryPath)) { [System.IO.File]::Delete($temporaryPath) }
    }
}

function Read-TenantFile {
    param([Parameter(Mandatory)] [string] $Path)
    ConvertFrom-VoiceOpsJson -Json ([System.IO.File]::ReadAllText($Path))
}

function Lock-TenantFile {
    <# An exclusive lock on $Path + '.lock', serialising read-modify-write across the pool's processes; the OS drops it
       if a process is killed. Locks are held for one file's read and write, so waits are milliseconds. #>
    param([Parameter(Mandatory)] [string] $Path)

    $lockPath = $Path + '.lock'
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
            [System.Threading.Thread]::Sleep([System.Random]::Shared.Next(2, 12))
        }
    }
}

function Lock-TenantState {
    <# The tenant-wide lock: the state file's sections, imports and index changes. #>
    Lock-TenantFile -Path (Get-TenantStatePath)
}

function Read-TenantStateFile {
    if (-not [System.IO.File]::Exists((Get-TenantStatePath))) {
        throw (New-TenantErrorRecord -Message "The simulated tenant state file '$(Get-TenantStatePath)' does not exist. Run Reset-VoiceOpsSimulatedTenant." `
                -ErrorId 'TenantStateMissing' -Category ResourceUnavailable -Target (Get-TenantStatePath))
    }
    Read-TenantFile -Path (Get-TenantStatePath)
}

function Read-TenantStateShared {
    <# The tenant-wide state for reading only: the parse is reused while the file's text is unchanged, so callers
       must not edit it (changes read with -Locked, which always parses afresh). #>
    $path = Get-TenantStatePath
    if (-not [System.IO.File]::Exists($path)) { return Read-TenantStateFile }
    $text = [System.IO.File]::ReadAllText($path)
    $cache = $script:StateCache
    if ($cache.Path -ne $path -or -not [string]::Equals($cache.Text, $text, [System.StringComparison]::Ordinal)) {
        $script:StateCache = $cache = @{ Path = $path; Text = $text; State = (ConvertFrom-VoiceOpsJson -Json $text) }
    }
    $cache.State
}

function Read-TenantState {
    <# The tenant-wide state (its users are in the user store); imports a state file that holds users first.
       Without -Locked it is shared with other readers: read it, do not change it. #>
    param([switch] $Locked)

    $state = if ($Locked) { Read-TenantStateFile } else { Read-TenantStateShared }
    if (-not $state.Contains('users')) { return $state }
    if ($Locked) { return Import-TenantUsers -State $state }
    $lock = Lock-TenantState
    try {
        $state = Read-TenantStateFile
        if ($state.Contains('users')) { $state = Import-TenantUsers -State $state }
        $state
    }
    finally {
        $lock.Dispose()
    }
}

function Save-TenantState {
    <# Replaces the state file; the caller holds the tenant-wide lock. #>
    param([System.Collections.IDictionary] $State, [string] $Text)

    if (-not $Text) { $Text = (ConvertTo-VoiceOpsJson -InputObject $State -Pretty) + "`n" }
    Write-TenantFile -Path (Get-TenantStatePath) -Text $Text
}

function Get-TenantShardOf {
    <# A stable shard number for a key (the same in every process, unlike String.GetHashCode). #>
    param([Parameter(Mandatory)] [string] $Key, [Parameter(Mandatory)] [int] $Count)
    $hash = [System.Security.Cryptography.MD5]::HashData([System.Text.Encoding]::UTF8.GetBytes($Key.ToLowerInvariant()))
    [int]([System.BitConverter]::ToUInt32($hash, 0) % [uint32]$Count)
}

function Get-TenantStoreDirectory {
    param([Parameter(Mandatory)] [System.Collections.IDictionary] $State)
    [System.IO.Path]::Combine((Get-TenantStatePath) + '.store', [string]$State['userStore']['generation'])
}

function Get-TenantUserShardPath {
    param([Parameter(Mandatory)] [string] $Directory, [Parameter(Mandatory)] [int] $Shard)
    [System.IO.Path]::Combine($Directory, 'users', "$Shard.json")
}

function Get-TenantNumberShardPath {
    param([Parameter(Mandatory)] [string] $Directory, [Parameter(Mandatory)] [int] $Shard)
    [System.IO.Path]::Combine($Directory, 'numbers', "$Shard.json")
}

function New-TenantIndexEntry {
    param([Parameter(Mandatory)] [System.Collections.IDictionary] $User, [Parameter(Mandatory)] [int] $Shard)
    $entry = [ordered]@{}
    foreach ($name in $script:IdentityFields) { $entry[$name] = [string]$User[$name] }
    $entry['Shard'] = $Shard
    $entry
}

function Write-TenantIndex {
    <# Writes a new index file and returns its id; index files are never rewritten, so processes can cache them. #>
    param([Parameter(Mandatory)] [string] $Directory, [Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Entries)
    $id = [guid]::NewGuid().ToString('N')
    Write-TenantFile -Path ([System.IO.Path]::Combine($Directory, "index.$id.json")) -Text ((ConvertTo-VoiceOpsJson -InputObject ([ordered]@{ users = $Entries }) -Pretty) + "`n")
    $id
}

function Import-TenantUsers {
    <# Moves a state file's `users` into a new generation of shard files, then points the state file at it (the commit:
       a crash before it leaves the users in the state file, to be imported again). The caller holds the lock. #>
    param([Parameter(Mandatory)] [System.Collections.IDictionary] $State)

    $users = @($State['users'])
    $previous = if ($State['userStore']) { [string]$State['userStore']['generation'] } else { '' }
    $generation = [guid]::NewGuid().ToString('N')
    $root = (Get-TenantStatePath) + '.store'
    $directory = [System.IO.Path]::Combine($root, $generation)
    $null = [System.IO.Directory]::CreateDirectory([System.IO.Path]::Combine($directory, 'users'))
    $null = [System.IO.Directory]::CreateDirectory([System.IO.Path]::Combine($directory, 'numbers'))

    $count = [Math]::Max(1, [int][Math]::Ceiling($users.Count / $script:UsersPerShard))
    $shards = @(for ($k = 0; $k -lt $count; $k++) { , [System.Collections.Generic.List[object]]::new() })
    $hints = @(for ($k = 0; $k -lt $count; $k++) { [ordered]@{} })
    $entries = [System.Collections.Generic.List[object]]::new()
    for ($i = 0; $i -lt $users.Count; $i++) {
        $user = $users[$i]
        $shard = $i % $count
        $shards[$shard].Add($user)
        $entries.Add((New-TenantIndexEntry -User $user -Shard $shard))
        foreach ($number in @(Get-TenantUserNumbers -User $user)) {
            $numberHints = $hints[(Get-TenantShardOf -Key $number -Count $count)]
            $numberHints[$number] = @(@($numberHints[$number] | Where-Object { $_ }) + [string]$user['ObjectId'])
        }
    }
    for ($k = 0; $k -lt $count; $k++) {
        Write-TenantFile -Path (Get-TenantUserShardPath -Directory $directory -Shard $k) -Text (ConvertTo-VoiceOpsJson -InputObject ([ordered]@{ users = $shards[$k].ToArray() }))
        Write-TenantFile -Path (Get-TenantNumberShardPath -Directory $directory -Shard $k) -Text (ConvertTo-VoiceOpsJson -InputObject ([ordered]@{ numbers = $hints[$k] }))
    }
    $index = Write-TenantIndex -Directory $directory -Entries $entries.ToArray()

    $State.Remove('users')
    $State['userStore'] = [ordered]@{ generation = $generation; index = $index; shards = $count }
    Save-TenantState -State $State
    # Older generations go; the one just replaced stays, so a call that read it before the import still finds it.
    foreach ($old in [System.IO.Directory]::GetDirectories($root)) {
        $name = [System.IO.Path]::GetFileName($old)
        if ($name -ne $generation -and $name -ne $previous) {
            try { [System.IO.Directory]::Delete($old, $true) } catch { Write-Verbose "Kept $old`: $_" }
        }
    }
    $State
}

function Get-TenantIndex {
    <# The users' identities for lookups, loaded once per index file. #>
    param([Parameter(Mandatory)] [System.Collections.IDictionary] $State)

    $directory = Get-TenantStoreDirectory -State $State
    $path = [System.IO.Path]::Combine($directory, "index.$([string]$State['userStore']['index']).json")
    $cached = $script:IndexCache[$path]
    if ($cached) { return $cached }

    $comparer = [System.StringComparer]::OrdinalIgnoreCase
    $index = @{
        Directory  = $directory
        Path       = $path
        Shards     = [int]$State['userStore']['shards']
        Entries    = @((Read-TenantFile -Path $path)['users'])
        ByObjectId = [System.Collections.Generic.Dictionary[string, object]]::new($comparer)
        BySip      = [System.Collections.Generic.Dictionary[string, object]]::new($comparer)
        ByName     = [System.Collections.Generic.Dictionary[string, object]]::new($comparer)
    }
    foreach ($entry in $index.Entries) {
        foreach ($pair in @(@($index.ByObjectId, $entry['ObjectId']), @($index.BySip, $entry['SipAddress']),
                @($index.ByName, $entry['UserPrincipalName']), @($index.ByName, $entry['Alias']), @($index.ByName, $entry['DisplayName']))) {
            $key = [string]$pair[1]
            if (-not $key) { continue }
            $list = $null
            if (-not $pair[0].TryGetValue($key, [ref] $list)) { $list = [System.Collections.Generic.List[object]]::new(); $pair[0][$key] = $list }
            if (-not $list.Contains($entry)) { $list.Add($entry) }
        }
    }
    if ($script:IndexCache.Count -ge 16) { $script:IndexCache.Clear() }
    $script:IndexCache[$path] = $index
    $index
}

function Read-TenantUserShard {
    <# The users of one shard, as they are on disk now. #>
    param([Parameter(Mandatory)] [hashtable] $Index, [Parameter(Mandatory)] [int] $Shard)
    @((Read-TenantFile -Path (Get-TenantUserShardPath -Directory $Index.Directory -Shard $Shard))['users'])
}

function Read-TenantUsersOf {
    <# The current records of the index entries given, in the entries' order; reads each shard once. #>
    param([Parameter(Mandatory)] [hashtable] $Index, [AllowEmptyCollection()] [object[]] $Entries)

    $byShard = @{}
    foreach ($entry in $Entries) {
        $shard = [int]$entry['Shard']
        if (-not $byShard.ContainsKey($shard)) {
            $users = [System.Collections.Generic.Dictionary[string, object]]::new([System.StringComparer]::OrdinalIgnoreCase)
            foreach ($user in (Read-TenantUserShard -Index $Index -Shard $shard)) { $users[[string]$user['ObjectId']] = $user }
            $byShard[$shard] = $users
        }
        $user = $null
        if ($byShard[$shard].TryGetValue([string]$entry['ObjectId'], [ref] $user)) { $user }
    }
}

function Get-TenantUserList {
    <# Every user of the tenant, in tenant order. Callers wrap the call in @(). #>
    param([Parameter(Mandatory)] [System.Collections.IDictionary] $State)
    $index = Get-TenantIndex -State $State
    Read-TenantUsersOf -Index $index -Entries $index.Entries
}

function Test-TenantUserIdentity {
    <# Whether a user answers to an identity the way Microsoft documents it: ObjectId, SIP address, UPN, alias, or
       display name with *. #>
    param([Parameter(Mandatory)] [System.Collections.IDictionary] $User, [Parameter(Mandatory)] [string] $Identity)

    $comparer = [System.StringComparer]::OrdinalIgnoreCase
    $guid = [guid]::Empty
    if ([guid]::TryParse($Identity, [ref] $guid)) { return $comparer.Equals([string]$User['ObjectId'], $guid.ToString()) }
    if ($Identity.StartsWith('sip:', [System.StringComparison]::OrdinalIgnoreCase)) { return $comparer.Equals([string]$User['SipAddress'], $Identity) }
    if ($Identity.Contains('*')) {
        $pattern = '^' + ([regex]::Escape($Identity) -replace '\\\*', '.*') + '\z'
        return [regex]::IsMatch([string]$User['DisplayName'], $pattern, 'IgnoreCase')
    }
    $comparer.Equals([string]$User['UserPrincipalName'], $Identity) -or $comparer.Equals([string]$User['Alias'], $Identity) -or
    $comparer.Equals([string]$User['DisplayName'], $Identity)
}

function Find-TenantUser {
    <# The users an identity resolves to, found through the index and checked against their current records.
       Callers wrap the call in @(): PowerShell unrolls a one-user array into the user itself. #>
    param([Parameter(Mandatory)] [System.Collections.IDictionary] $State, [Parameter(Mandatory)] [string] $Identity)

    $index = Get-TenantIndex -State $State
    $guid = [guid]::Empty
    $found = $null
    if ($Identity.Contains('*') -and -not [guid]::TryParse($Identity, [ref] $guid) -and -not $Identity.StartsWith('sip:', [System.StringComparison]::OrdinalIgnoreCase)) {
        $candidates = $index.Entries
    }
    else {
        $lookup = if ([guid]::TryParse($Identity, [ref] $guid)) { $index.ByObjectId } elseif ($Identity.StartsWith('sip:', [System.StringComparison]::OrdinalIgnoreCase)) { $index.BySip } else { $index.ByName }
        $key = if ([guid]::TryParse($Identity, [ref] $guid)) { $guid.ToString() } else { $Identity }
        if (-not $lookup.TryGetValue($key, [ref] $found)) { return }
        $candidates = $found.ToArray()
    }
    foreach ($user in (Read-TenantUsersOf -Index $index -Entries $candidates)) {
        if (Test-TenantUserIdentity -User $user -Identity $Identity) { $user }
    }
}

function New-UserNotFoundError {
    param([string] $Identity)
    New-TenantErrorRecord -Message ('Management object not found for identity "{0}".' -f $Identity) `
        -ErrorId 'ManagementObjectNotFound' -Category ObjectNotFound -Target $Identity `
        -ExceptionType ([System.Management.Automation.ItemNotFoundException])
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

function Get-TenantUserNumbers {
    <# The line URIs a user holds, as number-hint keys. #>
    param([Parameter(Mandatory)] [System.Collections.IDictionary] $User)
    foreach ($name in $script:NumberFields) {
        $value = [string]$User[$name]
        if ($value) { $value.ToLowerInvariant() }
    }
}

function Test-TenantUserHoldsNumber {
    param([Parameter(Mandatory)] [System.Collections.IDictionary] $User, [Parameter(Mandatory)] [string] $Number)
    @(Get-TenantUserNumbers -User $User) -contains $Number.ToLowerInvariant()
}

function Find-TenantNumberHolder {
    <# The other users holding a line URI (as LineURI or OnPremLineURI), for a change that claimed it with -LineUris.
       The hints say who took a number; each is checked against the user's current record, so stale hints are harmless. #>
    param([Parameter(Mandatory)] [string] $Number)

    $claim = $script:NumberClaim
    $key = $Number.ToLowerInvariant()
    if ($null -eq $claim -or -not $claim.Hints.ContainsKey($key)) {
        throw [System.InvalidOperationException]::new("Find-TenantNumberHolder needs the change to claim '$Number' with -LineUris.")
    }
    Find-TenantNumberHolderIn -Index $claim.Index -Ids $claim.Hints[$key] -Number $key -Except $claim.ObjectId
}

function Find-TenantNumberHolderByHint {
    <# The users holding a line URI now, for a read: the number's hint shard names who may (a stale hint is checked
       against the user's record; every holder is hinted, the hints being written before the user). #>
    param([Parameter(Mandatory)] [System.Collections.IDictionary] $State, [Parameter(Mandatory)] [string] $Number)

    $index = Get-TenantIndex -State $State
    $key = $Number.ToLowerInvariant()
    $hints = (Read-TenantFile -Path (Get-TenantNumberShardPath -Directory $index.Directory -Shard (Get-TenantShardOf -Key $key -Count $index.Shards)))['numbers']
    $ids = if ($hints -and $hints.Contains($key)) { @($hints[$key]) } else { @() }
    Find-TenantNumberHolderIn -Index $index -Ids $ids -Number $key -Except ''
}

function Get-TenantIdentitySnapshot {
    param([Parameter(Mandatory)] [System.Collections.IDictionary] $User)
    ($script:IdentityFields | ForEach-Object { [string]$User[$_] }) -join "`n"
}

function Update-TenantUser {
    <# One user's read-modify-write under its shard's lock, after the injected latency and throttling. $Change gets the
       user's dictionary and the tenant-wide state, edits the user in place and returns what the cmdlet outputs;
       throwing leaves every file untouched. -LineUris: the numbers the change may give the user; their hint shards are
       locked first, so two users cannot take one number, and Find-TenantNumberHolder answers who holds them.
       -TenantWide: the tenant-wide lock is held throughout and the state saved, for a change that also edits tenant
       sections or the user's identities (UPN, alias, display name, SIP address). Locks are taken in one order:
       tenant-wide, number shards ascending, user shard. #>
    param(
        [Parameter(Mandatory)] [string] $Identity,
        [Parameter(Mandatory)] [scriptblock] $Change,
        [AllowEmptyCollection()] [string[]] $LineUris = @(),
        [switch] $TenantWide
    )

    Assert-TenantConnected
    Invoke-TenantServiceCall -State (Read-TenantState)
    $locks = [System.Collections.Generic.List[System.IDisposable]]::new()
    try {
        if ($TenantWide) { $locks.Add((Lock-TenantState)) }
        $state = Read-TenantState -Locked:$TenantWide
        $index = Get-TenantIndex -State $state
        $objectId = [string](Resolve-TenantUser -State $state -Identity $Identity)['ObjectId']
        $entry = $index.ByObjectId[$objectId][0]

        $claimed = @($LineUris | Where-Object { $_ } | ForEach-Object { $_.ToLowerInvariant() } | Sort-Object -Unique)
        $numberShards = @($claimed | ForEach-Object { Get-TenantShardOf -Key $_ -Count $index.Shards } | Sort-Object -Unique)
        $hintShards = @{}
        foreach ($shard in $numberShards) {
            $path = Get-TenantNumberShardPath -Directory $index.Directory -Shard $shard
            $locks.Add((Lock-TenantFile -Path $path))
            $hintShards[$shard] = (Read-TenantFile -Path $path)['numbers']
        }
        $hints = @{}
        foreach ($number in $claimed) { $hints[$number] = @($hintShards[(Get-TenantShardOf -Key $number -Count $index.Shards)][$number] | Where-Object { $_ }) }

        $userPath = Get-TenantUserShardPath -Directory $index.Directory -Shard ([int]$entry['Shard'])
        $locks.Add((Lock-TenantFile -Path $userPath))
        $users = @((Read-TenantFile -Path $userPath)['users'])
        $user = @($users | Where-Object { [string]$_['ObjectId'] -eq $objectId })[0]
        $identityBefore = Get-TenantIdentitySnapshot -User $user
        $numbersBefore = @(Get-TenantUserNumbers -User $user)

        $script:NumberClaim = @{ Index = $index; ObjectId = $objectId; Hints = $hints }
        try { $output = & $Change $user $state }
        finally { $script:NumberClaim = $null }

        # The hints go to disk before the user does: a crash in between leaves a stale hint, never an unhinted number.
        $dirty = @{}
        foreach ($number in @(Get-TenantUserNumbers -User $user)) {
            if ($numbersBefore -contains $number) { continue }
            if ($claimed -notcontains $number) { throw [System.InvalidOperationException]::new("A change gave '$number' to a user without claiming it with -LineUris.") }
            $shard = Get-TenantShardOf -Key $number -Count $index.Shards
            $holders = @(Find-TenantNumberHolderIn -Index $index -Ids $hints[$number] -Number $number -Except $objectId)
            $hintShards[$shard][$number] = @(@($holders | ForEach-Object { [string]$_['ObjectId'] }) + $objectId)
            $dirty[$shard] = $true
        }
        foreach ($shard in $dirty.Keys) {
            Write-TenantFile -Path (Get-TenantNumberShardPath -Directory $index.Directory -Shard $shard) -Text (ConvertTo-VoiceOpsJson -InputObject ([ordered]@{ numbers = $hintShards[$shard] }))
        }
        Write-TenantFile -Path $userPath -Text (ConvertTo-VoiceOpsJson -InputObject ([ordered]@{ users = $users }))

        $identityChanged = (Get-TenantIdentitySnapshot -User $user) -ne $identityBefore
        if ($identityChanged -and -not $TenantWide) { throw [System.InvalidOperationException]::new('A change to a user''s identities needs -TenantWide.') }
        if ($TenantWide) {
            if ($identityChanged) {
                $entries = @(foreach ($existing in $index.Entries) {
                        if ([string]$existing['ObjectId'] -eq $objectId) { New-TenantIndexEntry -User $user -Shard ([int]$entry['Shard']) } else { $existing }
                    })
                $state['userStore']['index'] = Write-TenantIndex -Directory $index.Directory -Entries $entries
            }
            Save-TenantState -State $state
        }
        $output
    }
    finally {
        for ($i = $locks.Count - 1; $i -ge 0; $i--) { $locks[$i].Dispose() }
    }
}

function Find-TenantNumberHolderIn {
    param([hashtable] $Index, [AllowEmptyCollection()] [object[]] $Ids, [string] $Number, [string] $Except)
    $entries = @(foreach ($id in @($Ids | Where-Object { $_ -and $_ -ne $Except })) { $found = $null; if ($Index.ByObjectId.TryGetValue($id, [ref] $found)) { $found[0] } })
    foreach ($user in (Read-TenantUsersOf -Index $Index -Entries $entries)) {
        if (Test-TenantUserHoldsNumber -User $user -Number $Number) { $user }
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
        $current = Read-TenantState -Locked
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

function Update-TenantState {
    <# One read-modify-write of the tenant-wide sections under the tenant-wide lock, after the injected latency and
       throttling. $Change gets the state dictionary (no users: see Update-TenantUser), edits it in place and returns
       what the cmdlet outputs; throwing leaves the file untouched. #>
    param([Parameter(Mandatory)] [scriptblock] $Change)

    Assert-TenantConnected
    Invoke-TenantServiceCall -State (Read-TenantState)
    $lock = Lock-TenantState
    try {
        $state = Read-TenantState -Locked
        $output = & $Change $state
        Save-TenantState -State $state
        $output
    }
    finally {
        $lock.Dispose()
    }
}

function Read-TenantStateForQuery {
    <# A read-only call: the same latency and throttling as the service, then the tenant-wide state. #>
    Assert-TenantConnected
    Invoke-TenantServiceCall -State (Read-TenantState)
    Read-TenantState
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
