// COMPATIBILITY LAYER for machines without the full PowerShell distribution.
// The commonly used part of the Microsoft.PowerShell.Utility module, whose real implementation
// (Microsoft.PowerShell.Commands.Utility.dll) is not published on our package mirror. Exposed as
// module "Microsoft.PowerShell.Utility" by Modules/Microsoft.PowerShell.Utility/*.psd1 and
// auto-loaded like in pwsh. Behaviour follows pwsh 7.6 for the parameters implemented here;
// parameters not listed do not exist (the binder reports them as unknown).
using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Internal;
using System.Text;
using Microsoft.PowerShell.Commands.Internal.Format;

namespace VoiceOps.PwshHost.Compat;

#region Write-*

[Cmdlet(VerbsCommunications.Write, "Output")]
public sealed class WriteOutputCommand : PSCmdlet
{
    [Parameter(Position = 0, Mandatory = true, ValueFromPipeline = true, ValueFromRemainingArguments = true)]
    [AllowNull, AllowEmptyCollection]
    public PSObject? InputObject { get; set; }

    [Parameter] public SwitchParameter NoEnumerate { get; set; }

    protected override void ProcessRecord() => WriteObject(InputObject, enumerateCollection: !NoEnumerate);
}

[Cmdlet(VerbsCommunications.Write, "Error", DefaultParameterSetName = "NoException")]
public sealed class WriteErrorCommand : PSCmdlet
{
    [Parameter(ParameterSetName = "WithException", Mandatory = true)]
    public Exception? Exception { get; set; }

    [Parameter(Position = 0, ParameterSetName = "NoException", Mandatory = true, ValueFromPipeline = true)]
    [Parameter(ParameterSetName = "WithException")]
    [AllowNull, AllowEmptyString]
    [Alias("Msg")]
    public string? Message { get; set; }

    [Parameter(ParameterSetName = "ErrorRecord", Mandatory = true)]
    public ErrorRecord? ErrorRecord { get; set; }

    [Parameter(ParameterSetName = "NoException")]
    [Parameter(ParameterSetName = "WithException")]
    public ErrorCategory Category { get; set; } = ErrorCategory.NotSpecified;

    [Parameter(ParameterSetName = "NoException")]
    [Parameter(ParameterSetName = "WithException")]
    public string? ErrorId { get; set; }

    [Parameter(ParameterSetName = "NoException")]
    [Parameter(ParameterSetName = "WithException")]
    public object? TargetObject { get; set; }

    [Parameter] public string? RecommendedAction { get; set; }
    [Parameter, Alias("Activity")] public string? CategoryActivity { get; set; }
    [Parameter, Alias("Reason")] public string? CategoryReason { get; set; }
    [Parameter, Alias("TargetName")] public string? CategoryTargetName { get; set; }
    [Parameter, Alias("TargetType")] public string? CategoryTargetType { get; set; }

    protected override void ProcessRecord()
    {
        ErrorRecord record;
        if (ErrorRecord != null) record = new ErrorRecord(ErrorRecord, null);
        else
        {
            var e = Exception ?? new Microsoft.PowerShell.Commands.WriteErrorException(Message ?? "");
            record = new ErrorRecord(e, string.IsNullOrEmpty(ErrorId) ? e.GetType().FullName : ErrorId, Category, TargetObject);
            if (Exception != null && !string.IsNullOrEmpty(Message)) record.ErrorDetails = new ErrorDetails(Message);
        }
        if (!string.IsNullOrEmpty(RecommendedAction))
        {
            record.ErrorDetails ??= new ErrorDetails(record.ToString());
            record.ErrorDetails.RecommendedAction = RecommendedAction;
        }
        if (!string.IsNullOrEmpty(CategoryReason)) record.CategoryInfo.Reason = CategoryReason;
        if (!string.IsNullOrEmpty(CategoryTargetName)) record.CategoryInfo.TargetName = CategoryTargetName;
        if (!string.IsNullOrEmpty(CategoryTargetType)) record.CategoryInfo.TargetType = CategoryTargetType;
        // Attribute the error to the calling script or function, like pwsh ("f: message").
        if (GetVariableValue("MyInvocation") is InvocationInfo caller && Internals.AttributeErrorToCaller(record, caller))
            record.CategoryInfo.Activity = string.IsNullOrEmpty(CategoryActivity) ? "Write-Error" : CategoryActivity;
        else if (!string.IsNullOrEmpty(CategoryActivity)) record.CategoryInfo.Activity = CategoryActivity;
        WriteError(record);
    }
}

[Cmdlet(VerbsCommunications.Write, "Warning")]
public sealed class WriteWarningCommand : PSCmdlet
{
    [Parameter(Position = 0, Mandatory = true, ValueFromPipeline = true)]
    [AllowEmptyString, Alias("Msg")]
    public string Message { get; set; } = "";

    protected override void ProcessRecord() => WriteWarning(Message);
}

[Cmdlet(VerbsCommunications.Write, "Verbose")]
public sealed class WriteVerboseCommand : PSCmdlet
{
    [Parameter(Position = 0, Mandatory = true, ValueFromPipeline = true)]
    [AllowEmptyString, Alias("Msg")]
    public string Message { get; set; } = "";

    protected override void ProcessRecord() => WriteVerbose(Message);
}

[Cmdlet(VerbsCommunications.Write, "Debug")]
public sealed class WriteDebugCommand : PSCmdlet
{
    [Parameter(Position = 0, Mandatory = true, ValueFromPipeline = true)]
    [AllowEmptyString, Alias("Msg")]
    public string Message { get; set; } = "";

    protected override void ProcessRecord() => WriteDebug(Message);
}

[Cmdlet(VerbsCommunications.Write, "Information")]
public sealed class WriteInformationCommand : PSCmdlet
{
    [Parameter(Position = 0, Mandatory = true)]
    [Alias("Msg", "Message")]
    [AllowNull]
    public object? MessageData { get; set; }

    [Parameter(Position = 1)] public string[]? Tags { get; set; }

    protected override void BeginProcessing() => WriteInformation(MessageData, Tags);
}

[Cmdlet(VerbsCommunications.Write, "Host")]
public sealed class WriteHostCommand : PSCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromRemainingArguments = true)]
    [Alias("Msg", "Message")]
    public object? Object { get; set; }

    [Parameter] public SwitchParameter NoNewline { get; set; }
    [Parameter] public object Separator { get; set; } = " ";
    [Parameter] public ConsoleColor ForegroundColor { get; set; }
    [Parameter] public ConsoleColor BackgroundColor { get; set; }

    // Collections are flattened and joined with -Separator, like pwsh.
    private string? Render(object? o)
    {
        if (o is PSObject pso && pso.BaseObject is not PSCustomObject) o = pso.BaseObject;
        switch (o)
        {
            case null: return null;
            case string s: return s;
            case IEnumerable e:
                var sb = new StringBuilder();
                bool first = true;
                foreach (var item in e)
                {
                    if (!first) sb.Append(Separator);
                    sb.Append(Render(item));
                    first = false;
                }
                return sb.ToString();
            default: return o.ToString();
        }
    }

    protected override void ProcessRecord()
    {
        var message = new HostInformationMessage { Message = Render(Object) ?? "", NoNewLine = NoNewline.IsPresent };
        if (MyInvocation.BoundParameters.ContainsKey(nameof(ForegroundColor))) message.ForegroundColor = ForegroundColor;
        if (MyInvocation.BoundParameters.ContainsKey(nameof(BackgroundColor))) message.BackgroundColor = BackgroundColor;
        // The engine shows PSHOST-tagged information records on the host, and 6> can capture them.
        WriteInformation(message, new[] { "PSHOST" });
    }
}

