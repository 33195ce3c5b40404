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
    $style = [System.Globalization.DateTimeStyles]::RoundtripKind
    [datetime]::Parse($Left, [cultureinfo]::InvariantCulture, $style).ToUniversalTime() -eq [datetime]::Parse($Right, [cultureinfo]::InvariantCulture, $style).ToUniversalTime()
}

function Get-VoiceOpsExchangeOAuthState {
    <# Where each step of the procedure stands, read from Exchange and from the service principal's credentials. #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [ValidateLength(0, 253)]
        [ValidatePattern('(?-i)^(([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})?\z')]
        [string] $DomainController
    )

    $dc = Get-VoiceOpsDomainControllerArgument -DomainController $DomainController
    $account = @(Get-MailUser @dc | Where-Object { $_.Name -eq $script:ApplicationAccountName })
    $assigned = @(Get-ManagementRoleAssignment @dc -RoleAssignee $script:ApplicationAccountName | ForEach-Object { [string]$_.Role })
    $partner = @(Get-PartnerApplication @dc | Where-Object { $_.ApplicationIdentifier -eq $script:SfBOnlineAppId })
    $certificate = Get-VoiceOpsAuthCertificate -DomainController $DomainController
    $keys = @(Get-MsolServicePrincipalCredential -AppPrincipalId $script:SfBOnlineAppId -ReturnKeyValues $false |
            Where-Object { $_.Type -eq 'Asymmetric' -and $_.Usage -eq 'Verify' })
    $matching = @($keys | Where-Object {
            (Test-VoiceOpsSameInstant -Left $_.StartDate -Right $certificate.NotBefore) -and (Test-VoiceOpsSameInstant -Left $_.EndDate -Right $certificate.NotAfter)
        })
    [pscustomobject]@{
        ApplicationAccount           = if ($account.Count) { [string]$account[0].Identity } else { '' }
        HiddenFromAddressLists       = $account.Count -gt 0 -and [bool]$account[0].HiddenFromAddressListsEnabled
        UserApplicationRole          = $assigned -contains 'UserApplication'
        ArchiveApplicationRole       = $assigned -contains 'ArchiveApplication'
        PartnerApplicationEnabled    = $partner.Count -gt 0 -and [bool]$partner[0].Enabled
        PartnerApplicationLinked     = if ($partner.Count) { [string]$partner[0].LinkedAccount } else { '' }
        CertificateThumbprint        = [string]$certificate.Thumbprint
        CertificateSubject           = [string]$certificate.Subject
        CertificateNotBefore         = [string]$certificate.NotBefore
        CertificateNotAfter          = [string]$certificate.NotAfter
        ServicePrincipalKeys         = $keys.Count
        CredentialMatchesCertificate = $matching.Count -gt 0
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
    if (-not (Get-VoiceOpsExchangeOAuthState @dc).ApplicationAccount) {
        $null = New-MailUser -Name $script:ApplicationAccountName -ExternalEmailAddress "$($script:ApplicationAccountName)@$Domain" @dc
    }
    Get-VoiceOpsExchangeOAuthState @dc
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
    $state = Get-VoiceOpsExchangeOAuthState @dc
    if (-not $state.HiddenFromAddressLists) {
        Set-MailUser -Identity (Get-VoiceOpsRequiredAccount -State $state) -HiddenFromAddressListsEnabled $true @dc
    }
    Get-VoiceOpsExchangeOAuthState @dc
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
    $state = Get-VoiceOpsExchangeOAuthState @dc
    $account = Get-VoiceOpsRequiredAccount -State $state
    if (-not $state.UserApplicationRole) { $null = New-ManagementRoleAssignment -Role 'UserApplication' -User $account @dc }
    if (-not $state.ArchiveApplicationRole) { $null = New-ManagementRoleAssignment -Role 'ArchiveApplication' -User $account @dc }
    Get-VoiceOpsExchangeOAuthState @dc
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
    $state = Get-VoiceOpsExchangeOAuthState @dc
    $account = Get-VoiceOpsRequiredAccount -State $state
    if (-not $state.PartnerApplicationEnabled) {
        $null = New-PartnerApplication -Name $script:PartnerApplicationName -ApplicationIdentifier $script:SfBOnlineAppId -Enabled $true -LinkedAccount $account @dc
    }
    Get-VoiceOpsExchangeOAuthState @dc
}

function Publish-VoiceOpsAuthCertificate {
    <# Steps 4-5: export the current auth certificate's public part and add it to the SfB Online service principal's
       credentials as an asymmetric Verify key valid exactly as long as the certificate. #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [ValidateLength(0, 253)]
        [ValidatePattern('(?-i)^(([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})?\z')]
        [string] $DomainController
    )

    $dc = Get-VoiceOpsDomainControllerArgument -DomainController $DomainController
    if (-not (Get-VoiceOpsExchangeOAuthState @dc).CredentialMatchesCertificate) {
        $certificate = Get-VoiceOpsAuthCertificate -DomainController $DomainController
        $style = [System.Globalization.DateTimeStyles]::RoundtripKind
        New-MsolServicePrincipalCredential -AppPrincipalId $script:SfBOnlineAppId -Type Asymmetric -Usage Verify -Value ([string]$certificate.RawData) `
            -StartDate ([datetime]::Parse([string]$certificate.NotBefore, [cultureinfo]::InvariantCulture, $style)) `
            -EndDate ([datetime]::Parse([string]$certificate.NotAfter, [cultureinfo]::InvariantCulture, $style))
    }
    Get-VoiceOpsExchangeOAuthState @dc
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
        [string] $DomainController
    )

    $dc = Get-VoiceOpsDomainControllerArgument -DomainController $DomainController
    $null = New-VoiceOpsOAuthApplicationAccount -Domain $Domain @dc
    $null = Set-VoiceOpsOAuthAccountHidden @dc
    $null = Add-VoiceOpsOAuthRoleAssignments @dc
    $null = New-VoiceOpsOAuthPartnerApplication @dc
    Publish-VoiceOpsAuthCertificate @dc
}
