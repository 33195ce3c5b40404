# The only entry point the adapter calls. User values arrive as base64 of UTF-8 JSON, become a hashtable and are
# splatted onto an allow-listed function: they are data from start to end and never parsed as PowerShell.
# The result is exactly one line of ASCII JSON on stdout and nothing on stderr, whatever happens.

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
. ([System.IO.Path]::Combine($PSScriptRoot, '..', 'Shared', 'VoiceOps.Json.ps1'))

$script:CommandNamePattern = '^[A-Za-z]+-VoiceOps[A-Za-z]+\z'
$script:ArgumentNamePattern = '^[A-Za-z][A-Za-z0-9]{0,63}\z'
# Output caps: the Node side kills a session that prints more than its own (larger) cap, so these must stay below it.
$script:MaxEnvelopeChars = 1MB
$script:MaxOutputItems = 100000
$script:AllowedCommands = [System.Collections.Generic.HashSet[string]]::new([System.StringComparer]::Ordinal)
foreach ($name in 'Get-VoiceOpsVoiceState', 'Enable-VoiceOpsVoice') { $null = $script:AllowedCommands.Add($name) }
# The operations of issue 3 (the catalog names each one; VoiceOps.Operations exports them).
foreach ($name in @(
        'Disable-VoiceOpsVoice',
        'Get-VoiceOpsNumberHolders',
        'Get-VoiceOpsVoiceRoutingState',
        'Grant-VoiceOpsVoiceRoutingPolicy',
        'Get-VoiceOpsPstnSite',
        'Get-VoiceOpsPstnSites',
        'Set-VoiceOpsPstnSite',
        'Get-VoiceOpsVoiceInventory',
        'Get-VoiceOpsHybridConfiguration',
        'Set-VoiceOpsHybridConfiguration',
        'Get-VoiceOpsMediationServer',
        'Register-VoiceOpsMediationServer',
        'Get-VoiceOpsExchangeOAuthState',
        'Get-VoiceOpsOAuthCredentialCheck',
        'New-VoiceOpsOAuthApplicationAccount',
        'Set-VoiceOpsOAuthAccountHidden',
        'Add-VoiceOpsOAuthRoleAssignments',
        'New-VoiceOpsOAuthPartnerApplication',
        'Publish-VoiceOpsAuthCertificate',
        'Invoke-VoiceOpsOAuthSetup',
        'Remove-VoiceOpsOAuthConfiguration'
    )) { $null = $script:AllowedCommands.Add($name) }

function New-DispatchErrorRecord {
    param([string] $Message, [string] $ErrorId, [System.Management.Automation.ErrorCategory] $Category)
    [System.Management.Automation.ErrorRecord]::new([System.InvalidOperationException]::new($Message), $ErrorId, $Category, $null)
}

function Resolve-VoiceOpsCommand {
    param([AllowEmptyString()] [string] $Name)

    if (-not [regex]::IsMatch($Name, $script:CommandNamePattern) -or -not $script:AllowedCommands.Contains($Name)) {
        throw (New-DispatchErrorRecord -Message "The command '$Name' is not on the allow-list." -ErrorId 'CommandNotAllowed' -Category PermissionDenied)
    }
    $command = $ExecutionContext.InvokeCommand.GetCommand($Name, [System.Management.Automation.CommandTypes]::Function)
    if ($null -eq $command) {
        throw (New-DispatchErrorRecord -Message "The command '$Name' is allowed but not loaded in this session." -ErrorId 'CommandNotLoaded' -Category ObjectNotFound)
    }
    $command
}