#endregion

#region Out-String, Out-File, Format-Table, Format-List

/// <summary>
/// Renders objects to text through the engine's own formatter: runs `Out-Host` while our host
/// captures what it writes. Outside our host (e.g. inside a Start-Job server process) it
/// falls back to plain ToString().
/// </summary>
internal static class TextRenderer
{
    public static ConsoleUI? UI { get; set; }

    public static string Render(PSCmdlet cmdlet, IList items, int width)
    {
        if (UI == null)
            return string.Concat(items.Cast<object?>().Select(o => (o is null ? "" : PSObject.AsPSObject(o).ToString()) + "\n"));
        var script = ScriptBlock.Create("$input | Out-Host");
        return UI.Capture(width, () => cmdlet.InvokeCommand.InvokeScript(false, script, items));
    }

    public static IEnumerable<string> Lines(string text)
    {
        var lines = text.Split('\n');
        return text.EndsWith('\n') ? lines.Take(lines.Length - 1) : lines;
    }
}

[Cmdlet(VerbsData.Out, "String", DefaultParameterSetName = "NoNewLineFormatting")]
[OutputType(typeof(string))]
public sealed class OutStringCommand : PSCmdlet
{
    [Parameter(ValueFromPipeline = true)] public PSObject? InputObject { get; set; }
    [Parameter, ValidateRange(2, int.MaxValue)] public int Width { get; set; }
    [Parameter(ParameterSetName = "StreamFormatting")] public SwitchParameter Stream { get; set; }
    [Parameter(ParameterSetName = "NoNewLineFormatting")] public SwitchParameter NoNewline { get; set; }

    private readonly List<object?> _items = new();

    protected override void ProcessRecord()
    {
        if (InputObject != null && InputObject != AutomationNull.Value) _items.Add(InputObject);
    }

    protected override void EndProcessing()
    {
        string text = TextRenderer.Render(this, _items, Width);
        if (Stream) foreach (var line in TextRenderer.Lines(text)) WriteObject(line);
        else WriteObject(NoNewline ? text.Replace("\n", "") : text);
    }
}

[Cmdlet(VerbsData.Out, "File", DefaultParameterSetName = "ByPath")]
public sealed class OutFileCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "ByPath")]
    [Alias("Path")]
    public string FilePath { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = "ByLiteralPath")]
    [Alias("PSPath", "LP")]
    public string LiteralPath { get => FilePath; set => FilePath = value; }

    [Parameter(Position = 1)] public object? Encoding { get; set; }
    [Parameter] public SwitchParameter Append { get; set; }
    [Parameter] public SwitchParameter Force { get; set; }
    [Parameter, Alias("NoOverwrite")] public SwitchParameter NoClobber { get; set; }
    [Parameter, ValidateRange(2, int.MaxValue)] public int Width { get; set; }
    [Parameter] public SwitchParameter NoNewline { get; set; }
    [Parameter(ValueFromPipeline = true)] public PSObject? InputObject { get; set; }

    private readonly List<object?> _items = new();

    protected override void ProcessRecord()
    {
        if (InputObject != null && InputObject != AutomationNull.Value) _items.Add(InputObject);
    }

    protected override void EndProcessing()
    {
        string path = GetUnresolvedProviderPathFromPSPath(FilePath);
        if (NoClobber && !Append && File.Exists(path))
        {
            WriteError(new ErrorRecord(new IOException($"The file '{path}' already exists."), "NoClobber", ErrorCategory.ResourceExists, path));
            return;
        }
        string text = TextRenderer.Render(this, _items, Width > 0 ? Width : 120);
        if (NoNewline) text = text.Replace("\n", "");
        var encoding = EncodingArgument.Resolve(Encoding);
        try
        {
            if (Append) File.AppendAllText(path, text, encoding);
            else File.WriteAllText(path, text, encoding);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(e, "FileOpenFailure", ErrorCategory.OpenError, path));
        }
    }
}

// Format-Table / Format-List are the engine's own formatter front ends; see Internals.InitFormatShape.
[Cmdlet(VerbsCommon.Format, "Table")]
public sealed class FormatTableCommand : OuterFormatTableBase
{
    private readonly bool _ready;
    public FormatTableCommand() => _ready = Internals.InitFormatShape(this, "Table");

    protected override void BeginProcessing()
    {
        if (!_ready) ThrowTerminatingError(FormatUnavailable.Error("Format-Table"));
        base.BeginProcessing();
    }
}

[Cmdlet(VerbsCommon.Format, "List")]
public sealed class FormatListCommand : OuterFormatTableAndListBase
{
    private readonly bool _ready;
    public FormatListCommand() => _ready = Internals.InitFormatShape(this, "List");

    protected override void BeginProcessing()
    {
        if (!_ready) ThrowTerminatingError(FormatUnavailable.Error("Format-List"));
        base.BeginProcessing();
    }
}

internal static class FormatUnavailable
{
    public static ErrorRecord Error(string name) => new(
        new PSNotSupportedException($"{name} is not available with this version of System.Management.Automation."),
        "FormatShapeUnavailable", ErrorCategory.NotImplemented, null);
}

#endregion

#region Select-Object, Sort-Object, Measure-Object

/// <summary>Property specs shared by Select-Object and Sort-Object: names (wildcards),
/// script blocks and @{Name=..; Expression=..} hashtables.</summary>
internal sealed class PropertySpec
{
    public string? Name;
    public WildcardPattern? Pattern;
    public ScriptBlock? Script;
    public bool? Descending;

