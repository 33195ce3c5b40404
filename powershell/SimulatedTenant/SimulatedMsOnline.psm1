# A stand-in for the retired MSOnline module and its Microsoft Graph successors (Microsoft.Graph.Users,
# Microsoft.Graph.Applications): users' directory properties and service principal credentials, over the same state
# file as the simulated Teams module.

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
. ([System.IO.Path]::Combine($PSScriptRoot, '..', 'Shared', 'VoiceOps.Json.ps1'))
. ([System.IO.Path]::Combine($PSScriptRoot, 'TenantStore.ps1'))

function ConvertTo-MsolUser {
    param([System.Collections.IDictionary] $User)
    [pscustomobject][ordered]@{
        ObjectId          = [string]$User['ObjectId']
        UserPrincipalName = [string]$User['UserPrincipalName']
        DisplayName       = [string]$User['DisplayName']
        Department        = [string]$User['Department']
        UsageLocation     = [string]$User['UsageLocation']
        IsLicensed        = @($User['AssignedLicenses']).Count -gt 0
    }
}

function Get-MsolUser {
    [CmdletBinding(DefaultParameterSetName = 'ListUsers')]
    param(
        [Parameter(Mandatory, ParameterSetName = 'GetUser')] [guid] $ObjectId,
        [Parameter(Mandatory, ParameterSetName = 'GetUserByUpn')] [string] $UserPrincipalName,
        [Parameter(ParameterSetName = 'ListUsers')] [switch] $All,
        [Parameter(ParameterSetName = 'ListUsers')] [string] $SearchString,
        [switch] $ReturnDeletedUsers,
        [guid] $TenantId
    )

    $state = Read-TenantStateForQuery
    if ($ReturnDeletedUsers) { return }
    switch ($PSCmdlet.ParameterSetName) {
        'GetUser' { ConvertTo-MsolUser -User (Resolve-TenantUser -State $state -Identity $ObjectId.ToString()) }
        'GetUserByUpn' { ConvertTo-MsolUser -User (Resolve-TenantUser -State $state -Identity $UserPrincipalName) }
        default {
            foreach ($user in @(Get-TenantUserList -State $state)) {
                if ($SearchString -and -not ([string]$user['UserPrincipalName']).StartsWith($SearchString, [System.StringComparison]::OrdinalIgnoreCase)) { continue }
                ConvertTo-MsolUser -User $user
            }
        }
    }
}

function Set-MsolUser {
    <# Changes directory properties of one user, named by ObjectId or UserPrincipalName. #>
    [CmdletBinding(PositionalBinding = $false)]
    param(
        [string] $ImmutableId,
        [guid] $ObjectId,
        [string] $UserPrincipalName,
        [string] $Department,
        [string] $DisplayName,
        [string] $Title,
        [string] $UsageLocation,
        [guid] $TenantId
    )

    $identity = if ($PSBoundParameters.ContainsKey('ObjectId')) { $ObjectId.ToString() } else { $UserPrincipalName }
    if (-not $identity) {
        throw (New-TenantErrorRecord -Message 'Give -ObjectId or -UserPrincipalName.' -ErrorId 'IdentityMissing' -Category InvalidArgument -Target $null -ExceptionType ([System.ArgumentException]))
    }
    $bound = $PSBoundParameters
    # A new display name changes how the user is found: the index changes with it, under the tenant-wide lock.
    $null = Update-TenantUser -Identity $identity -TenantWide:($bound.ContainsKey('DisplayName')) -Change {
        param($user)
        foreach ($name in 'Department', 'DisplayName', 'Title', 'UsageLocation') {
            if ($bound.ContainsKey($name)) { $user[$name] = $bound[$name] }
        }
    }
}

function Get-MgUser {
    [CmdletBinding(DefaultParameterSetName = 'List')]
    param(
        [Parameter(Mandatory, ParameterSetName = 'Get')] [string] $UserId,
        [string[]] $Property,
        [Parameter(ParameterSetName = 'List')] [string] $Filter,
        [Parameter(ParameterSetName = 'List')] [switch] $All
    )

    $state = Read-TenantStateForQuery
    $users = if ($PSCmdlet.ParameterSetName -eq 'Get') { @(Resolve-TenantUser -State $state -Identity $UserId) } else { @(Get-TenantUserList -State $state) }
    foreach ($user in $users) {
        [pscustomobject][ordered]@{
            Id                = [string]$user['ObjectId']
            UserPrincipalName = [string]$user['UserPrincipalName']
            DisplayName       = [string]$user['DisplayName']
            Department        = [string]$user['Department']
        }
    }
}

