# A stand-in for the on-premises Exchange Management Shell: the cmdlets of the Skype for Business Online OAuth
# procedure (mail user, role assignments, partner application, auth certificate), over the `exchange` section of the
# simulated tenant's state file.

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
. ([System.IO.Path]::Combine($PSScriptRoot, '..', 'Shared', 'VoiceOps.Json.ps1'))
. ([System.IO.Path]::Combine($PSScriptRoot, 'TenantStore.ps1'))

function Assert-DomainController {
    <# Exchange fails when -DomainController names a server it cannot reach; the simulation knows the seed's DCs. #>
    param([System.Collections.IDictionary] $Exchange, [string] $DomainController)

    if (-not $DomainController) { return }
    if (@(Get-TenantList -Container $Exchange -Name 'domainControllers') -notcontains $DomainController) {
        throw (New-TenantErrorRecord -Message ('The domain controller "{0}" could not be contacted.' -f $DomainController) `
                -ErrorId 'DomainControllerUnreachable' -Category ResourceUnavailable -Target $DomainController)
    }
}

function New-ExchangeNotFoundError {
    param([string] $Kind, [string] $Identity)
    New-TenantErrorRecord -Message ('The operation couldn''t be performed because object ''{0}'' couldn''t be found on the domain controller.' -f $Identity) `
        -ErrorId ('{0}NotFound' -f $Kind) -Category ObjectNotFound -Target $Identity -ExceptionType ([System.Management.Automation.ItemNotFoundException])
}

function New-ExchangeAmbiguousError {
    param([string] $Identity)
    New-TenantErrorRecord -Message ('The operation couldn''t be performed because ''{0}'' matches multiple entries.' -f $Identity) `
        -ErrorId 'AmbiguousIdentity' -Category InvalidArgument -Target $Identity
}

function Remove-ExchangeObject {
    <# What the Remove-* cmdlets share: on a reachable domain controller, the one object of a section that $Find returns
       for the identity is dropped (that very dictionary; the section is replaced, like Add-TenantListItem). None is a
       not-found error, several an ambiguity, and either leaves the state as it was. #>
    param([string] $Section, [string] $Kind, [string] $Identity, [string] $DomainController, [scriptblock] $Find)

    $null = Update-TenantState -Change {
        param($state)
        $exchange = $state['exchange']
        Assert-DomainController -Exchange $exchange -DomainController $DomainController
        $found = @(& $Find $exchange)
        if ($found.Count -eq 0) { throw (New-ExchangeNotFoundError -Kind $Kind -Identity $Identity) }
        if ($found.Count -gt 1) { throw (New-ExchangeAmbiguousError -Identity $Identity) }
        $exchange[$Section] = @(Get-TenantList -Container $exchange -Name $Section | Where-Object { -not [object]::ReferenceEquals($_, $found[0]) })
    }
}

function Find-MailUser {
    param([System.Collections.IDictionary] $Exchange, [string] $Identity)
    @(Get-TenantList -Container $Exchange -Name 'mailUsers' | Where-Object {
            [string]$_['Name'] -eq $Identity -or [string]$_['Identity'] -eq $Identity -or [string]$_['Alias'] -eq $Identity -or [string]$_['ExternalEmailAddress'] -eq ('SMTP:' + $Identity)
        })
}

function New-MailUser {
    <# A mail user: an Active Directory account with an external e-mail address and no mailbox. #>
    [CmdletBinding(DefaultParameterSetName = 'DisabledUser', SupportsShouldProcess)]
    param(
        [Parameter(Mandatory, Position = 0)] [string] $Name,
        [Parameter(Mandatory)] [string] $ExternalEmailAddress,
        [string] $Alias,
        [string] $DisplayName,
        [string] $DomainController,
        [string] $FirstName,
        [string] $LastName,
        [string] $OrganizationalUnit
    )

    $address = $ExternalEmailAddress -replace '^(?i:smtp):', ''
    if (-not [regex]::IsMatch($address, '^[^@\s]+@[^@\s]+\.[^@\s]+\z')) {
        throw (New-TenantErrorRecord -Message ('"{0}" isn''t a valid SMTP address.' -f $ExternalEmailAddress) -ErrorId 'InvalidSmtpAddress' `
                -Category InvalidArgument -Target $ExternalEmailAddress -ExceptionType ([System.ArgumentException]))
    }
    Update-TenantState -Change {
        param($state)
        $exchange = $state['exchange']
        Assert-DomainController -Exchange $exchange -DomainController $DomainController
        $domain = $address.Split('@')[1]
        if (@(Get-TenantList -Container $exchange -Name 'acceptedDomains') -notcontains $domain) {
            throw (New-TenantErrorRecord -Message ('The domain "{0}" isn''t an accepted domain of this organization.' -f $domain) -ErrorId 'DomainNotAccepted' `
                    -Category InvalidArgument -Target $domain -ExceptionType ([System.ArgumentException]))
        }
        if (@(Find-MailUser -Exchange $exchange -Identity $Name).Count -gt 0) {
            throw (New-TenantErrorRecord -Message ('The name "{0}" is already being used. Please try another name.' -f $Name) -ErrorId 'MailUserExists' `
                    -Category ResourceExists -Target $Name)
        }
        $user = [ordered]@{
            Identity                      = 'contoso.com/Users/' + $Name
            Name                          = $Name
            Alias                         = if ($Alias) { $Alias } else { $Name }
            DisplayName                   = if ($DisplayName) { $DisplayName } else { $Name }
            ExternalEmailAddress          = 'SMTP:' + $address
            HiddenFromAddressListsEnabled = $false
            Guid                          = [guid]::NewGuid().ToString()
        }
        Add-TenantListItem -Container $exchange -Name 'mailUsers' -Item $user
        [pscustomobject]$user
    }
}