    public static PropertySpec Parse(object spec)
    {
        if (spec is PSObject pso) spec = pso.BaseObject;
        switch (spec)
        {
            case ScriptBlock sb:
                return new PropertySpec { Name = sb.ToString(), Script = sb };
            case IDictionary h:
                var result = new PropertySpec();
                foreach (DictionaryEntry e in h)
                {
                    string key = e.Key.ToString()!.ToLowerInvariant();
                    object? value = e.Value is PSObject p ? p.BaseObject : e.Value;
                    if ("name".StartsWith(key) || "label".StartsWith(key)) result.Name = value?.ToString();
                    else if ("expression".StartsWith(key))
                    {
                        if (value is ScriptBlock s) result.Script = s;
                        else { result.Name ??= value?.ToString(); result.Pattern = new WildcardPattern(value?.ToString() ?? "", WildcardOptions.IgnoreCase); }
                    }
                    else if ("ascending".StartsWith(key)) result.Descending = !LanguagePrimitives.IsTrue(value);
                    else if ("descending".StartsWith(key)) result.Descending = LanguagePrimitives.IsTrue(value);
                    else if (key != "width" && key != "alignment" && key != "formatstring")
                        throw new NotSupportedException($"The {e.Key} key is not valid.");
                }
                if (result.Script == null && result.Pattern == null && result.Name != null)
                    result.Pattern = new WildcardPattern(result.Name, WildcardOptions.IgnoreCase);
                return result;
            default:
                string name = spec?.ToString() ?? "";
                return new PropertySpec { Name = name, Pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase) };
        }
    }

    public bool HasWildcard => Script == null && Name != null && WildcardPattern.ContainsWildcardCharacters(Name);

    /// <summary>(name, value) pairs this spec yields for one object.</summary>
    public IEnumerable<(string Name, object? Value)> Evaluate(PSObject obj)
    {
        if (Script != null)
        {
            var results = Script.InvokeWithContext(null, new List<PSVariable> { new("_", obj) });
            object? value = results.Count == 0 ? null : results.Count == 1 ? results[0] : results.ToArray();
            yield return (Name!, value);
            yield break;
        }
        if (HasWildcard)
        {
            foreach (var p in obj.Properties)
                if (Pattern!.IsMatch(p.Name)) yield return (p.Name, SafeValue(p));
            yield break;
        }
        var prop = obj.Properties[Name!];
        yield return (prop?.Name ?? Name!, prop == null ? null : SafeValue(prop));
    }

    public static object? SafeValue(PSPropertyInfo p)
    {
        try { return p.Value; }
        catch (Exception) { return null; }
    }
}

[Cmdlet(VerbsCommon.Select, "Object", DefaultParameterSetName = "DefaultParameter")]
public sealed class SelectObjectCommand : PSCmdlet
{
    [Parameter(ValueFromPipeline = true)] public PSObject? InputObject { get; set; }

    [Parameter(Position = 0, ParameterSetName = "DefaultParameter")]
    [Parameter(Position = 0, ParameterSetName = "SkipLastParameter")]
    public object[]? Property { get; set; }

    [Parameter(ParameterSetName = "DefaultParameter")]
    [Parameter(ParameterSetName = "SkipLastParameter")]
    public string[]? ExcludeProperty { get; set; }

    [Parameter(ParameterSetName = "DefaultParameter")]
    [Parameter(ParameterSetName = "SkipLastParameter")]
    public string? ExpandProperty { get; set; }

    [Parameter] public SwitchParameter Unique { get; set; }
    [Parameter(ParameterSetName = "DefaultParameter"), ValidateRange(0, int.MaxValue)] public int Last { get; set; }
    [Parameter(ParameterSetName = "DefaultParameter"), ValidateRange(0, int.MaxValue)] public int First { get; set; }
    [Parameter(ParameterSetName = "DefaultParameter"), ValidateRange(0, int.MaxValue)] public int Skip { get; set; }
    [Parameter(ParameterSetName = "SkipLastParameter"), ValidateRange(0, int.MaxValue)] public int SkipLast { get; set; }
    [Parameter(ParameterSetName = "IndexParameter"), ValidateRange(0, int.MaxValue)] public int[]? Index { get; set; }

    private List<PropertySpec>? _specs;
    private WildcardPattern[]? _excludes;
    private readonly List<PSObject> _tail = new();
    private readonly HashSet<string> _seen = new();
    private int _position, _emitted;

    protected override void BeginProcessing()
    {
        _specs = Property?.Select(PropertySpec.Parse).ToList();
        _excludes = ExcludeProperty?.Select(e => new WildcardPattern(e, WildcardOptions.IgnoreCase)).ToArray();
    }

    protected override void ProcessRecord()
    {
        if (InputObject == null || InputObject == AutomationNull.Value) return;
        int position = _position++;
        if (Index != null) { if (Index.Contains(position)) Emit(InputObject); return; }
        if (position < Skip) return;
        bool limited = MyInvocation.BoundParameters.ContainsKey(nameof(First)) || MyInvocation.BoundParameters.ContainsKey(nameof(Last));
        if (SkipLast > 0 || MyInvocation.BoundParameters.ContainsKey(nameof(Last)))
        {
            _tail.Add(InputObject);
            if (SkipLast == 0 && _tail.Count > Last && !(limited && MyInvocation.BoundParameters.ContainsKey(nameof(First)) && _emitted < First)) _tail.RemoveAt(0);
            if (MyInvocation.BoundParameters.ContainsKey(nameof(First)) && _emitted < First) { _tail.RemoveAt(_tail.Count - 1); Emit(InputObject); }
            return;
        }
        if (limited && _emitted >= First) return;
        Emit(InputObject);
    }

    protected override void EndProcessing()
    {
        var rest = SkipLast > 0 ? _tail.Take(Math.Max(0, _tail.Count - SkipLast)) : _tail.Skip(Math.Max(0, _tail.Count - Last));
        foreach (var o in rest.ToList()) Emit(o);
    }

    private void Emit(PSObject input)
    {
        _emitted++;
        if (ExpandProperty != null) { EmitExpanded(input); return; }
        object result = input;
        if (_specs != null || _excludes != null)
        {
            var selected = new PSObject();
            foreach (var spec in _specs ?? new List<PropertySpec> { PropertySpec.Parse("*") })
            foreach (var (name, value) in spec.Evaluate(input))
            {
                if (_excludes != null && _excludes.Any(e => e.IsMatch(name))) continue;
                if (selected.Properties[name] != null) continue;
                selected.Properties.Add(new PSNoteProperty(name, value));
            }
            selected.TypeNames.Insert(0, "Selected." + input.TypeNames.FirstOrDefault());
            result = selected;
        }
        if (Unique && !_seen.Add(UniqueKey(result))) return;
        WriteObject(result);
    }

    private void EmitExpanded(PSObject input)
    {
        var matches = input.Properties.Where(p => new WildcardPattern(ExpandProperty!, WildcardOptions.IgnoreCase).IsMatch(p.Name)).ToList();
        if (matches.Count != 1)
        {
            string message = matches.Count == 0
                ? $"Property \"{ExpandProperty}\" cannot be found."
                : $"Multiple properties cannot be expanded.";
            WriteError(new ErrorRecord(new PSArgumentException(message), "ExpandPropertyNotFound,Microsoft.PowerShell.Commands.SelectObjectCommand",
                ErrorCategory.InvalidArgument, input));
            return;
        }
        object? value = PropertySpec.SafeValue(matches[0]);
        var extras = _specs?.SelectMany(s => s.Evaluate(input)).ToList();
        IEnumerable items = value is IEnumerable e && value is not string && value is not IDictionary ? e : new[] { value };
        foreach (var item in items)
        {
            if (item == null) continue;
            var pso = PSObject.AsPSObject(item);
            if (extras != null)
                foreach (var (name, v) in extras)
                    if (pso.Properties[name] == null) pso.Properties.Add(new PSNoteProperty(name, v));
            if (Unique && !_seen.Add(UniqueKey(pso))) continue;
            WriteObject(pso);
        }
    }

