# The Exchange OAuth partner application of procedure B, one function per step plus one that runs them all.
# Every step checks the state first and skips what is already done, so running it twice changes nothing.

$script:ApplicationAccountName = 'SfBOnline-ApplicationAccount'
$script:PartnerApplicationName = 'SfBOnline'
# Skype for Business Online's well-known application id (the partner application and the service principal).
$script:SfBOnlineAppId = '00000004-0000-0ff1-ce00-000000000000'
$script:ApplicationRoles = @('UserApplication', 'ArchiveApplication')

function Get-VoiceOpsDomainControllerArgument {
    param([string] $DomainController)
    if ($DomainController) { @{ DomainController = $DomainController } } else { @{} }
}

function Get-VoiceOpsAuthCertificate {
    param([string] $DomainController)

    $dc = Get-VoiceOpsDomainControllerArgument -DomainController $DomainController
    $thumbprint = [string](Get-AuthConfig @dc).CurrentCertificateThumbprint
    Get-ExchangeCertificate -Thumbprint $thumbprint
}

function Test-VoiceOpsSameInstant {
    param([string] $Left, [string] $Right)
    if (-not $Left -or -not $Right) { return $false }
    (ConvertTo-VoiceOpsInstant -Value $Left) -eq (ConvertTo-VoiceOpsInstant -Value $Right)
}

function ConvertTo-VoiceOpsInstant {
    <# A date as the tenant writes it (ISO 8601, `Z` or an offset), as a UTC instant: so `Z` and `+00:00` compare equal. #>
    param([string] $Value)
    [datetime]::Parse($Value, [cultureinfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::RoundtripKind).ToUniversalTime()
}

function Get-VoiceOpsExchangeOnPremState {
    <# The on-premises half of the state: what the Exchange steps decide on. #>
    param([string] $DomainController)

    $dc = Get-VoiceOpsDomainControllerArgument -DomainController $DomainController
    $account = @(Get-MailUser @dc | Where-Object { $_.Name -eq $script:ApplicationAccountName })
    $assigned = @(Get-ManagementRoleAssignment @dc -RoleAssignee $script:ApplicationAccountName | ForEach-Object { [string]$_.Role })
    $partner = @(Get-PartnerApplication @dc | Where-Object { $_.ApplicationIdentifier -eq $script:SfBOnlineAppId })
    $certificate = Get-VoiceOpsAuthCertificate -DomainController $DomainController
    [pscustomobject]@{
        ApplicationAccount        = if ($account.Count) { [string]$account[0].Identity } else { '' }
        HiddenFromAddressLists    = $account.Count -gt 0 -and [bool]$account[0].HiddenFromAddressListsEnabled
        UserApplicationRole       = $assigned -contains 'UserApplication'
        ArchiveApplicationRole    = $assigned -contains 'ArchiveApplication'
        PartnerApplicationEnabled = $partner.Count -gt 0 -and [bool]$partner[0].Enabled
        PartnerApplicationLinked  = if ($partner.Count) { [string]$partner[0].LinkedAccount } else { '' }
        CertificateThumbprint     = [string]$certificate.Thumbprint
        CertificateSubject        = [string]$certificate.Subject
        CertificateNotBefore      = [string]$certificate.NotBefore
        CertificateNotAfter       = [string]$certificate.NotAfter
    }
}

function Get-VoiceOpsVerifyKeys {
    <# The SfB Online service principal's asymmetric Verify keys: MSOnline on the legacy path, Graph on the modern one. #>
    param([string] $VoicePath)

    if ($VoicePath -eq 'modern') {
        $principal = @(Get-MgServicePrincipal -Filter "appId eq '$($script:SfBOnlineAppId)'")
        if ($principal.Count -eq 0) { return }
        foreach ($key in @($principal[0].KeyCredentials)) {
            if ($key.Type -eq 'AsymmetricX509Cert' -and $key.Usage -eq 'Verify') {
                [pscustomobject]@{ KeyId = [string]$key.KeyId; StartDate = [string]$key.StartDateTime; EndDate = [string]$key.EndDateTime }
            }
        }
        return
    }
    foreach ($key in @(Get-MsolServicePrincipalCredential -AppPrincipalId $script:SfBOnlineAppId -ReturnKeyValues $false)) {
        if ($key.Type -eq 'Asymmetric' -and $key.Usage -eq 'Verify') {
            [pscustomobject]@{ KeyId = [string]$key.KeyId; StartDate = [string]$key.StartDate; EndDate = [string]$key.EndDate }
        }
    }
}

function Get-VoiceOpsExchangeOAuthState {
    <# Where each step of the procedure stands, read from Exchange and from the service principal's credentials. #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [ValidateLength(0, 253)]
        [ValidatePattern('(?-i)^(([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})?\z')]
        [string] $DomainController,

        [ValidateSet('legacy', 'modern')]
        [string] $VoicePath = 'legacy'
    )

    $state = Get-VoiceOpsExchangeOnPremState -DomainController $DomainController
    $keys = @(Get-VoiceOpsVerifyKeys -VoicePath $VoicePath)
    $matching = @(Select-VoiceOpsCertificateKeys -Keys $keys -State $state)
    $state | Add-Member -NotePropertyName ServicePrincipalKeys -NotePropertyValue $keys.Count -PassThru |
        Add-Member -NotePropertyName CredentialMatchesCertificate -NotePropertyValue ($matching.Count -gt 0) -PassThru |
        Add-Member -NotePropertyName ExpiredKeys -NotePropertyValue @(Select-VoiceOpsExpiredKeys -Keys $keys).Count -PassThru
}

