# JSON helpers dot-sourced by the voiceops modules.
# They use only the language and .NET (System.Text.Json for parsing), because the embedded PowerShell host may lack
# the Microsoft.PowerShell.Utility module that provides ConvertFrom-Json and ConvertTo-Json (which would also turn
# date strings into DateTime).
#
# Contract (kept exactly from the first, recursive version; test/powershell/json-equivalence.test.ts compares the two):
# - ConvertFrom-VoiceOpsJson: objects become ordered hashtables ([ordered]@{}, so keys compare case-insensitively and a
#   repeated key keeps its first position with the last value and spelling), arrays object[] (never unrolled, empty
#   ones included), strings string, numbers Int64 when they fit a long and double otherwise, true/false bool, null
#   $null. The root value is returned as one object (an array is not enumerated into the pipeline).
# - ConvertTo-VoiceOpsJson: $null and DBNull -> null; switch -> its IsPresent; bool -> true/false; string, char, enum
#   and guid -> their string; DateTime and DateTimeOffset -> the round-trip 'o' format; integral and decimal numbers ->
#   invariant ToString(); double and single -> 'R' format, NaN and infinities -> null; dictionaries -> objects with
#   [string] keys in key order; PSCustomObjects -> objects with their properties; other enumerables -> arrays; anything
#   else, and any container once Depth (default 12) levels are used up, -> its [string] form. Strings keep printable
#   ASCII except " and \ (which get a backslash); every other UTF-16 unit, surrogate halves included, becomes \uxxxx
#   (lower-case hex). -Pretty puts each member on its own line indented two spaces per level, with ': ' after keys;
#   empty containers stay [] and {}.
#
# Both walk the value with an explicit stack inside one function: the engine's per-statement cost is far below its
# per-function-call cost, and the recursive version's one call per node cost ~0.2 s per read of the seed state.

