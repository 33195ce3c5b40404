# COMPATIBILITY LAYER - not Microsoft's module of this name.
# voiceops tools/pwsh-host serves machines whose package sources have the PowerShell engine
# (System.Management.Automation) but not the PowerShell distribution. This manifest exposes
# the subset of Microsoft.PowerShell.Utility that pwsh.dll implements (see Compat/*.cs), under the
# standard module name so auto-loading, `Import-Module Microsoft.PowerShell.Utility` and
# module-qualified calls (Microsoft.PowerShell.Utility\Cmdlet) behave as in pwsh.
# Keep CmdletsToExport in sync with the [Cmdlet] classes (tests/verify.ps1 checks it).
@{
    GUID                 = '1DA87E53-152B-403E-98DC-74D7B4D63D59'
    Author               = 'voiceops'
    Description          = 'voiceops pwsh-host compatibility subset of Microsoft.PowerShell.Utility'
    ModuleVersion        = '7.0.0.0'
    CompatiblePSEditions = @('Core')
    PowerShellVersion    = '7.0'
    NestedModules        = @('../../pwsh.dll')
    CmdletsToExport      = @(
        'Add-Member',
        'Clear-Variable',
        'ConvertFrom-Json',
        'ConvertTo-Json',
        'Format-List',
        'Format-Table',
        'Get-Date',
        'Get-Host',
        'Get-Random',
        'Get-Variable',
        'Invoke-Expression',
        'Measure-Object',
        'New-Guid',
        'New-Object',
        'New-Variable',
        'Out-File',
        'Out-String',
        'Read-Host',
        'Remove-Variable',
        'Select-Object',
        'Set-Variable',
        'Sort-Object',
        'Start-Sleep',
        'Write-Debug',
        'Write-Error',
        'Write-Host',
        'Write-Information',
        'Write-Output',
        'Write-Verbose',
        'Write-Warning'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
}
