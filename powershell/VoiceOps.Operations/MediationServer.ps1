# register mediation server: procedure A step 10 (account check, Department, Set-CsHybridMediationServer).

function Get-VoiceOpsMediationServer {
    <# The Mediation Server account (it must exist in Get-CsOnlineUser), its Department and its registration. #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)]
        [ValidateLength(1, 64)]
        [ValidatePattern('(?-i)^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}\z')]
        [string] $DisplayName,

        [ValidateSet('legacy', 'modern')]
        [string] $VoicePath = 'legacy'
    )

    $account = @(Get-CsOnlineUser -Identity $DisplayName)
    if ($account.Count -ne 1) {
        throw [System.Management.Automation.ErrorRecord]::new([System.ArgumentException]::new("The display name '$DisplayName' matches $($account.Count) accounts; use a unique one."), 'AmbiguousIdentity', 'InvalidArgument', $DisplayName)
    }
    $upn = [string]$account[0].UserPrincipalName
    $department = if ($VoicePath -eq 'modern') { (Get-MgUser -UserId $upn).Department } else { (Get-MsolUser -UserPrincipalName $upn).Department }
    $registration = @(Get-CsHybridMediationServer -Identity $DisplayName)
    [pscustomobject]@{
        DisplayName             = [string]$account[0].DisplayName
        UserPrincipalName       = $upn
        ObjectId                = [string]$account[0].Identity
        Department              = [string]$department
        Fqdn                    = if ($registration.Count) { [string]$registration[0].Fqdn } else { '' }
        AccessProxyExternalFqdn = if ($registration.Count) { [string]$registration[0].AccessProxyExternalFqdn } else { '' }
    }
}

function Register-VoiceOpsMediationServer {
    <# Marks the account as a hybrid Mediation Server (MSOnline, or Graph on the modern path) and registers its FQDNs. #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)]
        [ValidateLength(1, 64)]
        [ValidatePattern('(?-i)^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}\z')]
        [string] $DisplayName,

        [Parameter(Mandatory)]
        [ValidateLength(4, 253)]
        [ValidatePattern('(?-i)^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\z')]
        [string] $Fqdn,

        [Parameter(Mandatory)]
        [ValidateLength(4, 253)]
        [ValidatePattern('(?-i)^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\z')]
        [string] $AccessProxyExternalFqdn,

        [ValidateSet('legacy', 'modern')]
        [string] $VoicePath = 'legacy'
    )

    $before = Get-VoiceOpsMediationServer -DisplayName $DisplayName -VoicePath $VoicePath
    if ($before.Department -ne 'HybridMediationServer') {
        if ($VoicePath -eq 'modern') {
            Update-MgUser -UserId $before.ObjectId -Department 'HybridMediationServer'
        }
        else {
            Set-MsolUser -UserPrincipalName $before.UserPrincipalName -Department 'HybridMediationServer'
        }
    }
    Set-CsHybridMediationServer -Identity $DisplayName -Fqdn $Fqdn -AccessProxyExternalFqdn $AccessProxyExternalFqdn
    Get-VoiceOpsMediationServer -DisplayName $DisplayName -VoicePath $VoicePath
}