    private static string UniqueKey(object o)
    {
        var pso = PSObject.AsPSObject(o);
        if (pso.BaseObject is PSCustomObject)
            return string.Join("\u0001", pso.Properties.Select(p => p.Name + "=" + PropertySpec.SafeValue(p)));
        return pso.BaseObject?.GetType().FullName + ":" + pso;
    }
}

[Cmdlet("Sort", "Object")]
public sealed class SortObjectCommand : PSCmdlet
{
    [Parameter(ValueFromPipeline = true)] public PSObject? InputObject { get; set; }
    [Parameter(Position = 0)] public object[]? Property { get; set; }
    [Parameter] public SwitchParameter Descending { get; set; }
    [Parameter] public SwitchParameter Unique { get; set; }
    [Parameter] public SwitchParameter CaseSensitive { get; set; }
    [Parameter] public SwitchParameter Stable { get; set; }
    [Parameter, ValidateRange(1, int.MaxValue)] public int Top { get; set; }
    [Parameter, ValidateRange(1, int.MaxValue)] public int Bottom { get; set; }

    private readonly List<PSObject> _items = new();

    protected override void ProcessRecord()
    {
        if (InputObject != null && InputObject != AutomationNull.Value) _items.Add(InputObject);
    }

    protected override void EndProcessing()
    {
        var specs = Property?.Select(PropertySpec.Parse).ToList();
        var keyed = _items.Select((o, i) => (Obj: o, Index: i, Keys: Keys(o, specs))).ToList();
        int Compare((PSObject Obj, int Index, object?[] Keys) a, (PSObject Obj, int Index, object?[] Keys) b)
        {
            for (int k = 0; k < a.Keys.Length; k++)
            {
                int c = CompareValues(a.Keys[k], b.Keys[k]);
                bool desc = specs != null && k < specs.Count && specs[k].Descending.HasValue ? specs[k].Descending!.Value : Descending.IsPresent;
                if (c != 0) return desc ? -c : c;
            }
            return a.Index.CompareTo(b.Index); // stable, like pwsh
        }
        keyed.Sort(Compare);
        IEnumerable<(PSObject Obj, int Index, object?[] Keys)> result = keyed;
        if (Unique)
        {
            var unique = new List<(PSObject, int, object?[])>();
            foreach (var item in keyed)
                if (unique.Count == 0 || !unique[^1].Item3.Zip(item.Keys).All(p => CompareValues(p.First, p.Second) == 0)) unique.Add(item);
            result = unique;
        }
        if (Top > 0) result = result.Take(Top);
        if (Bottom > 0) result = result.TakeLast(Bottom);
        foreach (var item in result) WriteObject(item.Obj);
    }

    private static object?[] Keys(PSObject o, List<PropertySpec>? specs)
    {
        if (specs == null || specs.Count == 0)
            return new object?[] { o.BaseObject is PSCustomObject ? o.ToString() : o.BaseObject };
        return specs.Select(s => s.Evaluate(o).FirstOrDefault().Value).Select(v => v is PSObject p ? p.BaseObject : v).ToArray();
    }

    private int CompareValues(object? a, object? b)
    {
        if (a == null || b == null) return a == null ? (b == null ? 0 : -1) : 1;
        try { return LanguagePrimitives.Compare(a, b, !CaseSensitive, CultureInfo.CurrentCulture); }
        catch (Exception)
        {
            return string.Compare(a.ToString(), b.ToString(), CultureInfo.CurrentCulture,
                CaseSensitive ? CompareOptions.None : CompareOptions.IgnoreCase);
        }
    }
}

[Cmdlet(VerbsDiagnostic.Measure, "Object", DefaultParameterSetName = "GenericMeasure")]
public sealed class MeasureObjectCommand : PSCmdlet
{
    [Parameter(ValueFromPipeline = true)] public PSObject? InputObject { get; set; }
    [Parameter(Position = 0)] public object[]? Property { get; set; }
    [Parameter(ParameterSetName = "GenericMeasure")] public SwitchParameter StandardDeviation { get; set; }
    [Parameter(ParameterSetName = "GenericMeasure")] public SwitchParameter Sum { get; set; }
    [Parameter(ParameterSetName = "GenericMeasure")] public SwitchParameter AllStats { get; set; }
    [Parameter(ParameterSetName = "GenericMeasure")] public SwitchParameter Average { get; set; }
    [Parameter(ParameterSetName = "GenericMeasure")] public SwitchParameter Maximum { get; set; }
    [Parameter(ParameterSetName = "GenericMeasure")] public SwitchParameter Minimum { get; set; }
    [Parameter(ParameterSetName = "TextMeasure")] public SwitchParameter Line { get; set; }
    [Parameter(ParameterSetName = "TextMeasure")] public SwitchParameter Word { get; set; }
    [Parameter(ParameterSetName = "TextMeasure")] public SwitchParameter Character { get; set; }
    [Parameter(ParameterSetName = "TextMeasure")] public SwitchParameter IgnoreWhiteSpace { get; set; }

    private readonly List<PSObject> _items = new();

    protected override void ProcessRecord()
    {
        if (InputObject != null && InputObject != AutomationNull.Value) _items.Add(InputObject);
    }

    protected override void EndProcessing()
    {
        var specs = Property?.Select(PropertySpec.Parse).ToList() ?? new List<PropertySpec> { new() };
        foreach (var spec in specs)
        {
            var values = new List<object?>();
            foreach (var item in _items)
            {
                if (spec.Name == null) { values.Add(item.BaseObject); continue; }
                foreach (var (_, v) in spec.Evaluate(item)) if (v != null) values.Add(v is PSObject p ? p.BaseObject : v);
            }
            WriteObject(ParameterSetName == "TextMeasure" ? MeasureText(values, spec.Name) : MeasureGeneric(values, spec.Name));
        }
    }

