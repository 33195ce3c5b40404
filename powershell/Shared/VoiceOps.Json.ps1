# JSON helpers dot-sourced by the voiceops modules.
# They use only the language and .NET (System.Text.Json for parsing), because the embedded PowerShell host may lack
# the Microsoft.PowerShell.Utility module that provides ConvertFrom-Json and ConvertTo-Json.

function ConvertFrom-VoiceOpsJson {
    <# Parses JSON text into ordered hashtables, object[] arrays, strings, longs, doubles, booleans and $null. #>
    param([Parameter(Mandatory)] [AllowEmptyString()] [string] $Json)

    $document = [System.Text.Json.JsonDocument]::Parse($Json, [System.Text.Json.JsonDocumentOptions]::new())
    try {
        , (ConvertFrom-VoiceOpsJsonElement -Element $document.RootElement)
    }
    finally {
        $document.Dispose()
    }
}

function ConvertFrom-VoiceOpsJsonElement {
    param([Parameter(Mandatory)] [System.Text.Json.JsonElement] $Element)

    switch ([string]$Element.ValueKind) {
        'Object' {
            $dictionary = [ordered]@{}
            foreach ($property in $Element.EnumerateObject()) {
                $dictionary[$property.Name] = ConvertFrom-VoiceOpsJsonElement -Element $property.Value
            }
            return $dictionary
        }
        'Array' {
            $items = [System.Collections.Generic.List[object]]::new()
            foreach ($item in $Element.EnumerateArray()) {
                $items.Add((ConvertFrom-VoiceOpsJsonElement -Element $item))
            }
            return , $items.ToArray()
        }
        'String' { return $Element.GetString() }
        'Number' {
            $integer = 0L
            if ($Element.TryGetInt64([ref] $integer)) { return $integer }
            return $Element.GetDouble()
        }
        'True' { return $true }
        'False' { return $false }
        default { return $null }
    }
}

function ConvertTo-VoiceOpsJson {
    <# Serialises dictionaries, custom objects, lists and scalars as JSON with every non-ASCII character escaped as \uXXXX,
       so the text survives any stdout encoding byte for byte. #>
    param(
        [AllowNull()] [object] $InputObject,
        [int] $Depth = 12,
        [switch] $Pretty
    )

    $builder = [System.Text.StringBuilder]::new()
    Write-VoiceOpsJsonValue -Builder $builder -Value $InputObject -Depth $Depth -Pretty $Pretty.IsPresent -Level 0
    $builder.ToString()
}

function Write-VoiceOpsJsonValue {
    param(
        [System.Text.StringBuilder] $Builder,
        [AllowNull()] [object] $Value,
        [int] $Depth,
        [bool] $Pretty,
        [int] $Level
    )

    if ($null -eq $Value -or $Value -is [System.DBNull]) { $null = $Builder.Append('null'); return }
    if ($Value -is [switch]) { $Value = $Value.IsPresent }
    if ($Value -is [bool]) { $null = $Builder.Append($(if ($Value) { 'true' } else { 'false' })); return }
    if ($Value -is [string] -or $Value -is [char] -or $Value -is [enum] -or $Value -is [guid]) {
        Write-VoiceOpsJsonString -Builder $Builder -Text ([string]$Value)
        return
    }
    if ($Value -is [datetime]) {
        Write-VoiceOpsJsonString -Builder $Builder -Text $Value.ToString('o', [cultureinfo]::InvariantCulture)
        return
    }
    if ($Value -is [datetimeoffset]) {
        Write-VoiceOpsJsonString -Builder $Builder -Text $Value.ToString('o', [cultureinfo]::InvariantCulture)
        return
    }
    $typeCode = [int][System.Type]::GetTypeCode($Value.GetType())
    if ($typeCode -ge 5 -and $typeCode -le 15) {
        if (($Value -is [double] -or $Value -is [single]) -and ([double]::IsNaN($Value) -or [double]::IsInfinity($Value))) {
            $null = $Builder.Append('null')
        }
        elseif ($Value -is [double] -or $Value -is [single]) {
            $null = $Builder.Append($Value.ToString('R', [cultureinfo]::InvariantCulture))
        }
        else {
            $null = $Builder.Append($Value.ToString($null, [cultureinfo]::InvariantCulture))
        }
        return
    }

    $isDictionary = $Value -is [System.Collections.IDictionary]
    $isCustomObject = $Value -is [System.Management.Automation.PSCustomObject]
    $isList = -not $isDictionary -and $Value -is [System.Collections.IEnumerable]
    if ($Depth -le 0 -or -not ($isDictionary -or $isCustomObject -or $isList)) {
        Write-VoiceOpsJsonString -Builder $Builder -Text ([string]$Value)
        return
    }

    $newline = if ($Pretty) { "`n" + ('  ' * ($Level + 1)) } else { '' }
    $closingNewline = if ($Pretty) { "`n" + ('  ' * $Level) } else { '' }
    $separator = if ($Pretty) { ': ' } else { ':' }

    if ($isList) {
        $null = $Builder.Append('[')
        $first = $true
        foreach ($item in $Value) {
            if (-not $first) { $null = $Builder.Append(',') }
            $null = $Builder.Append($newline)
            Write-VoiceOpsJsonValue -Builder $Builder -Value $item -Depth ($Depth - 1) -Pretty $Pretty -Level ($Level + 1)
            $first = $false
        }
        if (-not $first) { $null = $Builder.Append($closingNewline) }
        $null = $Builder.Append(']')
        return
    }

    $entries = [System.Collections.Generic.List[object]]::new()
    if ($isDictionary) {
        foreach ($key in $Value.Keys) { $entries.Add(@([string]$key, $Value[$key])) }
    }
    else {
        foreach ($property in $Value.PSObject.Properties) { $entries.Add(@($property.Name, $property.Value)) }
    }
    $null = $Builder.Append('{')
    $first = $true
    foreach ($entry in $entries) {
        if (-not $first) { $null = $Builder.Append(',') }
        $null = $Builder.Append($newline)
        Write-VoiceOpsJsonString -Builder $Builder -Text $entry[0]
        $null = $Builder.Append($separator)
        Write-VoiceOpsJsonValue -Builder $Builder -Value $entry[1] -Depth ($Depth - 1) -Pretty $Pretty -Level ($Level + 1)
        $first = $false
    }
    if (-not $first) { $null = $Builder.Append($closingNewline) }
    $null = $Builder.Append('}')
}

function Write-VoiceOpsJsonString {
    param([System.Text.StringBuilder] $Builder, [AllowEmptyString()] [string] $Text)

    $null = $Builder.Append('"')
    # Printable ASCII other than " and \ goes through as is; everything else, including each half of a surrogate pair,
    # becomes \uXXXX. [regex]::IsMatch is case-sensitive, unlike -match, so no case folding can sneak a character past.
    if (-not [regex]::IsMatch($Text, '[^\x20\x21\x23-\x5B\x5D-\x7E]')) {
        $null = $Builder.Append($Text)
    }
    else {
        foreach ($character in $Text.ToCharArray()) {
            $code = [int]$character
            if ($code -eq 0x22 -or $code -eq 0x5C) {
                $null = $Builder.Append('\').Append($character)
            }
            elseif ($code -ge 0x20 -and $code -le 0x7E) {
                $null = $Builder.Append($character)
            }
            else {
                $null = $Builder.Append('\u').Append($code.ToString('x4', [cultureinfo]::InvariantCulture))
            }
        }
    }
    $null = $Builder.Append('"')
}