function Update-MgUser {
    <# PATCH /users/{id}: the Graph way to set Department now that MSOnline is retired. #>
    [CmdletBinding(DefaultParameterSetName = 'UpdateExpanded', SupportsShouldProcess)]
    param(
        [Parameter(Mandatory, ParameterSetName = 'UpdateExpanded')] [string] $UserId,
        [Parameter(ParameterSetName = 'UpdateExpanded')] [string] $Department,
        [Parameter(ParameterSetName = 'UpdateExpanded')] [string] $DisplayName,
        [Parameter(ParameterSetName = 'UpdateExpanded')] [string] $JobTitle,
        [switch] $PassThru
    )

    $bound = $PSBoundParameters
    $null = Update-TenantUser -Identity $UserId -TenantWide:($bound.ContainsKey('DisplayName')) -Change {
        param($user)
        if ($bound.ContainsKey('Department')) { $user['Department'] = $bound['Department'] }
        if ($bound.ContainsKey('DisplayName')) { $user['DisplayName'] = $bound['DisplayName'] }
        if ($bound.ContainsKey('JobTitle')) { $user['Title'] = $bound['JobTitle'] }
    }
    if ($PassThru) { $true }
}

function Resolve-ServicePrincipal {
    param([System.Collections.IDictionary] $State, [string] $AppPrincipalId)

    $found = @(Get-TenantList -Container $State -Name 'servicePrincipals' | Where-Object { [string]$_['AppPrincipalId'] -eq $AppPrincipalId -or [string]$_['ObjectId'] -eq $AppPrincipalId })
    if ($found.Count -eq 0) {
        throw (New-TenantErrorRecord -Message ('Service principal "{0}" was not found.' -f $AppPrincipalId) -ErrorId 'ServicePrincipalNotFound' `
                -Category ObjectNotFound -Target $AppPrincipalId -ExceptionType ([System.Management.Automation.ItemNotFoundException]))
    }
    $found[0]
}

function Get-MsolServicePrincipalCredential {
    [CmdletBinding(DefaultParameterSetName = 'AppPrincipalId')]
    param(
        [Parameter(Mandatory, ParameterSetName = 'ObjectId')] [guid] $ObjectId,
        [Parameter(Mandatory, ParameterSetName = 'AppPrincipalId')] [guid] $AppPrincipalId,
        [Parameter(Mandatory, ParameterSetName = 'ServicePrincipalName')] [string] $ServicePrincipalName,
        [Parameter(Mandatory)] [bool] $ReturnKeyValues,
        [guid] $TenantId
    )

    if ($PSCmdlet.ParameterSetName -eq 'ServicePrincipalName') {
        throw (New-TenantErrorRecord -Message 'The simulated tenant finds service principals by AppPrincipalId or ObjectId.' -ErrorId 'ParameterSetNotSupported' -Category NotImplemented -Target $null)
    }
    $id = if ($PSCmdlet.ParameterSetName -eq 'ObjectId') { $ObjectId.ToString() } else { $AppPrincipalId.ToString() }
    $principal = Resolve-ServicePrincipal -State (Read-TenantStateForQuery) -AppPrincipalId $id
    foreach ($key in @(Get-TenantList -Container $principal -Name 'KeyCredentials')) {
        [pscustomobject][ordered]@{
            Type      = [string]$key['Type']
            Value     = if ($ReturnKeyValues) { [string]$key['Value'] } else { $null }
            KeyId     = [string]$key['KeyId']
            StartDate = [string]$key['StartDate']
            EndDate   = [string]$key['EndDate']
            Usage     = [string]$key['Usage']
        }
    }
}

function New-MsolServicePrincipalCredential {
    <# Adds a key credential; an asymmetric key's dates default to the certificate's validity, as the service does. #>
    [CmdletBinding(DefaultParameterSetName = 'AppPrincipalId')]
    param(
        [Parameter(Mandatory, ParameterSetName = 'ObjectId')] [guid] $ObjectId,
        [Parameter(Mandatory, ParameterSetName = 'AppPrincipalId')] [guid] $AppPrincipalId,
        [Parameter(Mandatory, ParameterSetName = 'ServicePrincipalName')] [string] $ServicePrincipalName,
        [ValidateSet('Symmetric', 'Asymmetric', 'Password')] [string] $Type = 'Symmetric',
        [string] $Value,
        [datetime] $StartDate,
        [datetime] $EndDate,
        [ValidateSet('Sign', 'Verify')] [string] $Usage = 'Verify',
        [guid] $TenantId
    )

    if ($PSCmdlet.ParameterSetName -eq 'ServicePrincipalName') {
        throw (New-TenantErrorRecord -Message 'The simulated tenant finds service principals by AppPrincipalId or ObjectId.' -ErrorId 'ParameterSetNotSupported' -Category NotImplemented -Target $null)
    }
    $id = if ($PSCmdlet.ParameterSetName -eq 'ObjectId') { $ObjectId.ToString() } else { $AppPrincipalId.ToString() }
    $start = if ($PSBoundParameters.ContainsKey('StartDate')) { $StartDate } else { [DateTime]::UtcNow }
    $end = if ($PSBoundParameters.ContainsKey('EndDate')) { $EndDate } else { $start.AddYears(1) }
    if ($Type -eq 'Asymmetric') {
        try {
            $certificate = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new([System.Convert]::FromBase64String($Value))
        }
        catch {
            throw (New-TenantErrorRecord -Message 'The credential value is not a base64-encoded X.509 certificate.' -ErrorId 'InvalidCredentialValue' `
                    -Category InvalidArgument -Target $null -ExceptionType ([System.ArgumentException]))
        }
        if (-not $PSBoundParameters.ContainsKey('StartDate')) { $start = $certificate.NotBefore }
        if (-not $PSBoundParameters.ContainsKey('EndDate')) { $end = $certificate.NotAfter }
    }
    $null = Update-TenantState -Change {
        param($state)
        $principal = Resolve-ServicePrincipal -State $state -AppPrincipalId $id
        $key = [ordered]@{
            KeyId     = [guid]::NewGuid().ToString()
            Type      = $Type
            Usage     = $Usage
            Value     = $Value
            StartDate = ConvertTo-TenantTimestamp -Value $start
            EndDate   = ConvertTo-TenantTimestamp -Value $end
        }
        Add-TenantListItem -Container $principal -Name 'KeyCredentials' -Item $key
    }
}