    private PSObject MeasureGeneric(List<object?> values, string? property)
    {
        bool all = AllStats.IsPresent;
        var result = new PSObject();
        result.TypeNames.Insert(0, "Microsoft.PowerShell.Commands.GenericMeasureInfo");
        result.Properties.Add(new PSNoteProperty("Count", values.Count));
        var numbers = new List<double>();
        bool numeric = true;
        foreach (var v in values)
        {
            if (LanguagePrimitives.TryConvertTo(v, CultureInfo.InvariantCulture, out double d)) numbers.Add(d);
            else numeric = false;
        }
        object? Extreme(int sign)
        {
            if (values.Count == 0) return null;
            if (numeric) return sign > 0 ? numbers.Max() : numbers.Min();
            return values.Aggregate((a, b) => LanguagePrimitives.Compare(a, b, true) * sign >= 0 ? a : b);
        }
        double? avg = numbers.Count > 0 && numeric ? numbers.Average() : null;
        result.Properties.Add(new PSNoteProperty("Average", Average || all ? avg : null));
        result.Properties.Add(new PSNoteProperty("Sum", Sum || all ? (numeric ? numbers.Sum() : null) : null));
        result.Properties.Add(new PSNoteProperty("Maximum", Maximum || all ? Extreme(1) : null));
        result.Properties.Add(new PSNoteProperty("Minimum", Minimum || all ? Extreme(-1) : null));
        double? sd = numbers.Count > 1 && numeric ? Math.Sqrt(numbers.Sum(x => (x - avg!.Value) * (x - avg.Value)) / (numbers.Count - 1)) : null;
        result.Properties.Add(new PSNoteProperty("StandardDeviation", StandardDeviation || all ? sd : null));
        result.Properties.Add(new PSNoteProperty("Property", property));
        if (!numeric && (Sum || Average || all))
            WriteError(new ErrorRecord(new PSInvalidOperationException("Input object is not numeric."), "NonNumericInputObject",
                ErrorCategory.InvalidType, values.FirstOrDefault(v => !LanguagePrimitives.TryConvertTo(v, out double _))));
        return result;
    }

    private PSObject MeasureText(List<object?> values, string? property)
    {
        int lines = 0, words = 0, chars = 0;
        foreach (var v in values)
        {
            string s = v?.ToString() ?? "";
            lines += s.Split('\n').Count(l => l.Length > 0);
            words += s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
            chars += IgnoreWhiteSpace ? s.Count(c => !char.IsWhiteSpace(c)) : s.Length;
        }
        var result = new PSObject();
        result.TypeNames.Insert(0, "Microsoft.PowerShell.Commands.TextMeasureInfo");
        result.Properties.Add(new PSNoteProperty("Lines", Line ? lines : null));
        result.Properties.Add(new PSNoteProperty("Words", Word ? words : null));
        result.Properties.Add(new PSNoteProperty("Characters", Character ? chars : null));
        result.Properties.Add(new PSNoteProperty("Property", property));
        return result;
    }
}

#endregion

#region Objects and variables

[Cmdlet(VerbsCommon.New, "Object", DefaultParameterSetName = "Net")]
public sealed class NewObjectCommand : PSCmdlet
{
    [Parameter(ParameterSetName = "Net", Mandatory = true, Position = 0)] public string TypeName { get; set; } = "";
    [Parameter(ParameterSetName = "Net", Position = 1), Alias("Args")] public object[]? ArgumentList { get; set; }
    [Parameter] public IDictionary? Property { get; set; }

    protected override void EndProcessing()
    {
        if (!LanguagePrimitives.TryConvertTo(TypeName, out Type? type) || type == null)
        {
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException($"Cannot find type [{TypeName}]: verify that the assembly containing this type is loaded."),
                "TypeNotFound,Microsoft.PowerShell.Commands.NewObjectCommand", ErrorCategory.InvalidType, TypeName));
            return;
        }
        PSObject result;
        if (type == typeof(PSObject) || type == typeof(PSCustomObject)) result = new PSObject();
        else
        {
            // The engine's method binder picks the constructor and converts the arguments.
            var created = InvokeCommand.InvokeScript("param($t, $a) if ($null -eq $a) { ,$t::new() } else { ,$t::new.Invoke($a) }", type, ArgumentList);
            result = created.Count > 0 ? created[0] : new PSObject();
        }
        if (Property != null)
        {
            foreach (DictionaryEntry entry in Property)
            {
                string name = entry.Key.ToString()!;
                var prop = result.Properties[name];
                if (prop != null) prop.Value = entry.Value;
                else if (result.BaseObject is PSCustomObject) result.Properties.Add(new PSNoteProperty(name, entry.Value));
                else WriteError(new ErrorRecord(new PSArgumentException($"The member \"{name}\" was not found for the specified object."),
                    "InvalidOperation,Microsoft.PowerShell.Commands.NewObjectCommand", ErrorCategory.InvalidOperation, name));
            }
        }
        WriteObject(result);
    }
}

[Cmdlet(VerbsCommon.Add, "Member", DefaultParameterSetName = "TypeNameSet")]
public sealed class AddMemberCommand : PSCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)] public PSObject InputObject { get; set; } = new();

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "MemberSet"), Alias("Type")]
    public PSMemberTypes MemberType { get; set; }

    [Parameter(Mandatory = true, Position = 1, ParameterSetName = "MemberSet")] public string Name { get; set; } = "";
    [Parameter(Position = 2, ParameterSetName = "MemberSet")] public object? Value { get; set; }
    [Parameter(Position = 3, ParameterSetName = "MemberSet")] public object? SecondValue { get; set; }

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "NotePropertySingleMemberSet")]
    [ValidateNotNullOrEmpty, ValidateNotePropertyName]
    public string NotePropertyName { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1, ParameterSetName = "NotePropertySingleMemberSet")]
    [AllowNull]
    public object? NotePropertyValue { get; set; }

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "NotePropertyMultiMemberSet")]
    [ValidateNotNullOrEmpty]
    public IDictionary? NotePropertyMembers { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = "TypeNameSet")]
    [Parameter(ParameterSetName = "MemberSet")]
    [Parameter(ParameterSetName = "NotePropertySingleMemberSet")]
    [Parameter(ParameterSetName = "NotePropertyMultiMemberSet")]
    [ValidateNotNullOrEmpty]
    public string? TypeName { get; set; }

    [Parameter] public SwitchParameter Force { get; set; }
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case "MemberSet": Add(CreateMember()); break;
            case "NotePropertySingleMemberSet": Add(new PSNoteProperty(NotePropertyName, NotePropertyValue)); break;
            case "NotePropertyMultiMemberSet":
                foreach (DictionaryEntry e in NotePropertyMembers!) Add(new PSNoteProperty(e.Key.ToString()!, e.Value));
                break;
        }
        if (TypeName != null) InputObject.TypeNames.Insert(0, TypeName);
        if (PassThru) WriteObject(InputObject);
    }

    private PSMemberInfo? CreateMember()
    {
        static T? As<T>(object? o) where T : class => (o is PSObject p ? p.BaseObject : o) as T;
        return MemberType switch
        {
            PSMemberTypes.NoteProperty => new PSNoteProperty(Name, Value),
            PSMemberTypes.AliasProperty => new PSAliasProperty(Name, Value?.ToString() ?? "", As<Type>(SecondValue)),
            PSMemberTypes.ScriptProperty => new PSScriptProperty(Name, As<ScriptBlock>(Value), As<ScriptBlock>(SecondValue)),
            PSMemberTypes.ScriptMethod => new PSScriptMethod(Name, As<ScriptBlock>(Value) ?? ScriptBlock.Create("")),
            _ => null,
        };
    }

    private void Add(PSMemberInfo? member)
    {
        if (member == null)
        {
            WriteError(new ErrorRecord(new PSNotSupportedException($"Add-Member in this host cannot add members of type {MemberType}."),
                "CannotAddMemberType,Microsoft.PowerShell.Commands.AddMemberCommand", ErrorCategory.NotImplemented, MemberType));
            return;
        }
        if (InputObject.Members[member.Name] != null)
        {
            if (!Force)
            {
                WriteError(new ErrorRecord(new PSInvalidOperationException(
                        $"Cannot add a member with the name \"{member.Name}\" because a member with that name already exists. To overwrite the member anyway, add the Force parameter to your command."),
                    "MemberAlreadyExists,Microsoft.PowerShell.Commands.AddMemberCommand", ErrorCategory.InvalidOperation, InputObject));
                return;
            }
            InputObject.Members.Remove(member.Name);
        }
        InputObject.Members.Add(member);
    }
}

