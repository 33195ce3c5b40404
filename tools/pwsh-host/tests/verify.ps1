# Self-test of the voiceops pwsh host (tools/pwsh-host).
#   pwsh -NoProfile -File tools/pwsh-host/tests/verify.ps1
# Prints one line per check and "N passed, N failed"; exits 1 on any failure.
$ErrorActionPreference = 'Stop'
$script:passed = 0; $script:failed = 0
function Check([string]$Name, [scriptblock]$Test) {
    try {
        $result = & $Test
        if ($result -eq $true) { $script:passed++; [Console]::Out.WriteLine("ok   - $Name") }
        else { $script:failed++; [Console]::Out.WriteLine("FAIL - $Name (got: $result)") }
    } catch {
        $script:failed++; [Console]::Out.WriteLine("FAIL - $Name (threw: $($_.Exception.Message))")
    }
}
# Runs a child pwsh; returns @{ Out; Err; Code }.
function Invoke-Pwsh([string[]]$Arguments, [string]$StdIn) {
    $psi = [System.Diagnostics.ProcessStartInfo]::new((Join-Path $PSHOME 'pwsh'))
    foreach ($a in $Arguments) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true; $psi.RedirectStandardInput = $true
    $p = [System.Diagnostics.Process]::Start($psi)
    if ($StdIn) { $p.StandardInput.Write($StdIn) }
    $p.StandardInput.Close()
    $err = $p.StandardError.ReadToEndAsync()
    $out = $p.StandardOutput.ReadToEnd()
    $p.WaitForExit()
    @{ Out = $out; Err = $err.Result; Code = $p.ExitCode }
}
$fixtures = Join-Path $PSScriptRoot 'fixtures'
$tmp = Join-Path ([IO.Path]::GetTempPath()) "pwsh-host-verify-$PID"

# --- packaging ------------------------------------------------------------------------------
Check 'module manifests export exactly the compiled compat cmdlets' {
    $compiled = [VoiceOps.PwshHost.Compat.WriteOutputCommand].Assembly.GetTypes() |
        Where-Object { $_.IsPublic -and -not $_.IsAbstract } |
        ForEach-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
        ForEach-Object { "$($_.VerbName)-$($_.NounName)" } | Sort-Object
    $exported = Get-Module -ListAvailable Microsoft.PowerShell.Utility, Microsoft.PowerShell.Management |
        ForEach-Object { $_.ExportedCmdlets.Keys } | Sort-Object
    ($compiled -join ',') -eq ($exported -join ',')
}
Check '$PSVersionTable.PSVersion is 7.6.9' { $PSVersionTable.PSVersion.ToString() -eq '7.6.9' }
Check 'compat cmdlets auto-load from $PSHOME/Modules' { (Get-Command ConvertTo-Json).Source -eq 'Microsoft.PowerShell.Utility' }

# --- command line ---------------------------------------------------------------------------
Check '-Version' { (Invoke-Pwsh '-Version').Out.Trim() -eq 'PowerShell 7.6.9' }
Check '-File passes named args, exit N sets the exit code' {
    $r = Invoke-Pwsh '-NoProfile', '-File', (Join-Path $fixtures 'exit-code.ps1'), '-Code', '3'
    $r.Code -eq 3 -and $r.Out -eq "running`n"
}
Check '-File: unhandled throw exits 1 with the message on stderr' {
    $r = Invoke-Pwsh '-NoProfile', '-File', (Join-Path $fixtures 'throws.ps1')
    $r.Code -eq 1 -and $r.Err -match 'script failure' -and $r.Out -eq "before`n"
}
Check '-File: missing file exits 64' { (Invoke-Pwsh '-NoProfile', '-File', '/nonexistent.ps1').Code -eq 64 }
Check '-Command exit 5 / $? false -> 1 / ok -> 0' {
    (Invoke-Pwsh '-NoProfile', '-NonInteractive', '-Command', 'exit 5').Code -eq 5 -and
    (Invoke-Pwsh '-c', 'Write-Error x').Code -eq 1 -and
    (Invoke-Pwsh '-nop', '-noni', '-ExecutionPolicy', 'Bypass', '-OutputFormat', 'Text', '-c', '"ok"').Code -eq 0
}
Check 'unknown switch exits 64' { (Invoke-Pwsh '-Bogus').Code -eq 64 }
Check '-Command - reads stdin, keeps state, completes multi-line input' {
    $r = Invoke-Pwsh '-NoLogo', '-NoExit', '-Command', '-' -StdIn "`$a = 1`nif (`$a) {`n  'in block'`n}`n`"a=`$a`"`n"
    $r.Out -eq "in block`na=1`n" -and $r.Code -eq 0
}
Check '-Command -: errors go to stderr in order, output continues' {
    $r = Invoke-Pwsh '-NoLogo', '-NoExit', '-Command', '-' -StdIn "throw 'boom'`n[Console]::Error.WriteLine('after')`n'still here'`n"
    $r.Err -match '(?s)Exception: boom.*after' -and $r.Out -eq "still here`n"
}
Check '-Command -: input ending mid-statement reports a ParserError' {
    $r = Invoke-Pwsh '-NoLogo', '-NoExit', '-Command', '-' -StdIn "if (`$true) {`n"
    $r.Err -match 'ParserError' -and $r.Code -eq 1
}
Check 'missing Mandatory parameter fails instead of prompting on stdin' {
    $r = Invoke-Pwsh '-NoLogo', '-NoExit', '-Command', '-' -StdIn "function m { param([Parameter(Mandatory)]`$N) }`nm`n'next'`n"
    $r.Err -match 'missing mandatory parameters: N' -and $r.Out -eq "next`n"
}
Check 'Start-Job runs in a child pwsh -s server' {
    (Start-Job { "job $PID" } | Receive-Job -Wait -AutoRemoveJob) -match '^job \d+$'
}

