# COMPATIBILITY LAYER - not Microsoft's module of this name.
# voiceops tools/pwsh-host serves machines whose package sources have the PowerShell engine
# (System.Management.Automation) but not the PowerShell distribution. This manifest exposes
# the subset of Microsoft.PowerShell.Management that pwsh.dll implements (see Compat/*.cs), under the
# standard module name so auto-loading, `Import-Module Microsoft.PowerShell.Management` and
# module-qualified calls (Microsoft.PowerShell.Management\Cmdlet) behave as in pwsh.
# Keep CmdletsToExport in sync with the [Cmdlet] classes (tests/verify.ps1 checks it).
@{
    GUID                 = 'EEFCB906-B326-4E99-9F54-8B4BB6EF3C6D'
    Author               = 'voiceops'
    Description          = 'voiceops pwsh-host compatibility subset of Microsoft.PowerShell.Management'
    ModuleVersion        = '7.0.0.0'
    CompatiblePSEditions = @('Core')
    PowerShellVersion    = '7.0'
    NestedModules        = @('../../pwsh.dll')
    CmdletsToExport      = @(
        'Add-Content',
        'Clear-Content',
        'Convert-Path',
        'Copy-Item',
        'Get-ChildItem',
        'Get-Content',
        'Get-Item',
        'Get-Location',
        'Get-Process',
        'Join-Path',
        'Move-Item',
        'New-Item',
        'Pop-Location',
        'Push-Location',
        'Remove-Item',
        'Rename-Item',
        'Resolve-Path',
        'Set-Content',
        'Set-Location',
        'Split-Path',
        'Stop-Process',
        'Test-Path'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
}