function ConvertFrom-VoiceOpsPayload {
    <# Decodes the payload into a splattable hashtable of scalar values for parameters the command declares. #>
    param([AllowEmptyString()] [string] $Payload, [System.Management.Automation.CommandInfo] $Command)

    try {
        $json = [System.Text.UTF8Encoding]::new($false, $true).GetString([System.Convert]::FromBase64String($Payload))
        $arguments = ConvertFrom-VoiceOpsJson -Json $json
    }
    catch {
        throw (New-DispatchErrorRecord -Message "The payload is not base64 of UTF-8 JSON: $($_.Exception.Message)" -ErrorId 'PayloadUnreadable' -Category InvalidData)
    }
    if ($arguments -isnot [System.Collections.IDictionary]) {
        throw (New-DispatchErrorRecord -Message 'The payload must be a JSON object.' -ErrorId 'PayloadNotObject' -Category InvalidData)
    }

    $parameters = @{}
    foreach ($key in $arguments.Keys) {
        $isWellFormed = [regex]::IsMatch($key, $script:ArgumentNamePattern) -and $Command.Parameters.ContainsKey($key)
        $declared = if ($isWellFormed) { $Command.Parameters[$key] } else { $null }
        $isCommon = $null -ne $declared -and (
            [System.Management.Automation.Cmdlet]::CommonParameters.Contains($declared.Name) -or
            [System.Management.Automation.Cmdlet]::OptionalCommonParameters.Contains($declared.Name))
        if ($null -eq $declared -or $isCommon) {
            throw (New-DispatchErrorRecord -Message "$($Command.Name) does not take the argument '$key'." -ErrorId 'ArgumentNotAccepted' -Category InvalidArgument)
        }
        $value = $arguments[$key]
        if ($null -ne $value -and -not ($value -is [string] -or $value -is [bool] -or $value -is [long] -or $value -is [double])) {
            throw (New-DispatchErrorRecord -Message "The argument '$key' must be a string, number, boolean or null." -ErrorId 'ArgumentNotScalar' -Category InvalidArgument)
        }
        $parameters[$declared.Name] = $value
    }
    $parameters
}

function Invoke-VoiceOpsCapped {
    <# Runs the command with the console silenced and its pipeline output counted; stops it once the output passes
       the cap, so a flood never builds up in this process or reaches the bot. #>
    param([System.Management.Automation.CommandInfo] $Command, [hashtable] $Parameters)

    $collected = [System.Collections.Generic.List[object]]::new()
    $chars = 0L
    $console = [System.Console]::Out, [System.Console]::Error
    try {
        # Only the envelope may reach stdout: direct console writes by a cmdlet are discarded, not relayed.
        [System.Console]::SetOut([System.IO.TextWriter]::Null)
        [System.Console]::SetError([System.IO.TextWriter]::Null)
        # Warning, verbose, debug and information streams would reach stdout through the host; drop them.
        & $Command @Parameters 3>$null 4>$null 5>$null 6>$null | ForEach-Object {
            $collected.Add($_)
            $chars += if ($_ -is [string]) { $_.Length } else { 64 }
            if ($collected.Count -gt $script:MaxOutputItems -or $chars -gt $script:MaxEnvelopeChars) {
                throw (New-DispatchErrorRecord -Message "$($Command.Name) printed more output than the $($script:MaxEnvelopeChars)-character cap; it was stopped there." -ErrorId 'OutputTooLarge' -Category LimitsExceeded)
            }
        }
    }
    finally {
        [System.Console]::SetOut($console[0])
        [System.Console]::SetError($console[1])
    }
    , $collected
}

function Get-VoiceOpsErrorKind {
    param([System.Management.Automation.ErrorRecord] $ErrorRecord)

    # A command stopped by the output cap may have changed something before it was stopped: its effect is unknown.
    if ($ErrorRecord.FullyQualifiedErrorId -like 'OutputTooLarge*') { return 'Crashed' }

    switch ([string]$ErrorRecord.CategoryInfo.Category) {
        'ObjectNotFound' { return 'NotFound' }
        { $_ -in 'InvalidArgument', 'InvalidData', 'InvalidType' } { return 'InvalidArgument' }
        { $_ -in 'LimitsExceeded', 'QuotaExceeded' } { return 'Throttled' }
        { $_ -in 'PermissionDenied', 'SecurityError', 'ResourceExists' } { return 'Rejected' }
    }
    'Failed'
}

function Get-VoiceOpsEnvelope {
    <# Runs one allow-listed function with base64 JSON arguments and returns its JSON envelope line. #>
    param([AllowEmptyString()] [string] $Name, [AllowEmptyString()] [string] $Payload)

    try {
        $command = Resolve-VoiceOpsCommand -Name $Name
        $parameters = ConvertFrom-VoiceOpsPayload -Payload $Payload -Command $command
        $parameters['ErrorAction'] = 'Stop'
        $output = Invoke-VoiceOpsCapped -Command $command -Parameters $parameters
        $result = if ($output.Count -eq 0) { $null } elseif ($output.Count -eq 1) { $output[0] } else { , $output.ToArray() }
        $line = ConvertTo-VoiceOpsJson -InputObject ([ordered]@{ ok = $true; output = $result })
        if ($line.Length -gt $script:MaxEnvelopeChars) {
            throw (New-DispatchErrorRecord -Message "The output of $Name is larger than $($script:MaxEnvelopeChars) characters." -ErrorId 'OutputTooLarge' -Category InvalidResult)
        }
    }
    catch {
        $failure = [ordered]@{ kind = Get-VoiceOpsErrorKind -ErrorRecord $_; message = [string]$_.Exception.Message }
        try {
            $line = ConvertTo-VoiceOpsJson -InputObject ([ordered]@{ ok = $false; error = $failure })
        }
        catch {
            $line = '{"ok":false,"error":{"kind":"Failed","message":"The error could not be serialised."}}'
        }
    }
    $line
}