/// <summary>
/// As in pwsh: a member type name ("NoteProperty") is not accepted as a note property name, so
/// `Add-Member NoteProperty Name Value` binds to the MemberType/Name/Value parameter set.
/// </summary>
internal sealed class ValidateNotePropertyNameAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        if (arguments is string name && Enum.TryParse<PSMemberTypes>(name, true, out _))
        {
            var e = new ValidationMetadataException($"The NotePropertyName value '{name}' is a member type name.");
            Internals.SwallowDuringPositionalBinding(e); // lets the binder try the next parameter set
            throw e;
        }
    }
}

[Cmdlet(VerbsCommon.Get, "Variable")]
public sealed class GetVariableCommand : PSCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = { "*" };

    [Parameter] public SwitchParameter ValueOnly { get; set; }
    [Parameter] public string? Scope { get; set; }
    [Parameter] public string[]? Include { get; set; }
    [Parameter] public string[]? Exclude { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var name in Name)
        {
            IEnumerable<PSVariable> found;
            if (WildcardPattern.ContainsWildcardCharacters(name))
            {
                var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                found = Variables.All(this, Scope).Where(v => pattern.IsMatch(v.Name)).OrderBy(v => v.Name, StringComparer.OrdinalIgnoreCase);
            }
            else
            {
                var v = Scope == null ? SessionState.PSVariable.Get(name) : SessionState.PSVariable.Get(Scope + ":" + name);
                if (v == null)
                {
                    WriteError(Variables.NotFound(name));
                    continue;
                }
                found = new[] { v };
            }
            foreach (var v in found)
            {
                if (Include != null && !Include.Any(i => new WildcardPattern(i, WildcardOptions.IgnoreCase).IsMatch(v.Name))) continue;
                if (Exclude != null && Exclude.Any(i => new WildcardPattern(i, WildcardOptions.IgnoreCase).IsMatch(v.Name))) continue;
                WriteObject(ValueOnly ? v.Value : v);
            }
        }
    }
}

[Cmdlet(VerbsCommon.Set, "Variable")]
public sealed class SetVariableCommand : PSCmdlet
{
    [Parameter(Position = 0, Mandatory = true, ValueFromPipelineByPropertyName = true)] public string[] Name { get; set; } = Array.Empty<string>();
    [Parameter(Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)] public object? Value { get; set; }
    [Parameter] public string? Scope { get; set; }
    [Parameter] public ScopedItemOptions Option { get; set; }
    [Parameter] public string? Description { get; set; }
    [Parameter] public SwitchParameter Force { get; set; }
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var name in Name)
        {
            string qualified = Scope == null ? name : Scope + ":" + name;
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Option)) || Description != null)
                SessionState.PSVariable.Set(new PSVariable(name, Value, Option) { Description = Description ?? "" });
            else SessionState.PSVariable.Set(qualified, Value);
            if (PassThru) WriteObject(SessionState.PSVariable.Get(qualified));
        }
    }
}

[Cmdlet(VerbsCommon.New, "Variable")]
public sealed class NewVariableCommand : PSCmdlet
{
    [Parameter(Position = 0, Mandatory = true, ValueFromPipelineByPropertyName = true)] public string Name { get; set; } = "";
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)] public object? Value { get; set; }
    [Parameter] public string? Scope { get; set; }
    [Parameter] public ScopedItemOptions Option { get; set; }
    [Parameter] public string? Description { get; set; }
    [Parameter] public SwitchParameter Force { get; set; }
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (!Force && SessionState.PSVariable.Get((Scope ?? "local") + ":" + Name) != null)
        {
            WriteError(new ErrorRecord(new SessionStateException($"A variable with name '{Name}' already exists."),
                "VariableAlreadyExists,Microsoft.PowerShell.Commands.NewVariableCommand", ErrorCategory.ResourceExists, Name));
            return;
        }
        var variable = new PSVariable(Name, Value, Option) { Description = Description ?? "" };
        if (Scope == null) SessionState.PSVariable.Set(variable);
        else SessionState.PSVariable.Set(Scope + ":" + Name, Value);
        if (PassThru) WriteObject(variable);
    }
}

[Cmdlet(VerbsCommon.Remove, "Variable")]
public sealed class RemoveVariableCommand : PSCmdlet
{
    [Parameter(Position = 0, Mandatory = true, ValueFromPipelineByPropertyName = true)] public string[] Name { get; set; } = Array.Empty<string>();
    [Parameter] public string? Scope { get; set; }
    [Parameter] public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var name in Name)
        {
            var names = WildcardPattern.ContainsWildcardCharacters(name)
                ? Variables.All(this, Scope).Where(v => new WildcardPattern(name, WildcardOptions.IgnoreCase).IsMatch(v.Name)).Select(v => v.Name).ToList()
                : new List<string> { name };
            foreach (var n in names)
            {
                var v = Scope == null ? SessionState.PSVariable.Get(n) : SessionState.PSVariable.Get(Scope + ":" + n);
                if (v == null) { if (!WildcardPattern.ContainsWildcardCharacters(name)) WriteError(Variables.NotFound(n)); continue; }
                try { SessionState.PSVariable.Remove(Scope == null ? n : Scope + ":" + n); }
                catch (SessionStateException e) { WriteError(new ErrorRecord(e.ErrorRecord, e)); }
            }
        }
    }
}

[Cmdlet(VerbsCommon.Clear, "Variable")]
public sealed class ClearVariableCommand : PSCmdlet
{
    [Parameter(Position = 0, Mandatory = true, ValueFromPipelineByPropertyName = true)] public string[] Name { get; set; } = Array.Empty<string>();
    [Parameter] public string? Scope { get; set; }
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var name in Name)
        {
            string qualified = Scope == null ? name : Scope + ":" + name;
            if (SessionState.PSVariable.Get(qualified) == null) { WriteError(Variables.NotFound(name)); continue; }
            SessionState.PSVariable.Set(qualified, null);
            if (PassThru) WriteObject(SessionState.PSVariable.Get(qualified));
        }
    }
}