function ConvertFrom-VoiceOpsJson {
    <# Parses JSON text into ordered hashtables, object[] arrays, strings, longs, doubles, booleans and $null. #>
    param([Parameter(Mandatory)] [AllowEmptyString()] [string] $Json)

    $document = [System.Text.Json.JsonDocument]::Parse($Json, [System.Text.Json.JsonDocumentOptions]::new())
    try {
        $kindObject = [int][System.Text.Json.JsonValueKind]::Object
        $kindArray = [int][System.Text.Json.JsonValueKind]::Array
        $kindString = [int][System.Text.Json.JsonValueKind]::String
        $kindNumber = [int][System.Text.Json.JsonValueKind]::Number
        $kindTrue = [int][System.Text.Json.JsonValueKind]::True
        $kindFalse = [int][System.Text.Json.JsonValueKind]::False

        # Each pending entry is (container to fill, its JSON children, whether the children are object properties).
        # A container is created and stored in its parent when met, and filled later, so nothing needs recursion.
        $root = [object[]]::new(1)
        $rootChildren = [object[]]::new(1)
        $rootChildren[0] = $document.RootElement
        $pending = [System.Collections.Generic.Stack[object]]::new()
        $pending.Push(@($root, $rootChildren, $false))
        $integer = 0L
        while ($pending.Count -gt 0) {
            $entry = $pending.Pop()
            $target = $entry[0]
            $children = $entry[1]
            $isObject = $entry[2]
            for ($index = 0; $index -lt $children.Count; $index++) {
                if ($isObject) {
                    $property = $children[$index]
                    $element = $property.Value
                }
                else {
                    $element = $children[$index]
                }
                $kind = [int]$element.ValueKind
                if ($kind -eq $kindString) {
                    $value = $element.GetString()
                }
                elseif ($kind -eq $kindObject) {
                    $value = [ordered]@{}
                    $pending.Push(@($value, @($element.EnumerateObject()), $true))
                }
                elseif ($kind -eq $kindArray) {
                    $items = @($element.EnumerateArray())
                    $value = [object[]]::new($items.Count)
                    $pending.Push(@($value, $items, $false))
                }
                elseif ($kind -eq $kindNumber) {
                    if ($element.TryGetInt64([ref] $integer)) { $value = $integer } else { $value = $element.GetDouble() }
                }
                elseif ($kind -eq $kindTrue) { $value = $true }
                elseif ($kind -eq $kindFalse) { $value = $false }
                else { $value = $null }

                if ($isObject) { $target[$property.Name] = $value } else { $target[$index] = $value }
            }
        }
        , $root[0]
    }
    finally {
        $document.Dispose()
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
    $culture = [cultureinfo]::InvariantCulture
    $indented = $Pretty.IsPresent
    $separator = if ($indented) { ': ' } else { ':' }
    $plainText = '[^\x20\x21\x23-\x5B\x5D-\x7E]'

    # Each open container is a frame: (values, keys or $null for an array, next index, its level, its children's depth).
    $frames = [System.Collections.Generic.Stack[object]]::new()
    $value = $InputObject
    $valueDepth = $Depth
    $level = 0
    while ($true) {
        $isText = $false
        if ($null -eq $value -or $value -is [System.DBNull]) { $null = $builder.Append('null') }
        else {
            if ($value -is [switch]) { $value = $value.IsPresent }
            if ($value -is [bool]) { $null = $builder.Append($(if ($value) { 'true' } else { 'false' })) }
            elseif ($value -is [string] -or $value -is [char] -or $value -is [enum] -or $value -is [guid]) { $text = [string]$value; $isText = $true }
            elseif ($value -is [datetime]) { $text = $value.ToString('o', $culture); $isText = $true }
            elseif ($value -is [datetimeoffset]) { $text = $value.ToString('o', $culture); $isText = $true }
            else {
                $typeCode = [int][System.Type]::GetTypeCode($value.GetType())
                if ($typeCode -ge 5 -and $typeCode -le 15) {
                    if (($value -is [double] -or $value -is [single]) -and ([double]::IsNaN($value) -or [double]::IsInfinity($value))) {
                        $null = $builder.Append('null')
                    }
                    elseif ($value -is [double] -or $value -is [single]) {
                        $null = $builder.Append($value.ToString('R', $culture))
                    }
                    else {
                        $null = $builder.Append($value.ToString($null, $culture))
                    }
                }
                else {
                    $isDictionary = $value -is [System.Collections.IDictionary]
                    $isCustomObject = $value -is [System.Management.Automation.PSCustomObject]
                    $isList = -not $isDictionary -and $value -is [System.Collections.IEnumerable]
                    if ($valueDepth -le 0 -or -not ($isDictionary -or $isCustomObject -or $isList)) {
                        $text = [string]$value
                        $isText = $true
                    }
                    else {
                        $values = [System.Collections.Generic.List[object]]::new()
                        $keys = $null
                        if ($isList) {
                            foreach ($item in $value) { $values.Add($item) }
                        }
                        elseif ($isDictionary) {
                            $keys = [System.Collections.Generic.List[string]]::new()
                            foreach ($key in $value.Keys) { $keys.Add([string]$key); $values.Add($value[$key]) }
                        }
                        else {
                            $keys = [System.Collections.Generic.List[string]]::new()
                            foreach ($property in $value.PSObject.Properties) { $keys.Add($property.Name); $values.Add($property.Value) }
                        }
                        if ($values.Count -eq 0) {
                            $null = $builder.Append($(if ($isList) { '[]' } else { '{}' }))
                        }
                        else {
                            $null = $builder.Append($(if ($isList) { '[' } else { '{' }))
                            $frames.Push([object[]]@($values, $keys, 0, $level, ($valueDepth - 1)))
                        }
                    }
                }
            }
        }
        if ($isText) {
            if ([regex]::IsMatch($text, $plainText)) { $text = ConvertTo-VoiceOpsJsonEscapedText -Text $text }
            $null = $builder.Append('"').Append($text).Append('"')
        }

        # Move to the next value: the next member of the innermost open container, closing the finished ones.
        $hasNext = $false
        while ($frames.Count -gt 0) {
            $frame = $frames.Peek()
            $index = $frame[2]
            $values = $frame[0]
            if ($index -lt $values.Count) {
                if ($index -gt 0) { $null = $builder.Append(',') }
                if ($indented) { $null = $builder.Append("`n").Append('  ' * ($frame[3] + 1)) }
                $keys = $frame[1]
                if ($null -ne $keys) {
                    $text = $keys[$index]
                    if ([regex]::IsMatch($text, $plainText)) { $text = ConvertTo-VoiceOpsJsonEscapedText -Text $text }
                    $null = $builder.Append('"').Append($text).Append('"').Append($separator)
                }
                $value = $values[$index]
                $valueDepth = $frame[4]
                $level = $frame[3] + 1
                $frame[2] = $index + 1
                $hasNext = $true
                break
            }
            if ($indented) { $null = $builder.Append("`n").Append('  ' * $frame[3]) }
            $null = $builder.Append($(if ($null -eq $frame[1]) { ']' } else { '}' }))
            $null = $frames.Pop()
        }
        if (-not $hasNext) { break }
    }
    $builder.ToString()
}

function ConvertTo-VoiceOpsJsonEscapedText {
    <# The inside of a JSON string for text with something other than printable ASCII, " or \: those two get a
       backslash, everything else, including each half of a surrogate pair, becomes \uxxxx. Only called for such text,
       so plain strings cost no function call. #>
    param([AllowEmptyString()] [string] $Text)

    $builder = [System.Text.StringBuilder]::new($Text.Length + 16)
    foreach ($character in $Text.ToCharArray()) {
        $code = [int]$character
        if ($code -eq 0x22 -or $code -eq 0x5C) {
            $null = $builder.Append('\').Append($character)
        }
        elseif ($code -ge 0x20 -and $code -le 0x7E) {
            $null = $builder.Append($character)
        }
        else {
            $null = $builder.Append('\u').Append($code.ToString('x4', [cultureinfo]::InvariantCulture))
        }
    }
    $builder.ToString()
}