function Invoke-VoiceOpsCommand {
    <# Runs one allow-listed function with base64 JSON arguments and writes one JSON envelope line to stdout. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [AllowEmptyString()] [string] $Name,
        [Parameter(Mandatory)] [AllowEmptyString()] [string] $Payload
    )

    [System.Console]::Out.WriteLine((Get-VoiceOpsEnvelope -Name $Name -Payload $Payload))
}

function Invoke-VoiceOpsFramedCall {
    <# One operation as the adapter sends it: a single statement. node-powershell writes five lines per call (an stderr
       and a stdout delimiter, the command, the same two delimiters again) and pwsh's `-Command -` loop would run each
       as a statement of its own, at a fixed cost apiece (most of a warm read's pwsh CPU). The adapter makes the first
       line this fixed call; the four after it are read here from stdin as data, never parsed as PowerShell: the
       delimiter, "<allow-listed name> <base64 of the JSON arguments>", and the two closing delimiters. #>
    [CmdletBinding()]
    param()

    $delimiter = [System.Console]::In.ReadLine()
    $call = [System.Console]::In.ReadLine()
    $closing = [System.Console]::In.ReadLine(), [System.Console]::In.ReadLine()
    [System.Console]::Error.WriteLine($delimiter)
    [System.Console]::Out.WriteLine($delimiter)
    try {
        $line = if ($closing[0] -cne $delimiter -or $closing[1] -cne $delimiter) {
            '{"ok":false,"error":{"kind":"Failed","message":"The call was not framed as the adapter frames it; nothing was run."}}'
        }
        elseif ($call -cmatch '^([A-Za-z]+-VoiceOps[A-Za-z]+) ([A-Za-z0-9+/]*={0,2})\z') {
            Get-VoiceOpsEnvelope -Name $Matches[1] -Payload $Matches[2]
        }
        else {
            '{"ok":false,"error":{"kind":"Rejected","message":"The call line is not an allow-listed name and base64 arguments; nothing was run."}}'
        }
        [System.Console]::Out.WriteLine($line)
    }
    finally {
        [System.Console]::Error.WriteLine($delimiter)
        [System.Console]::Out.WriteLine($delimiter)
    }
}

function Test-VoiceOpsDispatch {
    <# Does nothing but bind, validate and return its argument: what Initialize-VoiceOpsDispatch sends through. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [ValidatePattern('^[a-z]+\z')] [string] $Word)

    [ordered]@{ word = $Word; at = [DateTime]::UtcNow.ToString('o') }
}
$null = $script:AllowedCommands.Add('Test-VoiceOpsDispatch')

function Initialize-VoiceOpsDispatch {
    <# Sends one call that succeeds and one that fails validation through the whole dispatch path, output discarded,
       so a new session compiles that path before its first real command instead of during it (about half of a
       cold first command's time). Touches no tenant. #>
    [CmdletBinding()]
    param()

    foreach ($word in 'warm', 'NOT WARM') {
        $payload = [System.Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes((ConvertTo-VoiceOpsJson -InputObject @{ Word = $word })))
        $null = Get-VoiceOpsEnvelope -Name 'Test-VoiceOpsDispatch' -Payload $payload
    }
}

function Register-VoiceOpsCommand {
    <# Adds names to the allow-list; the adapter calls it only for test modules it was explicitly given. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [ValidatePattern('(?-i)^[A-Za-z]+-VoiceOps[A-Za-z]+\z')]
        [string[]] $Name
    )

    foreach ($commandName in $Name) { $null = $script:AllowedCommands.Add($commandName) }
}

Export-ModuleMember -Function Invoke-VoiceOpsCommand, Invoke-VoiceOpsFramedCall, Register-VoiceOpsCommand, Initialize-VoiceOpsDispatch