internal static class Variables
{
    /// <summary>Variables visible from the caller (optionally only those of one scope).</summary>
    public static IEnumerable<PSVariable> All(PSCmdlet cmdlet, string? scope)
    {
        var names = cmdlet.InvokeProvider.ChildItem.GetNames(new[] { "variable:" }, ReturnContainers.ReturnAllContainers, false, false, false);
        foreach (var name in names)
        {
            var v = scope == null ? cmdlet.SessionState.PSVariable.Get(name) : cmdlet.SessionState.PSVariable.Get(scope + ":" + name);
            if (v != null) yield return v;
        }
    }

    public static ErrorRecord NotFound(string name) => new(
        new ItemNotFoundException($"Cannot find a variable with the name '{name}'."),
        "VariableNotFound", ErrorCategory.ObjectNotFound, name);
}

[Cmdlet(VerbsLifecycle.Invoke, "Expression")]
public sealed class InvokeExpressionCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public string Command { get; set; } = "";

    // Runs dot-sourced in the caller's scope, like pwsh: variables it sets stay visible.
    protected override void ProcessRecord()
    {
        var script = InvokeCommand.NewScriptBlock(Command);
        foreach (var o in InvokeCommand.InvokeScript(SessionState, script)) WriteObject(o);
    }
}

#endregion

#region Misc

[Cmdlet(VerbsCommon.Get, "Date", DefaultParameterSetName = "net")]
[OutputType(typeof(DateTime), typeof(string))]
public sealed class GetDateCommand : PSCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("LastWriteTime")]
    public DateTime Date { get; set; }

    [Parameter] public long UnixTimeSeconds { get; set; }
    [Parameter, ValidateRange(1, 9999)] public int Year { get; set; }
    [Parameter, ValidateRange(1, 12)] public int Month { get; set; }
    [Parameter, ValidateRange(1, 31)] public int Day { get; set; }
    [Parameter, ValidateRange(0, 23)] public int Hour { get; set; }
    [Parameter, ValidateRange(0, 59)] public int Minute { get; set; }
    [Parameter, ValidateRange(0, 59)] public int Second { get; set; }
    [Parameter, ValidateRange(0, 999)] public int Millisecond { get; set; }
    [Parameter] public DisplayHintType DisplayHint { get; set; } = DisplayHintType.DateTime;
    [Parameter(ParameterSetName = "net")] public string? Format { get; set; }
    [Parameter(ParameterSetName = "UFormat", Mandatory = true)] public string UFormat { get; set; } = "";
    [Parameter] public SwitchParameter AsUTC { get; set; }

    public enum DisplayHintType { Date, Time, DateTime }

    protected override void ProcessRecord()
    {
        var bound = MyInvocation.BoundParameters;
        DateTime d = bound.ContainsKey(nameof(Date)) ? Date
            : bound.ContainsKey(nameof(UnixTimeSeconds)) ? DateTimeOffset.FromUnixTimeSeconds(UnixTimeSeconds).LocalDateTime
            : DateTime.Now;
        if (bound.ContainsKey(nameof(Year))) d = d.AddYears(Year - d.Year);
        if (bound.ContainsKey(nameof(Month))) d = d.AddMonths(Month - d.Month);
        if (bound.ContainsKey(nameof(Day))) d = d.AddDays(Day - d.Day);
        if (bound.ContainsKey(nameof(Hour))) d = d.AddHours(Hour - d.Hour);
        if (bound.ContainsKey(nameof(Minute))) d = d.AddMinutes(Minute - d.Minute);
        if (bound.ContainsKey(nameof(Second))) d = d.AddSeconds(Second - d.Second);
        if (bound.ContainsKey(nameof(Millisecond))) d = d.AddMilliseconds(Millisecond - d.Millisecond);
        if (AsUTC) d = d.ToUniversalTime();

        if (ParameterSetName == "UFormat") WriteObject(UFormatter.Format(d, UFormat));
        else if (Format != null) WriteObject(FormatNamed(d, Format));
        else
        {
            var pso = new PSObject(d);
            pso.Properties.Add(new PSNoteProperty("DisplayHint", DisplayHint));
            WriteObject(pso);
        }
    }

    private static string FormatNamed(DateTime d, string format) => format switch
    {
        "FileDate" => d.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
        "FileDateUniversal" => d.ToUniversalTime().ToString("yyyyMMddZ", CultureInfo.InvariantCulture),
        "FileDateTime" => d.ToString("yyyyMMddTHHmmssffff", CultureInfo.InvariantCulture),
        "FileDateTimeUniversal" => d.ToUniversalTime().ToString("yyyyMMddTHHmmssffffZ", CultureInfo.InvariantCulture),
        _ => d.ToString(format, CultureInfo.CurrentCulture),
    };
}

/// <summary>Unix date(1)-style -UFormat specifiers, as implemented by pwsh.</summary>
internal static class UFormatter
{
    public static string Format(DateTime d, string format)
    {
        var sb = new StringBuilder();
        var ci = CultureInfo.CurrentCulture;
        for (int i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i == format.Length - 1) { sb.Append(format[i]); continue; }
            char c = format[++i];
            sb.Append(c switch
            {
                'a' => d.ToString("ddd", ci), 'A' => d.ToString("dddd", ci), 'b' or 'h' => d.ToString("MMM", ci),
                'B' => d.ToString("MMMM", ci), 'c' => d.ToString("ddd MMM dd HH:mm:ss yyyy", ci), 'C' => (d.Year / 100).ToString("00"),
                'd' => d.ToString("dd"), 'D' => d.ToString("MM/dd/yy", CultureInfo.InvariantCulture), 'e' => d.Day.ToString().PadLeft(2),
                'F' => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), 'g' => (ISOWeek.GetYear(d) % 100).ToString("00"),
                'G' => ISOWeek.GetYear(d).ToString(), 'H' => d.ToString("HH"), 'I' => d.ToString("hh"),
                'j' => d.DayOfYear.ToString("000"), 'k' => d.Hour.ToString().PadLeft(2), 'l' => d.ToString("%h").PadLeft(2),
                'm' => d.ToString("MM"), 'M' => d.ToString("mm"), 'n' => "\n", 'p' => d.ToString("tt", ci),
                'r' => d.ToString("hh:mm:ss tt", ci), 'R' => d.ToString("HH:mm"), 's' => new DateTimeOffset(d).ToUnixTimeSeconds().ToString(),
                'S' => d.ToString("ss"), 't' => "\t", 'T' => d.ToString("HH:mm:ss"), 'u' => (((int)d.DayOfWeek + 6) % 7 + 1).ToString(),
                'U' => ci.Calendar.GetWeekOfYear(d, CalendarWeekRule.FirstFullWeek, DayOfWeek.Sunday).ToString("00"),
                'V' => ISOWeek.GetWeekOfYear(d).ToString("00"), 'w' => ((int)d.DayOfWeek).ToString(),
                'W' => ci.Calendar.GetWeekOfYear(d, CalendarWeekRule.FirstFullWeek, DayOfWeek.Monday).ToString("00"),
                'x' => d.ToString("MM/dd/yy", CultureInfo.InvariantCulture), 'X' => d.ToString("HH:mm:ss"),
                'y' => d.ToString("yy"), 'Y' => d.ToString("yyyy"), 'Z' => d.ToString("zz"), 'z' => d.ToString("zzz").Replace(":", ""),
                '%' => "%",
                _ => "%" + c,
            });
        }
        return sb.ToString();
    }
}