function Get-MailUser {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [string] $Identity, [string] $DomainController, [uint32] $ResultSize)

    $exchange = (Read-TenantStateForQuery)['exchange']
    Assert-DomainController -Exchange $exchange -DomainController $DomainController
    $users = @(if ($Identity) { Find-MailUser -Exchange $exchange -Identity $Identity } else { Get-TenantList -Container $exchange -Name 'mailUsers' })
    if ($Identity -and $users.Count -eq 0) { throw (New-ExchangeNotFoundError -Kind 'MailUser' -Identity $Identity) }
    foreach ($user in $users) { [pscustomobject]$user }
}

function Set-MailUser {
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [Parameter(Mandatory, Position = 0)] [string] $Identity,
        [bool] $HiddenFromAddressListsEnabled,
        [string] $DisplayName,
        [string] $DomainController
    )

    $bound = $PSBoundParameters
    $null = Update-TenantState -Change {
        param($state)
        $exchange = $state['exchange']
        Assert-DomainController -Exchange $exchange -DomainController $DomainController
        $found = @(Find-MailUser -Exchange $exchange -Identity $Identity)
        if ($found.Count -eq 0) { throw (New-ExchangeNotFoundError -Kind 'MailUser' -Identity $Identity) }
        foreach ($name in 'HiddenFromAddressListsEnabled', 'DisplayName') {
            if ($bound.ContainsKey($name)) { $found[0][$name] = $bound[$name] }
        }
    }
}

function Remove-MailUser {
    <# Removes a mail user (found like Get-MailUser finds it). As in Exchange, role assignments and partner applications
       that name it are left alone. #>
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
    param(
        [Parameter(Mandatory, Position = 0)] [string] $Identity,
        [string] $DomainController,
        [switch] $IgnoreLegalHold
    )

    if (-not $PSCmdlet.ShouldProcess($Identity, 'Remove mail user')) { return }
    Remove-ExchangeObject -Section 'mailUsers' -Kind 'MailUser' -Identity $Identity -DomainController $DomainController -Find {
        param($exchange)
        Find-MailUser -Exchange $exchange -Identity $Identity
    }
}