function Select-VoiceOpsExpiredKeys {
    <# The Verify keys whose end has passed: what a renewed certificate leaves behind; they verify nothing any more. #>
    param([object[]] $Keys)
    $now = [datetime]::UtcNow
    $Keys | Where-Object { $_.EndDate -and (ConvertTo-VoiceOpsInstant -Value $_.EndDate) -lt $now }
}

function Select-VoiceOpsCertificateKeys {
    <# The Verify keys valid exactly as long as the auth certificate the state names: the ones step 5 uploads. #>
    param([object[]] $Keys, [object] $State)
    $Keys | Where-Object {
        (Test-VoiceOpsSameInstant -Left $_.StartDate -Right $State.CertificateNotBefore) -and (Test-VoiceOpsSameInstant -Left $_.EndDate -Right $State.CertificateNotAfter)
    }
}

function Get-VoiceOpsGraphKeysToKeep {
    <# A service principal's keys as Update-MgServicePrincipal takes them back: Graph replaces the whole collection, and a
       key given by its KeyId without a value keeps its value. #>
    param([object] $Principal, [string[]] $ExceptKeyIds = @())
    @($Principal.KeyCredentials | Where-Object { $ExceptKeyIds -notcontains [string]$_.KeyId } | ForEach-Object {
            @{ KeyId = [string]$_.KeyId; Type = [string]$_.Type; Usage = [string]$_.Usage; StartDateTime = [datetime]$_.StartDateTime; EndDateTime = [datetime]$_.EndDateTime }
        })
}

function Get-VoiceOpsOAuthCredentialCheck {
    <# Read-only, for `check oauth`: the auth certificate Exchange signs with (Get-AuthConfig's thumbprint, looked up
       with Get-ExchangeCertificate) and every asymmetric Verify key of SfB Online's service principal, with dates.
       A thumbprint naming no certificate is reported as such, not thrown: it is one of the answers the check gives. #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [ValidateLength(0, 253)]
        [ValidatePattern('(?-i)^(([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})?\z')]
        [string] $DomainController,

        [ValidateSet('legacy', 'modern')]
        [string] $VoicePath = 'legacy'
    )

    $dc = Get-VoiceOpsDomainControllerArgument -DomainController $DomainController
    $thumbprint = [string](Get-AuthConfig @dc).CurrentCertificateThumbprint
    $certificate = if ($thumbprint) { @(Get-ExchangeCertificate | Where-Object { $_.Thumbprint -eq $thumbprint }) | Select-Object -First 1 }
    [pscustomobject][ordered]@{
        CertificateThumbprint = $thumbprint
        CertificateFound      = $null -ne $certificate
        CertificateSubject    = if ($certificate) { [string]$certificate.Subject } else { '' }
        CertificateNotBefore  = if ($certificate) { [string]$certificate.NotBefore } else { '' }
        CertificateNotAfter   = if ($certificate) { [string]$certificate.NotAfter } else { '' }
        Keys                  = @(Get-VoiceOpsVerifyKeys -VoicePath $VoicePath)
    }
}