# --- Utility compat -------------------------------------------------------------------------
Check 'Write-Output enumerates / -NoEnumerate' { (Write-Output 1, 2).Count -eq 2 -and (Write-Output -NoEnumerate @(1, 2)).Count -eq 2 -and @(Write-Output -NoEnumerate @(1, 2)).Count -eq 1 }
Check 'Write-Error is non-terminating and attributed to the caller' {
    function f { Write-Error 'soft' -ErrorAction SilentlyContinue -ErrorVariable ev; $ev }
    $e = f
    $e[0].Exception.GetType().FullName -eq 'Microsoft.PowerShell.Commands.WriteErrorException' -and $e[0].InvocationInfo.MyCommand.Name -eq 'f'
}
Check 'Write-Warning/-Verbose honour preferences' { $w = Write-Warning 'w' 3>&1; $v = Write-Verbose 'v' 4>&1; "$w" -eq 'w' -and $null -eq $v }
Check 'Write-Host is capturable with 6>&1' { (Write-Host 'a' 'b' -Separator '-' 6>&1 | ForEach-Object { "$_" }) -eq 'a-b' }
Check 'ConvertTo-Json matches pwsh formatting' {
    $json = [ordered]@{ a = 1; b = @(1.0, 'x'); c = $null; d = [datetime]::new(2024, 1, 2, 3, 4, 5, [DateTimeKind]::Utc) } | ConvertTo-Json
    $json -eq "{`n  `"a`": 1,`n  `"b`": [`n    1.0,`n    `"x`"`n  ],`n  `"c`": null,`n  `"d`": `"2024-01-02T03:04:05Z`"`n}"
}
Check 'ConvertTo-Json -Depth truncates with a warning, -Compress, -AsArray' {
    $deep = @{ l1 = @{ l2 = @{ l3 = 1 } } } | ConvertTo-Json -Depth 1 -Compress -WarningVariable wv -WarningAction SilentlyContinue
    $deep -eq '{"l1":{"l2":"System.Collections.Hashtable"}}' -and $wv.Count -eq 1 -and (1 | ConvertTo-Json -AsArray -Compress) -eq '[1]'
}
Check 'ConvertFrom-Json: objects, Int64, dates, arrays enumerate, -AsHashtable' {
    $o = '{"n":1,"d":"2024-01-02T03:04:05Z","a":[1,2]}' | ConvertFrom-Json
    $h = '{"K":{"k2":true}}' | ConvertFrom-Json -AsHashtable
    $o.n -is [long] -and $o.d -is [datetime] -and $o.a.Count -eq 2 -and @('[1,2,3]' | ConvertFrom-Json).Count -eq 3 -and $h.K.k2 -eq $true
}
Check 'ConvertFrom-Json accepts a document split over lines (Get-Content | ConvertFrom-Json)' { ('{', '"a": 5', '}' | ConvertFrom-Json).a -eq 5 }
Check 'Select-Object -Property/-First/-Last/-Skip/-ExpandProperty/-Unique/calculated' {
    $s = [pscustomobject]@{ A = 1; B = 2 } | Select-Object A, @{ n = 'C'; e = { $_.B * 10 } }
    (1..10 | Select-Object -Skip 2 -First 2) -join ',' -eq '3,4' -and (1..10 | Select-Object -Last 2) -join ',' -eq '9,10' -and
    $s.C -eq 20 -and $null -eq $s.B -and ([pscustomobject]@{ L = 1, 2 } | Select-Object -ExpandProperty L).Count -eq 2 -and
    (1, 1, 2 | Select-Object -Unique).Count -eq 2
}
Check 'Sort-Object / Measure-Object' {
    (3, 1, 2 | Sort-Object) -join ',' -eq '1,2,3' -and ('b', 'a' | Sort-Object -Descending) -join ',' -eq 'b,a' -and
    (1..4 | Measure-Object -Sum -Average -Maximum).Sum -eq 10 -and (1..4 | Measure-Object).Count -eq 4
}
Check 'Out-String renders through the engine formatter' { (@{ a = 1 } | Out-String) -match '(?m)^a\s+1\s*$' -and ('x' | Out-String) -eq "x`n" }
Check 'Format-Table / Format-List' { (Get-Item $PSHOME | Format-List FullName | Out-String) -match 'FullName : ' }
Check 'Get-Date -Format / -UFormat / -Date' { (Get-Date -Date '2024-03-04' -Format 'yyyy-MM-dd') -eq '2024-03-04' -and (Get-Date -Date '2024-03-04' -UFormat '%Y/%m') -eq '2024/03' }
Check 'Add-Member NoteProperty positional / New-Object -Property' {
    $o = [pscustomobject]@{}; $o | Add-Member NoteProperty X 1
    $o.X -eq 1 -and (New-Object PSObject -Property @{ Y = 2 }).Y -eq 2 -and (New-Object System.Text.StringBuilder 'ab').ToString() -eq 'ab'
}
Check 'Invoke-Expression runs in the caller scope; variables cmdlets' {
    Invoke-Expression '$iex = 3'; Set-Variable sv 4
    $iex -eq 3 -and (Get-Variable sv -ValueOnly) -eq 4
}
Check 'Start-Sleep -Milliseconds' { $sw = [Diagnostics.Stopwatch]::StartNew(); Start-Sleep -Milliseconds 50; $sw.ElapsedMilliseconds -ge 45 }