[Cmdlet(VerbsLifecycle.Start, "Sleep", DefaultParameterSetName = "Seconds")]
public sealed class StartSleepCommand : PSCmdlet, IDisposable
{
    [Parameter(Position = 0, Mandatory = true, ParameterSetName = "Seconds", ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0.0, (double)(int.MaxValue / 1000))]
    public double Seconds { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = "Milliseconds", ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, int.MaxValue), Alias("ms")]
    public int Milliseconds { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = "FromTimeSpan", ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ts")]
    public TimeSpan Duration { get; set; }

    private readonly ManualResetEventSlim _stopped = new();

    protected override void ProcessRecord()
    {
        double ms = ParameterSetName switch
        {
            "Seconds" => Seconds * 1000,
            "Milliseconds" => Milliseconds,
            _ => Duration.TotalMilliseconds,
        };
        _stopped.Wait(TimeSpan.FromMilliseconds(ms)); // returns early when the pipeline is stopped
    }

    protected override void StopProcessing() => _stopped.Set();
    public void Dispose() => _stopped.Dispose();
}

[Cmdlet(VerbsCommon.Get, "Random", DefaultParameterSetName = "RandomNumberParameterSet")]
public sealed class GetRandomCommand : PSCmdlet
{
    [Parameter] public int? SetSeed { get; set; }
    [Parameter(Position = 0, ParameterSetName = "RandomNumberParameterSet")] public object? Maximum { get; set; }
    [Parameter(ParameterSetName = "RandomNumberParameterSet")] public object? Minimum { get; set; }
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = "RandomListItemParameterSet")]
    [AllowNull]
    public object?[] InputObject { get; set; } = Array.Empty<object?>();
    [Parameter(ParameterSetName = "RandomListItemParameterSet")] public int Count { get; set; } = 1;
    [Parameter(ParameterSetName = "ShuffleParameterSet", Mandatory = true)] public SwitchParameter Shuffle { get; set; }

    private Random? _random;
    private readonly List<object?> _items = new();
    private Random Rng => _random ??= SetSeed.HasValue ? new Random(SetSeed.Value) : Random.Shared;

    protected override void ProcessRecord()
    {
        if (ParameterSetName != "RandomNumberParameterSet") _items.AddRange(InputObject);
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName != "RandomNumberParameterSet")
        {
            var shuffled = _items.OrderBy(_ => Rng.Next()).ToList();
            foreach (var o in Shuffle ? shuffled : shuffled.Take(Count)) WriteObject(o);
            return;
        }
        object? min = Minimum is PSObject pmin ? pmin.BaseObject : Minimum, max = Maximum is PSObject pmax ? pmax.BaseObject : Maximum;
        if (min is double or float or decimal || max is double or float or decimal)
        {
            double lo = min == null ? 0 : Convert.ToDouble(min, CultureInfo.InvariantCulture);
            double hi = max == null ? double.MaxValue : Convert.ToDouble(max, CultureInfo.InvariantCulture);
            WriteObject(lo + Rng.NextDouble() * (hi - lo));
            return;
        }
        long l = min == null ? 0 : Convert.ToInt64(min, CultureInfo.InvariantCulture);
        long h = max == null ? int.MaxValue : Convert.ToInt64(max, CultureInfo.InvariantCulture);
        if (h <= l)
        {
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException($"The Minimum value ({l}) cannot be greater than or equal to the Maximum value ({h})."),
                "MinGreaterThanOrEqualMax,Microsoft.PowerShell.Commands.GetRandomCommand", ErrorCategory.InvalidArgument, null));
        }
        long r = Rng.NextInt64(l, h);
        WriteObject(l >= int.MinValue && h <= int.MaxValue ? (object)(int)r : r);
    }
}

[Cmdlet(VerbsCommon.New, "Guid")]
[OutputType(typeof(Guid))]
public sealed class NewGuidCommand : PSCmdlet
{
    [Parameter] public SwitchParameter Empty { get; set; }
    protected override void EndProcessing() => WriteObject(Empty ? Guid.Empty : Guid.NewGuid());
}

[Cmdlet(VerbsCommon.Get, "Host")]
public sealed class GetHostCommand : PSCmdlet
{
    protected override void BeginProcessing() => WriteObject(Host);
}

[Cmdlet(VerbsCommunications.Read, "Host")]
public sealed class ReadHostCommand : PSCmdlet
{
    [Parameter(Position = 0, ValueFromRemainingArguments = true), AllowNull] public object? Prompt { get; set; }
    [Parameter] public SwitchParameter AsSecureString { get; set; }

    protected override void BeginProcessing()
    {
        if (Prompt != null) Host.UI.Write(Prompt + ": ");
        WriteObject(AsSecureString ? Host.UI.ReadLineAsSecureString() : Host.UI.ReadLine());
    }
}

/// <summary>The -Encoding argument of the content cmdlets: a name, a code page or an Encoding.</summary>
internal static class EncodingArgument
{
    public static Encoding Resolve(object? value)
    {
        if (value is PSObject p) value = p.BaseObject;
        return value switch
        {
            null => new UTF8Encoding(false),
            Encoding e => e,
            int cp => Encoding.GetEncoding(cp),
            string s => s.ToLowerInvariant() switch
            {
                "utf8" or "utf8nobom" or "default" => new UTF8Encoding(false),
                "utf8bom" => new UTF8Encoding(true),
                "ascii" => Encoding.ASCII,
                "unicode" => Encoding.Unicode,
                "bigendianunicode" => Encoding.BigEndianUnicode,
                "utf32" => Encoding.UTF32,
                "bigendianutf32" => new UTF32Encoding(true, true),
                "latin1" => Encoding.Latin1,
                "oem" => new UTF8Encoding(false),
                _ => int.TryParse(s, out var n) ? Encoding.GetEncoding(n) : Encoding.GetEncoding(s),
            },
            _ => throw new PSArgumentException($"Cannot use '{value}' as an encoding."),
        };
    }
}

#endregion