function New-VoiceOpsOAuthApplicationAccount {
    <# Step 2a: the mail user SfBOnline-ApplicationAccount@<domain>. #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)]
        [ValidateLength(4, 253)]
        [ValidatePattern('(?-i)^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\z')]
        [string] $Domain,

        [ValidateLength(0, 253)]
        [ValidatePattern('(?-i)^(([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})?\z')]
        [string] $DomainController
    )

    $dc = Get-VoiceOpsDomainControllerArgument -DomainController $DomainController
    if (-not (Get-VoiceOpsExchangeOnPremState @dc).ApplicationAccount) {
        $null = New-MailUser -Name $script:ApplicationAccountName -ExternalEmailAddress "$($script:ApplicationAccountName)@$Domain" @dc
    }
    Get-VoiceOpsExchangeOnPremState @dc
}

function Set-VoiceOpsOAuthAccountHidden {
    <# Step 2b: hide the application account from address lists. #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [ValidateLength(0, 253)]
        [ValidatePattern('(?-i)^(([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})?\z')]
        [string] $DomainController
    )

    $dc = Get-VoiceOpsDomainControllerArgument -DomainController $DomainController
    $state = Get-VoiceOpsExchangeOnPremState @dc
    if (-not $state.HiddenFromAddressLists) {
        Set-MailUser -Identity (Get-VoiceOpsRequiredAccount -State $state) -HiddenFromAddressListsEnabled $true @dc
    }
    Get-VoiceOpsExchangeOnPremState @dc
}

function Get-VoiceOpsRequiredAccount {
    param([object] $State)
    if (-not $State.ApplicationAccount) {
        throw [System.Management.Automation.ErrorRecord]::new(
            [System.Management.Automation.ItemNotFoundException]::new("The mail user $($script:ApplicationAccountName) does not exist yet; run the account step first."),
            'ApplicationAccountMissing', 'ObjectNotFound', $script:ApplicationAccountName)
    }
    $State.ApplicationAccount
}

function Add-VoiceOpsOAuthRoleAssignments {
    <# Step 2c: the UserApplication and ArchiveApplication roles for the application account (only those missing). #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [ValidateLength(0, 253)]
        [ValidatePattern('(?-i)^(([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})?\z')]
        [string] $DomainController
    )

    $dc = Get-VoiceOpsDomainControllerArgument -DomainController $DomainController
    $state = Get-VoiceOpsExchangeOnPremState @dc
    $account = Get-VoiceOpsRequiredAccount -State $state
    if (-not $state.UserApplicationRole) { $null = New-ManagementRoleAssignment -Role 'UserApplication' -User $account @dc }
    if (-not $state.ArchiveApplicationRole) { $null = New-ManagementRoleAssignment -Role 'ArchiveApplication' -User $account @dc }
    Get-VoiceOpsExchangeOnPremState @dc
}

function New-VoiceOpsOAuthPartnerApplication {
    <# Step 3: the SfBOnline partner application, enabled and linked to the application account. #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [ValidateLength(0, 253)]
        [ValidatePattern('(?-i)^(([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})?\z')]
        [string] $DomainController
    )

    $dc = Get-VoiceOpsDomainControllerArgument -DomainController $DomainController
    $state = Get-VoiceOpsExchangeOnPremState @dc
    $account = Get-VoiceOpsRequiredAccount -State $state
    if (-not $state.PartnerApplicationEnabled) {
        $null = New-PartnerApplication -Name $script:PartnerApplicationName -ApplicationIdentifier $script:SfBOnlineAppId -Enabled $true -LinkedAccount $account @dc
    }
    Get-VoiceOpsExchangeOnPremState @dc
}