# --- Management compat ----------------------------------------------------------------------
Check 'New-Item -ItemType Directory -Force creates parents; Test-Path -PathType' {
    New-Item -ItemType Directory -Path "$tmp/a/b" -Force | Out-Null
    (Test-Path "$tmp/a/b" -PathType Container) -and -not (Test-Path "$tmp/a/b" -PathType Leaf) -and -not (Test-Path "$tmp/none")
}
Check 'Set-Content / Add-Content / Get-Content (-Raw, -TotalCount, -Tail)' {
    Set-Content "$tmp/f.txt" 'one', 'two'; Add-Content "$tmp/f.txt" 'three'
    (Get-Content "$tmp/f.txt") -join ',' -eq 'one,two,three' -and (Get-Content "$tmp/f.txt" -Raw) -eq "one`ntwo`nthree`n" -and
    (Get-Content "$tmp/f.txt" -TotalCount 1) -eq 'one' -and (Get-Content "$tmp/f.txt" -Tail 1) -eq 'three'
}
Check 'Get-Content on a missing file is a non-terminating error' {
    $null = Get-Content "$tmp/missing.txt" -ErrorAction SilentlyContinue -ErrorVariable ev
    $ev.Count -eq 1 -and $ev[0].FullyQualifiedErrorId -match 'PathNotFound'
}
Check 'Get-ChildItem -Recurse -Name / -File' { (Get-ChildItem $tmp -Recurse -Name) -contains 'a/b' -and (Get-ChildItem $tmp -File).Name -eq 'f.txt' }
Check 'Copy-Item / Move-Item / Rename-Item' {
    Copy-Item "$tmp/f.txt" "$tmp/g.txt"; Move-Item "$tmp/g.txt" "$tmp/a/g.txt"; Rename-Item "$tmp/a/g.txt" 'h.txt'
    Test-Path "$tmp/a/h.txt"
}
Check 'Remove-Item -Recurse -Force' { Remove-Item $tmp -Recurse -Force; -not (Test-Path $tmp) }
Check 'Join-Path / Split-Path' {
    (Join-Path /tmp a b) -eq '/tmp/a/b' -and (Split-Path /tmp/a/b.txt) -eq '/tmp/a' -and (Split-Path /tmp/a/b.txt -Leaf) -eq 'b.txt' -and
    (Split-Path b.txt -Extension) -eq '.txt' -and (Split-Path /x/b.txt -LeafBase) -eq 'b'
}
Check 'Set-Location / Push-Location / Pop-Location / Resolve-Path' {
    $here = (Get-Location).Path; Push-Location /; $root = (Get-Location).Path; Pop-Location
    $root -eq '/' -and (Get-Location).Path -eq $here -and (Resolve-Path /tmp/../tmp).Path -eq '/tmp'
}
Check 'Test-Path env: drive' { (Test-Path env:PATH) -and -not (Test-Path env:NO_SUCH_VARIABLE_42) }
Check 'Get-Process -Id $PID has Id and WorkingSet64' { $p = Get-Process -Id $PID; $p.Id -eq $PID -and $p.WorkingSet64 -gt 0 }

[Console]::Out.WriteLine("$script:passed passed, $script:failed failed")
exit ([int]($script:failed -gt 0))