function New-ManagementRoleAssignment {
    <# Assigns a management role to a user (the User parameter set). #>
    [CmdletBinding(DefaultParameterSetName = 'User', SupportsShouldProcess)]
    param(
        [Parameter(Position = 0)] [string] $Name,
        [Parameter(Mandatory, ParameterSetName = 'User')] [string] $User,
        [Parameter(Mandatory)] [string] $Role,
        [switch] $Delegating,
        [string] $DomainController
    )

    Update-TenantState -Change {
        param($state)
        $exchange = $state['exchange']
        Assert-DomainController -Exchange $exchange -DomainController $DomainController
        if (@(Get-TenantList -Container $exchange -Name 'managementRoles') -notcontains $Role) {
            throw (New-ExchangeNotFoundError -Kind 'ManagementRole' -Identity $Role)
        }
        $found = @(Find-MailUser -Exchange $exchange -Identity $User)
        if ($found.Count -eq 0) { throw (New-ExchangeNotFoundError -Kind 'User' -Identity $User) }
        $assignee = [string]$found[0]['Name']
        $existing = @(Get-TenantList -Container $exchange -Name 'managementRoleAssignments' | Where-Object { $_['Role'] -eq $Role -and $_['RoleAssignee'] -eq $assignee })
        if ($existing.Count -gt 0) {
            throw (New-TenantErrorRecord -Message ('The role assignment "{0}" already exists.' -f $existing[0]['Name']) -ErrorId 'RoleAssignmentExists' `
                    -Category ResourceExists -Target $Role)
        }
        $assignment = [ordered]@{
            Name         = if ($Name) { $Name } else { '{0}-{1}' -f $Role, $assignee }
            Role         = $Role
            RoleAssignee = $assignee
            Enabled      = $true
        }
        Add-TenantListItem -Container $exchange -Name 'managementRoleAssignments' -Item $assignment
        [pscustomobject]$assignment
    }
}

function Get-ManagementRoleAssignment {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [string] $Identity, [string] $Role, [string] $RoleAssignee, [string] $DomainController)

    $exchange = (Read-TenantStateForQuery)['exchange']
    Assert-DomainController -Exchange $exchange -DomainController $DomainController
    foreach ($assignment in @(Get-TenantList -Container $exchange -Name 'managementRoleAssignments')) {
        if ($Identity -and $assignment['Name'] -ne $Identity) { continue }
        if ($Role -and $assignment['Role'] -ne $Role) { continue }
        if ($RoleAssignee -and $assignment['RoleAssignee'] -ne $RoleAssignee) { continue }
        [pscustomobject]$assignment
    }
}

function Remove-ManagementRoleAssignment {
    <# Removes a role assignment, named by its Name as Get-ManagementRoleAssignment shows it. #>
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
    param(
        [Parameter(Mandatory, Position = 0)] [string] $Identity,
        [string] $DomainController
    )

    if (-not $PSCmdlet.ShouldProcess($Identity, 'Remove management role assignment')) { return }
    Remove-ExchangeObject -Section 'managementRoleAssignments' -Kind 'ManagementRoleAssignment' -Identity $Identity -DomainController $DomainController -Find {
        param($exchange)
        Get-TenantList -Container $exchange -Name 'managementRoleAssignments' | Where-Object { $_['Name'] -eq $Identity }
    }
}

function New-PartnerApplication {
    <# A partner application trusted for OAuth; the Skype for Business Online one is linked to the application account. #>
    [CmdletBinding(DefaultParameterSetName = 'Set2', SupportsShouldProcess)]
    param(
        [Parameter(Mandatory, Position = 0)] [string] $Name,
        [Parameter(Mandatory, ParameterSetName = 'Set2')] [string] $ApplicationIdentifier,
        [Parameter(Mandatory, ParameterSetName = 'Set1')] [string] $AuthMetadataUrl,
        [bool] $AcceptSecurityIdentifierInformation,
        [string] $DomainController,
        [bool] $Enabled = $true,
        [string] $LinkedAccount,
        [Parameter(ParameterSetName = 'Set2')] [string] $Realm,
        [Parameter(ParameterSetName = 'Set1')] [switch] $TrustAnySSLCertificate,
        [ValidateSet('OrganizationalAccount', 'ConsumerAccount')] [string] $AccountType = 'OrganizationalAccount'
    )

    if ($PSCmdlet.ParameterSetName -eq 'Set1') {
        throw (New-TenantErrorRecord -Message 'The simulated Exchange cannot fetch auth metadata documents.' -ErrorId 'ParameterSetNotSupported' -Category NotImplemented -Target $AuthMetadataUrl)
    }
    Update-TenantState -Change {
        param($state)
        $exchange = $state['exchange']
        Assert-DomainController -Exchange $exchange -DomainController $DomainController
        $linked = $null
        if ($LinkedAccount) {
            $found = @(Find-MailUser -Exchange $exchange -Identity $LinkedAccount)
            if ($found.Count -eq 0) { throw (New-ExchangeNotFoundError -Kind 'User' -Identity $LinkedAccount) }
            $linked = [string]$found[0]['Identity']
        }
        $existing = @(Get-TenantList -Container $exchange -Name 'partnerApplications' | Where-Object { $_['Name'] -eq $Name -or $_['ApplicationIdentifier'] -eq $ApplicationIdentifier })
        if ($existing.Count -gt 0) {
            throw (New-TenantErrorRecord -Message ('A partner application with the name "{0}" or identifier "{1}" already exists.' -f $Name, $ApplicationIdentifier) `
                    -ErrorId 'PartnerApplicationExists' -Category ResourceExists -Target $Name)
        }
        $application = [ordered]@{
            Name                  = $Name
            ApplicationIdentifier = $ApplicationIdentifier
            Enabled               = $Enabled
            LinkedAccount         = $linked
            Realm                 = [string]$Realm
            AccountType           = $AccountType
        }
        Add-TenantListItem -Container $exchange -Name 'partnerApplications' -Item $application
        [pscustomobject]$application
    }
}