function Publish-VoiceOpsAuthCertificate {
    <# Steps 4-5: export the current auth certificate's public part and add it to the SfB Online service principal's
       credentials as an asymmetric Verify key valid exactly as long as the certificate: New-MsolServicePrincipalCredential
       on the legacy path, Graph keyCredentials (Update-MgServicePrincipal, existing keys kept) on the modern one. #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [ValidateLength(0, 253)]
        [ValidatePattern('(?-i)^(([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})?\z')]
        [string] $DomainController,

        [ValidateSet('legacy', 'modern')]
        [string] $VoicePath = 'legacy'
    )

    $dc = Get-VoiceOpsDomainControllerArgument -DomainController $DomainController
    if (-not (Get-VoiceOpsExchangeOAuthState @dc -VoicePath $VoicePath).CredentialMatchesCertificate) {
        $certificate = Get-VoiceOpsAuthCertificate -DomainController $DomainController
        $style = [System.Globalization.DateTimeStyles]::RoundtripKind
        $start = [datetime]::Parse([string]$certificate.NotBefore, [cultureinfo]::InvariantCulture, $style)
        $end = [datetime]::Parse([string]$certificate.NotAfter, [cultureinfo]::InvariantCulture, $style)
        if ($VoicePath -eq 'modern') {
            $principal = @(Get-MgServicePrincipal -Filter "appId eq '$($script:SfBOnlineAppId)'")[0]
            $keys = @(@(Get-VoiceOpsGraphKeysToKeep -Principal $principal) +
                @(@{ Type = 'AsymmetricX509Cert'; Usage = 'Verify'; Key = [string]$certificate.RawData; StartDateTime = $start; EndDateTime = $end; DisplayName = [string]$certificate.Subject }))
            Update-MgServicePrincipal -ServicePrincipalId $principal.Id -KeyCredentials $keys
        }
        else {
            New-MsolServicePrincipalCredential -AppPrincipalId $script:SfBOnlineAppId -Type Asymmetric -Usage Verify -Value ([string]$certificate.RawData) -StartDate $start -EndDate $end
        }
    }
    Get-VoiceOpsExchangeOAuthState @dc -VoicePath $VoicePath
}

function Invoke-VoiceOpsOAuthSetup {
    <# Every step in order, each skipped when already done. #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)]
        [ValidateLength(4, 253)]
        [ValidatePattern('(?-i)^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\z')]
        [string] $Domain,

        [ValidateLength(0, 253)]
        [ValidatePattern('(?-i)^(([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})?\z')]
        [string] $DomainController,

        [ValidateSet('legacy', 'modern')]
        [string] $VoicePath = 'legacy'
    )

    $dc = Get-VoiceOpsDomainControllerArgument -DomainController $DomainController
    $null = New-VoiceOpsOAuthApplicationAccount -Domain $Domain @dc
    $null = Set-VoiceOpsOAuthAccountHidden @dc
    $null = Add-VoiceOpsOAuthRoleAssignments @dc
    $null = New-VoiceOpsOAuthPartnerApplication @dc
    Publish-VoiceOpsAuthCertificate @dc -VoicePath $VoicePath
}