function Remove-MsolServicePrincipalCredential {
    <# Removes key credentials by KeyId. All or nothing: a KeyId the principal does not have fails the call, naming it,
       and no key is removed. #>
    [CmdletBinding(DefaultParameterSetName = 'ObjectId')]
    param(
        [Parameter(Mandatory, ParameterSetName = 'ObjectId')] [guid] $ObjectId,
        [Parameter(Mandatory, ParameterSetName = 'AppPrincipalId')] [guid] $AppPrincipalId,
        [Parameter(Mandatory, ParameterSetName = 'ServicePrincipalName')] [string] $ServicePrincipalName,
        [Parameter(Mandatory)] [guid[]] $KeyIds,
        [guid] $TenantId
    )

    if ($PSCmdlet.ParameterSetName -eq 'ServicePrincipalName') {
        throw (New-TenantErrorRecord -Message 'The simulated tenant finds service principals by AppPrincipalId or ObjectId.' -ErrorId 'ParameterSetNotSupported' -Category NotImplemented -Target $null)
    }
    $id = if ($PSCmdlet.ParameterSetName -eq 'ObjectId') { $ObjectId.ToString() } else { $AppPrincipalId.ToString() }
    $wanted = @($KeyIds | ForEach-Object { $_.ToString() })
    $null = Update-TenantState -Change {
        param($state)
        $principal = Resolve-ServicePrincipal -State $state -AppPrincipalId $id
        $keys = @(Get-TenantList -Container $principal -Name 'KeyCredentials')
        $held = @($keys | ForEach-Object { [string]$_['KeyId'] })
        $missing = @($wanted | Where-Object { $held -notcontains $_ } | Select-Object -Unique)
        if ($missing.Count -gt 0) {
            throw (New-TenantErrorRecord -Message ('Service principal "{0}" has no credential with key ID {1}; no credential was removed.' -f $id, (($missing | ForEach-Object { '"{0}"' -f $_ }) -join ', ')) `
                    -ErrorId 'CredentialKeyNotFound' -Category ObjectNotFound -Target $missing -ExceptionType ([System.Management.Automation.ItemNotFoundException]))
        }
        $principal['KeyCredentials'] = @($keys | Where-Object { $wanted -notcontains [string]$_['KeyId'] })
    }
}

function ConvertTo-GraphServicePrincipal {
    <# A service principal as Graph shows it: keyCredentials without their key values, Graph's type and date names. #>
    param([System.Collections.IDictionary] $Principal)

    $keys = foreach ($key in @(Get-TenantList -Container $Principal -Name 'KeyCredentials')) {
        [pscustomobject][ordered]@{
            KeyId         = [string]$key['KeyId']
            Type          = if ($key['Type'] -eq 'Asymmetric') { 'AsymmetricX509Cert' } else { [string]$key['Type'] }
            Usage         = [string]$key['Usage']
            StartDateTime = [string]$key['StartDate']
            EndDateTime   = [string]$key['EndDate']
            Key           = $null
        }
    }
    [pscustomobject][ordered]@{
        Id             = [string]$Principal['ObjectId']
        AppId          = [string]$Principal['AppPrincipalId']
        DisplayName    = [string]$Principal['DisplayName']
        KeyCredentials = @($keys)
    }
}

function Get-MgServicePrincipal {
    [CmdletBinding(DefaultParameterSetName = 'List')]
    param(
        [Parameter(Mandatory, ParameterSetName = 'Get')] [string] $ServicePrincipalId,
        [Parameter(ParameterSetName = 'List')] [string] $Filter,
        [string[]] $Property,
        [Parameter(ParameterSetName = 'List')] [switch] $All
    )

    $state = Read-TenantStateForQuery
    if ($PSCmdlet.ParameterSetName -eq 'Get') { return ConvertTo-GraphServicePrincipal -Principal (Resolve-ServicePrincipal -State $state -AppPrincipalId $ServicePrincipalId) }
    $appId = $null
    if ($Filter) {
        $match = [regex]::Match($Filter, "^appId eq '([0-9a-fA-F-]{36})'\z")
        if (-not $match.Success) {
            throw (New-TenantErrorRecord -Message "The simulated tenant evaluates only -Filter ""appId eq '<guid>'""." -ErrorId 'FilterNotSupported' -Category NotImplemented -Target $Filter)
        }
        $appId = $match.Groups[1].Value
    }
    foreach ($principal in @(Get-TenantList -Container $state -Name 'servicePrincipals')) {
        if ($appId -and [string]$principal['AppPrincipalId'] -ne $appId) { continue }
        ConvertTo-GraphServicePrincipal -Principal $principal
    }
}

function Update-MgServicePrincipal {
    <# PATCH /servicePrincipals/{id}: keyCredentials replaces the whole collection, as Graph does. A key given with the
       KeyId of an existing one and no Key keeps that key's value (Graph never returns key values). #>
    [CmdletBinding(DefaultParameterSetName = 'UpdateExpanded', SupportsShouldProcess)]
    param(
        [Parameter(Mandatory, ParameterSetName = 'UpdateExpanded')] [string] $ServicePrincipalId,
        [Parameter(ParameterSetName = 'UpdateExpanded')] [object[]] $KeyCredentials,
        [switch] $PassThru
    )

    $null = Update-TenantState -Change {
        param($state)
        $principal = Resolve-ServicePrincipal -State $state -AppPrincipalId $ServicePrincipalId
        $existing = @(Get-TenantList -Container $principal -Name 'KeyCredentials')
        $principal['KeyCredentials'] = @(foreach ($credential in @($KeyCredentials)) {
                $kept = @($existing | Where-Object { $credential['KeyId'] -and $_['KeyId'] -eq [string]$credential['KeyId'] })
                $value = if ($credential['Key']) { [string]$credential['Key'] } elseif ($kept.Count) { [string]$kept[0]['Value'] } else { '' }
                if ($credential['Type'] -eq 'AsymmetricX509Cert') {
                    try { $null = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new([System.Convert]::FromBase64String($value)) }
                    catch {
                        throw (New-TenantErrorRecord -Message 'Key credential value is not a base64-encoded X.509 certificate.' -ErrorId 'InvalidKeyCredential' `
                                -Category InvalidArgument -Target $null -ExceptionType ([System.ArgumentException]))
                    }
                }
                [ordered]@{
                    KeyId     = if ($credential['KeyId']) { [string]$credential['KeyId'] } else { [guid]::NewGuid().ToString() }
                    Type      = if ($credential['Type'] -eq 'AsymmetricX509Cert') { 'Asymmetric' } else { [string]$credential['Type'] }
                    Usage     = [string]$credential['Usage']
                    Value     = $value
                    StartDate = ConvertTo-TenantTimestamp -Value ([datetime]$credential['StartDateTime'])
                    EndDate   = ConvertTo-TenantTimestamp -Value ([datetime]$credential['EndDateTime'])
                }
            })
    }
    if ($PassThru) { $true }
}

Export-ModuleMember -Function Get-MsolUser, Set-MsolUser, Get-MgUser, Update-MgUser, Get-MsolServicePrincipalCredential, New-MsolServicePrincipalCredential,
    Remove-MsolServicePrincipalCredential, Get-MgServicePrincipal, Update-MgServicePrincipal