function Get-PartnerApplication {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [string] $Identity, [string] $DomainController)

    $exchange = (Read-TenantStateForQuery)['exchange']
    Assert-DomainController -Exchange $exchange -DomainController $DomainController
    foreach ($application in @(Get-TenantList -Container $exchange -Name 'partnerApplications')) {
        if ($Identity -and $application['Name'] -ne $Identity -and $application['ApplicationIdentifier'] -ne $Identity) { continue }
        [pscustomobject]$application
    }
}

function Remove-PartnerApplication {
    <# Removes a partner application, named by Name or ApplicationIdentifier as Get-PartnerApplication matches it. #>
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
    param(
        [Parameter(Mandatory, Position = 0)] [string] $Identity,
        [string] $DomainController
    )

    if (-not $PSCmdlet.ShouldProcess($Identity, 'Remove partner application')) { return }
    Remove-ExchangeObject -Section 'partnerApplications' -Kind 'PartnerApplication' -Identity $Identity -DomainController $DomainController -Find {
        param($exchange)
        Get-TenantList -Container $exchange -Name 'partnerApplications' | Where-Object { $_['Name'] -eq $Identity -or $_['ApplicationIdentifier'] -eq $Identity }
    }
}

function Get-AuthConfig {
    [CmdletBinding(PositionalBinding = $false)]
    param([string] $DomainController)

    $exchange = (Read-TenantStateForQuery)['exchange']
    Assert-DomainController -Exchange $exchange -DomainController $DomainController
    [pscustomobject]$exchange['authConfig']
}

function Get-ExchangeCertificate {
    <# A certificate of the server's store, with the public part as RawData (base64 DER) like an exported .cer. #>
    [CmdletBinding(DefaultParameterSetName = 'Thumbprint')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0)] [string] $Identity,
        [Parameter(ParameterSetName = 'Thumbprint', Position = 0)] [string] $Thumbprint,
        [string] $DomainController,
        [string] $Server
    )

    $exchange = (Read-TenantStateForQuery)['exchange']
    $wanted = if ($Thumbprint) { $Thumbprint } else { $Identity }
    $certificates = @(Get-TenantList -Container $exchange -Name 'certificates' | Where-Object { -not $wanted -or $_['Thumbprint'] -eq $wanted })
    if ($wanted -and $certificates.Count -eq 0) { throw (New-ExchangeNotFoundError -Kind 'Certificate' -Identity $wanted) }
    foreach ($certificate in $certificates) { [pscustomobject]$certificate }
}

Export-ModuleMember -Function New-MailUser, Get-MailUser, Set-MailUser, Remove-MailUser, New-ManagementRoleAssignment, Get-ManagementRoleAssignment,
    Remove-ManagementRoleAssignment, New-PartnerApplication, Get-PartnerApplication, Remove-PartnerApplication, Get-AuthConfig, Get-ExchangeCertificate