function Remove-VoiceOpsOAuthConfiguration {
    <# Takes procedure B back, last step first, only the parts named: SfB Online's Verify keys valid exactly as long as
       Exchange's current auth certificate (key), its Verify keys whose end has passed (expired), the SfBOnline partner
       application (partner), the application account's UserApplication and ArchiveApplication role assignments
       (userrole, archiverole), its hiding from address lists (hide) and the mail user itself (account). What is already
       gone is skipped, so a repeat changes nothing.
       Refused before anything changes: removing the account while a role assignment or the partner application that
       stays still names it, and removing the key when Exchange now signs with another certificate than the one given. #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        # Comma-separated: arguments travel as JSON scalars.
        [Parameter(Mandatory)]
        [ValidatePattern('(?-i)^(key|expired|partner|userrole|archiverole|hide|account)(,(key|expired|partner|userrole|archiverole|hide|account)){0,6}\z')]
        [string] $Parts,

        [ValidatePattern('(?-i)^([0-9A-F]{40})?\z')]
        [string] $CertificateThumbprint,

        [ValidateLength(0, 253)]
        [ValidatePattern('(?-i)^(([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})?\z')]
        [string] $DomainController,

        [ValidateSet('legacy', 'modern')]
        [string] $VoicePath = 'legacy'
    )

    $Part = $Parts.Split(',')
    $dc = Get-VoiceOpsDomainControllerArgument -DomainController $DomainController
    $state = Get-VoiceOpsExchangeOAuthState @dc -VoicePath $VoicePath
    Assert-VoiceOpsOAuthRemovable -State $state -Part $Part -CertificateThumbprint $CertificateThumbprint

    # The keys again only when a key is to go: the state above holds their counts, not their ids.
    $keys = @(if ($Part -contains 'key' -or $Part -contains 'expired') { Get-VoiceOpsVerifyKeys -VoicePath $VoicePath })
    $ids = @(@(
            if ($Part -contains 'key') { Select-VoiceOpsCertificateKeys -Keys $keys -State $state | ForEach-Object { [string]$_.KeyId } }
            if ($Part -contains 'expired') { Select-VoiceOpsExpiredKeys -Keys $keys | ForEach-Object { [string]$_.KeyId } }
        ) | Select-Object -Unique)
    if ($ids.Count -gt 0) {
        if ($VoicePath -eq 'modern') {
            $principal = @(Get-MgServicePrincipal -Filter "appId eq '$($script:SfBOnlineAppId)'")[0]
            Update-MgServicePrincipal -ServicePrincipalId $principal.Id -KeyCredentials @(Get-VoiceOpsGraphKeysToKeep -Principal $principal -ExceptKeyIds $ids)
        }
        else {
            Remove-MsolServicePrincipalCredential -AppPrincipalId $script:SfBOnlineAppId -KeyIds $ids
        }
    }
    if ($Part -contains 'partner') {
        foreach ($partner in @(Get-PartnerApplication @dc | Where-Object { $_.ApplicationIdentifier -eq $script:SfBOnlineAppId })) {
            Remove-PartnerApplication -Identity ([string]$partner.Name) -Confirm:$false @dc
        }
    }
    foreach ($role in @(@{ Part = 'userrole'; Role = 'UserApplication' }, @{ Part = 'archiverole'; Role = 'ArchiveApplication' })) {
        if ($Part -notcontains $role.Part) { continue }
        foreach ($assignment in @(Get-ManagementRoleAssignment @dc -RoleAssignee $script:ApplicationAccountName -Role $role.Role)) {
            Remove-ManagementRoleAssignment -Identity ([string]$assignment.Name) -Confirm:$false @dc
        }
    }
    if ($Part -contains 'hide' -and $state.HiddenFromAddressLists) {
        Set-MailUser -Identity $state.ApplicationAccount -HiddenFromAddressListsEnabled $false @dc
    }
    if ($Part -contains 'account' -and $state.ApplicationAccount) {
        Remove-MailUser -Identity $state.ApplicationAccount -Confirm:$false @dc
    }
    Get-VoiceOpsExchangeOAuthState @dc -VoicePath $VoicePath
}

function Assert-VoiceOpsOAuthRemovable {
    param([object] $State, [string[]] $Part, [string] $CertificateThumbprint)

    if ($Part -contains 'key' -and $CertificateThumbprint -and $State.CertificateThumbprint -ne $CertificateThumbprint) {
        throw [System.Management.Automation.ErrorRecord]::new(
            [System.InvalidOperationException]::new("Exchange now signs with the certificate $($State.CertificateThumbprint), not $CertificateThumbprint; the key of the old certificate was left as it is."),
            'AuthCertificateChanged', 'InvalidOperation', $CertificateThumbprint)
    }
    if ($Part -notcontains 'account' -or -not $State.ApplicationAccount) { return }
    $stillNamed = @(
        if ($State.UserApplicationRole -and $Part -notcontains 'userrole') { 'the UserApplication role assignment' }
        if ($State.ArchiveApplicationRole -and $Part -notcontains 'archiverole') { 'the ArchiveApplication role assignment' }
        if ($State.PartnerApplicationLinked -and $Part -notcontains 'partner') { 'the SfBOnline partner application' }
    )
    if ($stillNamed.Count) {
        throw [System.Management.Automation.ErrorRecord]::new(
            [System.InvalidOperationException]::new("$($script:ApplicationAccountName) is still named by $($stillNamed -join ' and '); remove them with it."),
            'ApplicationAccountInUse', 'InvalidOperation', $script:ApplicationAccountName)
    }
}
