// COMPATIBILITY LAYER for machines without the full PowerShell distribution.
// The commonly used part of the Microsoft.PowerShell.Management module (location, items,
// content, paths, processes), whose real implementation is not on our package mirror. Item
// cmdlets go through the engine's provider API, so they work on every drive the engine has
// (FileSystem, Env:, Variable:, Function:, Alias:), with its wildcard and error semantics.
// Errors are non-terminating per path, as in pwsh. Exposed as module
// "Microsoft.PowerShell.Management" by Modules/Microsoft.PowerShell.Management/*.psd1.
using System.Collections;
using System.Diagnostics;
using System.Management.Automation;
using System.Text;
using Microsoft.PowerShell.Commands;

namespace VoiceOps.PwshHost.Compat;

/// <summary>Shared -Path / -LiteralPath handling and error reporting.</summary>
public abstract class ItemCmdletBase : PSCmdlet
{
    protected abstract string[]? Paths { get; }
    protected bool IsLiteral => ParameterSetName.StartsWith("Literal", StringComparison.Ordinal);

    /// <summary>Runs one provider operation per path; failures become non-terminating errors.</summary>
    protected void ForEachPath(Action<string> action, string errorId, ErrorCategory category)
    {
        foreach (var path in Paths ?? Array.Empty<string>())
        {
            try { action(path); }
            catch (Exception e) when (e is not PipelineStoppedException and not ActionPreferenceStopException)
            {
                WriteError(ToErrorRecord(e, errorId, category, path));
            }
        }
    }

    protected static ErrorRecord ToErrorRecord(Exception e, string errorId, ErrorCategory category, object? target)
    {
        if (e is System.Reflection.TargetInvocationException { InnerException: { } inner }) e = inner;
        if (e is IContainsErrorRecord icer && icer.ErrorRecord != null) return new ErrorRecord(icer.ErrorRecord, e);
        return new ErrorRecord(e, errorId, category, target);
    }

    protected string Escape(string path) => IsLiteral ? WildcardPattern.Escape(path) : path;
}

#region Location

[Cmdlet(VerbsCommon.Get, "Location")]
[OutputType(typeof(PathInfo))]
public sealed class GetLocationCommand : PSCmdlet
{
    [Parameter] public SwitchParameter Stack { get; set; }
    [Parameter] public string[]? StackName { get; set; }

    protected override void BeginProcessing()
    {
        if (Stack || StackName != null)
        {
            foreach (var name in StackName ?? new[] { "" })
                WriteObject(SessionState.Path.LocationStack(name.Length == 0 ? null : name));
        }
        else WriteObject(SessionState.Path.CurrentLocation);
    }
}

[Cmdlet(VerbsCommon.Set, "Location", DefaultParameterSetName = "Path")]
public sealed class SetLocationCommand : PSCmdlet
{
    [Parameter(Position = 0, ParameterSetName = "Path", ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string? Path { get; set; }

    [Parameter(ParameterSetName = "LiteralPath", Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    public string? LiteralPath { get; set; }

    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        // pwsh 7: no argument means the home directory.
        string target = LiteralPath != null ? WildcardPattern.Escape(LiteralPath) : Path ?? "~";
        try
        {
            var info = SessionState.Path.SetLocation(target);
            if (PassThru) WriteObject(info);
        }
        catch (Exception e) when (e is IContainsErrorRecord)
        {
            WriteError(new ErrorRecord(((IContainsErrorRecord)e).ErrorRecord, e));
        }
    }
}

[Cmdlet(VerbsCommon.Push, "Location")]
public sealed class PushLocationCommand : PSCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)] public string? Path { get; set; }
    [Parameter(ValueFromPipelineByPropertyName = true)] public string? StackName { get; set; }
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        SessionState.Path.PushCurrentLocation(StackName ?? "");
        if (Path == null) return;
        try
        {
            var info = SessionState.Path.SetLocation(Path);
            if (PassThru) WriteObject(info);
        }
        catch (Exception e) when (e is IContainsErrorRecord icer)
        {
            SessionState.Path.PopLocation(StackName ?? "");
            WriteError(new ErrorRecord(icer.ErrorRecord, e));
        }
    }
}

[Cmdlet(VerbsCommon.Pop, "Location")]
public sealed class PopLocationCommand : PSCmdlet
{
    [Parameter(ValueFromPipelineByPropertyName = true)] public string? StackName { get; set; }
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            var info = SessionState.Path.PopLocation(StackName ?? "");
            if (PassThru && info != null) WriteObject(info);
        }
        catch (Exception e) when (e is IContainsErrorRecord icer)
        {
            WriteError(new ErrorRecord(icer.ErrorRecord, e));
        }
    }
}

#endregion

#region Items

[Cmdlet(VerbsDiagnostic.Test, "Path", DefaultParameterSetName = "Path")]
[OutputType(typeof(bool))]
public sealed class TestPathCommand : ItemCmdletBase
{
    [Parameter(Position = 0, ParameterSetName = "Path", Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [AllowNull, AllowEmptyCollection, AllowEmptyString]
    public string?[]? Path { get; set; }

    [Parameter(ParameterSetName = "LiteralPath", Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [AllowNull, AllowEmptyCollection, AllowEmptyString]
    public string?[]? LiteralPath { get; set; }

    [Parameter, Alias("Type")] public TestPathType PathType { get; set; } = TestPathType.Any;
    [Parameter] public SwitchParameter IsValid { get; set; }

    protected override string[]? Paths => (LiteralPath ?? Path)?.Select(p => p ?? "").ToArray();

    protected override void ProcessRecord()
    {
        var paths = Paths;
        if (paths == null || paths.Length == 0)
        {
            WriteError(new ErrorRecord(new ArgumentNullException("Path", "The provided Path argument was null or an empty collection."),
                "NullPathNotPermitted,Microsoft.PowerShell.Commands.TestPathCommand", ErrorCategory.InvalidArgument, null));
            return;
        }
        foreach (var path in paths)
        {
            if (string.IsNullOrWhiteSpace(path)) { WriteObject(false); continue; }
            bool result;
            try
            {
                if (IsValid) result = SessionState.Path.IsValid(path);
                else
                {
                    result = InvokeProvider.Item.Exists(path, false, IsLiteral);
                    if (result && PathType != TestPathType.Any)
                        result = InvokeProvider.Item.IsContainer(Escape(path)) == (PathType == TestPathType.Container);
                }
            }
            catch (Exception e) when (e is not PipelineStoppedException) { result = false; }
            WriteObject(result);
        }
    }
}

[Cmdlet(VerbsCommon.Get, "Item", DefaultParameterSetName = "Path")]
public sealed class GetItemCommand : ItemCmdletBase
{
    [Parameter(Position = 0, ParameterSetName = "Path", Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string[]? Path { get; set; }

    [Parameter(ParameterSetName = "LiteralPath", Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    public string[]? LiteralPath { get; set; }

    [Parameter] public SwitchParameter Force { get; set; }

    protected override string[]? Paths => LiteralPath ?? Path;

    protected override void ProcessRecord() => ForEachPath(
        p => WriteObject(InvokeProvider.Item.Get(new[] { p }, Force, IsLiteral), true),
        "GetItem", ErrorCategory.ObjectNotFound);
}

[Cmdlet(VerbsCommon.Get, "ChildItem", DefaultParameterSetName = "Items")]
public sealed class GetChildItemCommand : ItemCmdletBase
{
    [Parameter(Position = 0, ParameterSetName = "Items", ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string[]? Path { get; set; }

    [Parameter(ParameterSetName = "LiteralItems", Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    public string[]? LiteralPath { get; set; }

    [Parameter(Position = 1)] public string? Filter { get; set; }
    [Parameter] public string[]? Include { get; set; }
    [Parameter] public string[]? Exclude { get; set; }
    [Parameter, Alias("s", "r")] public SwitchParameter Recurse { get; set; }
    [Parameter] public SwitchParameter Force { get; set; }
    [Parameter] public SwitchParameter Name { get; set; }
    [Parameter, Alias("ad")] public SwitchParameter Directory { get; set; }
    [Parameter, Alias("af")] public SwitchParameter File { get; set; }

    protected override string[]? Paths => LiteralPath ?? Path ?? new[] { "." };

    protected override void ProcessRecord() => ForEachPath(path =>
    {
        var filter = Filter == null ? null : new WildcardPattern(Filter, WildcardOptions.IgnoreCase);
        var include = Include?.Select(i => new WildcardPattern(i, WildcardOptions.IgnoreCase)).ToArray();
        var exclude = Exclude?.Select(i => new WildcardPattern(i, WildcardOptions.IgnoreCase)).ToArray();
        string? basePath = null;
        if (Name)
        {
            try { basePath = GetResolvedProviderPathFromPSPath(Escape(path), out _).FirstOrDefault(); }
            catch (Exception) { /* reported by Get below */ }
        }
        foreach (var item in InvokeProvider.ChildItem.Get(new[] { path }, Recurse, Force, IsLiteral))
        {
            string childName = item.Properties["PSChildName"]?.Value?.ToString() ?? item.ToString();
            bool isContainer = item.Properties["PSIsContainer"]?.Value is true;
            if (filter != null && !filter.IsMatch(childName)) continue;
            if (include != null && !include.Any(w => w.IsMatch(childName))) continue;
            if (exclude != null && exclude.Any(w => w.IsMatch(childName))) continue;
            if (Directory && !isContainer || File && isContainer) continue;
            if (!Name) { WriteObject(item); continue; }
            // -Name -Recurse gives paths relative to the starting directory, as in pwsh.
            string? full = (item.BaseObject as FileSystemInfo)?.FullName;
            WriteObject(basePath != null && full != null ? System.IO.Path.GetRelativePath(basePath, full) : childName);
        }
    }, "DirIOError", ErrorCategory.ReadError);
}

[Cmdlet(VerbsCommon.New, "Item", DefaultParameterSetName = "pathSet")]
public sealed class NewItemCommand : ItemCmdletBase
{
    [Parameter(Position = 0, ParameterSetName = "pathSet", Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Parameter(Position = 0, ParameterSetName = "nameSet", ValueFromPipelineByPropertyName = true)]
    public string[]? Path { get; set; }

    [Parameter(ParameterSetName = "nameSet", Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [AllowNull, AllowEmptyString]
    public string? Name { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true), Alias("Type")] public string? ItemType { get; set; }
    [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true), Alias("Target")] public object? Value { get; set; }
    [Parameter] public SwitchParameter Force { get; set; }

    protected override string[]? Paths => Path ?? new[] { SessionState.Path.CurrentLocation.Path };

    protected override void ProcessRecord()
    {
        object? value = Value is PSObject p ? p.BaseObject : Value;
        ForEachPath(path => WriteObject(InvokeProvider.Item.New(new[] { path }, Name, ItemType, value, Force), true),
            "NewItemIOError", ErrorCategory.WriteError);
    }
}

[Cmdlet(VerbsCommon.Remove, "Item", DefaultParameterSetName = "Path", SupportsShouldProcess = true)]
public sealed class RemoveItemCommand : ItemCmdletBase
{
    [Parameter(Position = 0, ParameterSetName = "Path", Mandatory = true, ValueFromPipelineByPropertyName = true)]
    public string[]? Path { get; set; }

    [Parameter(ParameterSetName = "LiteralPath", Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    public string[]? LiteralPath { get; set; }

    [Parameter] public SwitchParameter Recurse { get; set; }
    [Parameter] public SwitchParameter Force { get; set; }

    protected override string[]? Paths => LiteralPath ?? Path;

    protected override void ProcessRecord() => ForEachPath(path =>
    {
        if (!ShouldProcess(path, "Remove Item")) return;
        // A wildcard that matches nothing is not an error; a literal missing path is.
        if (!IsLiteral && WildcardPattern.ContainsWildcardCharacters(path) && !InvokeProvider.Item.Exists(path, Force, false)) return;
        InvokeProvider.Item.Remove(new[] { path }, Recurse, Force, IsLiteral);
    }, "RemoveItemIOError", ErrorCategory.WriteError);
}

[Cmdlet(VerbsCommon.Copy, "Item", DefaultParameterSetName = "Path")]
public sealed class CopyItemCommand : ItemCmdletBase
{
    [Parameter(Position = 0, ParameterSetName = "Path", Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string[]? Path { get; set; }

    [Parameter(ParameterSetName = "LiteralPath", Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    public string[]? LiteralPath { get; set; }

    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)] public string? Destination { get; set; }
    [Parameter] public SwitchParameter Container { get; set; } = true;
    [Parameter] public SwitchParameter Recurse { get; set; }
    [Parameter] public SwitchParameter Force { get; set; }
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override string[]? Paths => LiteralPath ?? Path;

    protected override void ProcessRecord() => ForEachPath(path =>
    {
        var copied = InvokeProvider.Item.Copy(new[] { path }, Destination ?? ".", Recurse,
            Container ? CopyContainers.CopyTargetContainer : CopyContainers.CopyChildrenOfTargetContainer, Force, IsLiteral);
        if (PassThru) WriteObject(copied, true);
    }, "CopyItemIOError", ErrorCategory.WriteError);
}

[Cmdlet(VerbsCommon.Move, "Item", DefaultParameterSetName = "Path")]
public sealed class MoveItemCommand : ItemCmdletBase
{
    [Parameter(Position = 0, ParameterSetName = "Path", Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string[]? Path { get; set; }

    [Parameter(ParameterSetName = "LiteralPath", Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    public string[]? LiteralPath { get; set; }

    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)] public string? Destination { get; set; }
    [Parameter] public SwitchParameter Force { get; set; }
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override string[]? Paths => LiteralPath ?? Path;

    protected override void ProcessRecord() => ForEachPath(path =>
    {
        var moved = InvokeProvider.Item.Move(new[] { path }, Destination ?? ".", Force, IsLiteral);
        if (PassThru) WriteObject(moved, true);
    }, "MoveItemIOError", ErrorCategory.WriteError);
}

[Cmdlet(VerbsCommon.Rename, "Item", DefaultParameterSetName = "ByPath")]
public sealed class RenameItemCommand : ItemCmdletBase
{
    [Parameter(Position = 0, ParameterSetName = "ByPath", Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string? Path { get; set; }

    [Parameter(ParameterSetName = "ByLiteralPath", Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    public string? LiteralPath { get; set; }

    [Parameter(Position = 1, Mandatory = true, ValueFromPipelineByPropertyName = true)] public string NewName { get; set; } = "";
    [Parameter] public SwitchParameter Force { get; set; }
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override string[]? Paths => new[] { LiteralPath ?? Path ?? "" };

    protected override void ProcessRecord() => ForEachPath(path =>
    {
        var renamed = InvokeProvider.Item.Rename(LiteralPath != null ? WildcardPattern.Escape(path) : path, NewName, Force);
        if (PassThru) WriteObject(renamed, true);
    }, "RenameItemIOError", ErrorCategory.WriteError);
}

#endregion

#region Content

[Cmdlet(VerbsCommon.Get, "Content", DefaultParameterSetName = "Path")]
public sealed class GetContentCommand : ItemCmdletBase
{
    [Parameter(Position = 0, ParameterSetName = "Path", Mandatory = true, ValueFromPipelineByPropertyName = true)]
    public string[]? Path { get; set; }

    [Parameter(ParameterSetName = "LiteralPath", Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    public string[]? LiteralPath { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)] public long ReadCount { get; set; } = 1;
    [Parameter(ValueFromPipelineByPropertyName = true), Alias("First", "Head")] public long TotalCount { get; set; } = -1;
    [Parameter(ValueFromPipelineByPropertyName = true), Alias("Last")] public int Tail { get; set; } = -1;
    [Parameter] public SwitchParameter Raw { get; set; }
    [Parameter] public object? Encoding { get; set; }
    [Parameter] public SwitchParameter Force { get; set; }

    protected override string[]? Paths => LiteralPath ?? Path;

    protected override void ProcessRecord() => ForEachPath(path =>
    {
        foreach (var file in GetResolvedProviderPathFromPSPath(Escape(path), out var provider))
        {
            if (provider.Name != "FileSystem") { ReadViaProvider(file, provider); continue; }
            if (System.IO.Directory.Exists(file))
            {
                WriteError(new ErrorRecord(new UnauthorizedAccessException($"Unable to get content because it is a directory: '{file}'. Please use 'Get-ChildItem' instead."),
                    "GetContentReaderUnauthorizedAccessError,Microsoft.PowerShell.Commands.GetContentCommand", ErrorCategory.PermissionDenied, file));
                continue;
            }
            var encoding = EncodingArgument.Resolve(Encoding);
            if (Raw) { WriteObject(File.ReadAllText(file, encoding)); continue; }
            Emit(ReadLines(file, encoding));
        }
    }, "GetContentReaderError", ErrorCategory.ReadError);

    private static IEnumerable<string> ReadLines(string file, Encoding encoding)
    {
        using var reader = new StreamReader(file, encoding, detectEncodingFromByteOrderMarks: true);
        for (string? line = reader.ReadLine(); line != null; line = reader.ReadLine()) yield return line;
    }

    // Env:, Variable:, Function: ... content comes from the provider's reader.
    private void ReadViaProvider(string providerPath, ProviderInfo provider)
    {
        var items = new List<object?>();
        foreach (var reader in InvokeProvider.Content.GetReader(provider.Name + "::" + providerPath))
        {
            try
            {
                for (IList block = reader.Read(0); block.Count > 0; block = reader.Read(0)) items.AddRange(block.Cast<object?>());
            }
            finally { reader.Close(); }
        }
        if (Raw) WriteObject(string.Join("\n", items));
        else Emit(items);
    }

    private void Emit<T>(IEnumerable<T> lines)
    {
        IEnumerable<T> selected = lines;
        if (TotalCount >= 0) selected = selected.Take((int)Math.Min(TotalCount, int.MaxValue));
        if (Tail >= 0) selected = selected.TakeLast(Tail);
        if (ReadCount == 1) { foreach (var line in selected) WriteObject(line); return; }
        if (ReadCount <= 0) { WriteObject(selected.Cast<object?>().ToArray(), false); return; }
        foreach (var chunk in selected.Chunk((int)ReadCount)) WriteObject(chunk.Cast<object?>().ToArray(), false);
    }
}

/// <summary>Set-Content and Add-Content: one line per value, UTF-8 without BOM by default.</summary>
public abstract class WriteContentCommandBase : ItemCmdletBase
{
    [Parameter(Position = 0, ParameterSetName = "Path", Mandatory = true, ValueFromPipelineByPropertyName = true)]
    public string[]? Path { get; set; }

    [Parameter(ParameterSetName = "LiteralPath", Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    public string[]? LiteralPath { get; set; }

    [Parameter(Position = 1, Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [AllowNull, AllowEmptyCollection]
    public object?[]? Value { get; set; }

    [Parameter] public SwitchParameter NoNewline { get; set; }
    [Parameter] public object? Encoding { get; set; }
    [Parameter] public SwitchParameter Force { get; set; }
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override string[]? Paths => LiteralPath ?? Path;
    protected abstract bool Append { get; }

    private readonly List<object?> _values = new();

    protected override void ProcessRecord()
    {
        if (Value != null) _values.AddRange(Value);
    }

    protected override void EndProcessing()
    {
        var sb = new StringBuilder();
        foreach (var v in _values)
        {
            if (v != null) sb.Append(PSObject.AsPSObject(v).ToString());
            if (!NoNewline) sb.Append('\n');
        }
        string text = sb.ToString();
        var encoding = EncodingArgument.Resolve(Encoding);
        ForEachPath(path =>
        {
            var targets = !IsLiteral && WildcardPattern.ContainsWildcardCharacters(path)
                ? GetResolvedProviderPathFromPSPath(path, out _).ToList()
                : new List<string> { SessionState.Path.GetUnresolvedProviderPathFromPSPath(Escape(path), out var provider, out _) };
            foreach (var file in targets)
            {
                if (Append) File.AppendAllText(file, text, encoding);
                else File.WriteAllText(file, text, encoding);
            }
            if (PassThru) foreach (var v in _values) WriteObject(v);
        }, Append ? "AddContentWriterError" : "SetContentWriterError", ErrorCategory.WriteError);
    }
}

[Cmdlet(VerbsCommon.Set, "Content", DefaultParameterSetName = "Path")]
public sealed class SetContentCommand : WriteContentCommandBase
{
    protected override bool Append => false;
}

[Cmdlet(VerbsCommon.Add, "Content", DefaultParameterSetName = "Path")]
public sealed class AddContentCommand : WriteContentCommandBase
{
    protected override bool Append => true;
}

[Cmdlet(VerbsCommon.Clear, "Content", DefaultParameterSetName = "Path")]
public sealed class ClearContentCommand : ItemCmdletBase
{
    [Parameter(Position = 0, ParameterSetName = "Path", Mandatory = true, ValueFromPipelineByPropertyName = true)]
    public string[]? Path { get; set; }

    [Parameter(ParameterSetName = "LiteralPath", Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    public string[]? LiteralPath { get; set; }

    protected override string[]? Paths => LiteralPath ?? Path;

    protected override void ProcessRecord() => ForEachPath(p => InvokeProvider.Content.Clear(Escape(p)),
        "ClearContentError", ErrorCategory.WriteError);
}

#endregion

#region Paths

[Cmdlet(VerbsCommon.Join, "Path")]
[OutputType(typeof(string))]
public sealed class JoinPathCommand : PSCmdlet
{
    [Parameter(Position = 0, Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath")]
    public string[] Path { get; set; } = Array.Empty<string>();

    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [AllowNull, AllowEmptyString]
    public string? ChildPath { get; set; }

    [Parameter(Position = 2, ValueFromRemainingArguments = true, ValueFromPipelineByPropertyName = true)]
    [AllowNull, AllowEmptyString, AllowEmptyCollection]
    public string[]? AdditionalChildPath { get; set; }

    [Parameter] public SwitchParameter Resolve { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var parent in Path)
        {
            string joined = SessionState.Path.Combine(parent, ChildPath ?? "");
            foreach (var extra in AdditionalChildPath ?? Array.Empty<string>()) joined = SessionState.Path.Combine(joined, extra ?? "");
            if (!Resolve) { WriteObject(joined); continue; }
            try
            {
                foreach (var resolved in SessionState.Path.GetResolvedPSPathFromPSPath(joined)) WriteObject(resolved.Path);
            }
            catch (Exception e) when (e is IContainsErrorRecord icer)
            {
                WriteError(new ErrorRecord(icer.ErrorRecord, e));
            }
        }
    }
}

[Cmdlet(VerbsCommon.Split, "Path", DefaultParameterSetName = "ParentSet")]
public sealed class SplitPathCommand : PSCmdlet
{
    [Parameter(Position = 0, Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "ParentSet")]
    [Parameter(Position = 0, Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "LeafSet")]
    [Parameter(Position = 0, Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "LeafBaseSet")]
    [Parameter(Position = 0, Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "ExtensionSet")]
    [Parameter(Position = 0, Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "QualifierSet")]
    [Parameter(Position = 0, Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "NoQualifierSet")]
    [Parameter(Position = 0, Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "IsAbsoluteSet")]
    public string[] Path { get; set; } = Array.Empty<string>();

    [Parameter(ParameterSetName = "ParentSet")] public SwitchParameter Parent { get; set; }
    [Parameter(ParameterSetName = "LeafSet", Mandatory = true)] public SwitchParameter Leaf { get; set; }
    [Parameter(ParameterSetName = "LeafBaseSet", Mandatory = true)] public SwitchParameter LeafBase { get; set; }
    [Parameter(ParameterSetName = "ExtensionSet", Mandatory = true)] public SwitchParameter Extension { get; set; }
    [Parameter(ParameterSetName = "QualifierSet", Mandatory = true)] public SwitchParameter Qualifier { get; set; }
    [Parameter(ParameterSetName = "NoQualifierSet", Mandatory = true)] public SwitchParameter NoQualifier { get; set; }
    [Parameter(ParameterSetName = "IsAbsoluteSet", Mandatory = true)] public SwitchParameter IsAbsolute { get; set; }
    [Parameter] public SwitchParameter Resolve { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var input in Path)
        {
            IEnumerable<string> paths = new[] { input };
            if (Resolve)
            {
                try { paths = SessionState.Path.GetResolvedPSPathFromPSPath(input).Select(p => p.Path).ToList(); }
                catch (Exception e) when (e is IContainsErrorRecord icer) { WriteError(new ErrorRecord(icer.ErrorRecord, e)); continue; }
            }
            foreach (var path in paths) Split(path);
        }
    }

    private void Split(string path)
    {
        int colon = path.IndexOf(':');
        bool hasQualifier = colon > 0 && path.IndexOfAny(new[] { '/', '\\' }) is var slash && (slash < 0 || colon < slash);
        switch (ParameterSetName)
        {
            case "IsAbsoluteSet":
                WriteObject(SessionState.Path.IsPSAbsolute(path, out _));
                break;
            case "QualifierSet":
                if (hasQualifier) WriteObject(path[..(colon + 1)]);
                else WriteError(new ErrorRecord(new PSArgumentException($"Cannot parse path because path '{path}' does not have a qualifier specified."),
                    "ParsePathFormatError,Microsoft.PowerShell.Commands.SplitPathCommand", ErrorCategory.InvalidArgument, path));
                break;
            case "NoQualifierSet":
                WriteObject(hasQualifier ? path[(colon + 1)..] : path);
                break;
            case "LeafSet":
            case "LeafBaseSet":
            case "ExtensionSet":
                string leaf = LeafOf(path);
                WriteObject(ParameterSetName == "LeafSet" ? leaf
                    : ParameterSetName == "LeafBaseSet" ? System.IO.Path.GetFileNameWithoutExtension(leaf)
                    : System.IO.Path.GetExtension(leaf));
                break;
            default:
                WriteObject(ParentOf(path));
                break;
        }
    }

    private static string LeafOf(string path)
    {
        string trimmed = path.Length > 1 ? path.TrimEnd('/', '\\') : path;
        int i = trimmed.LastIndexOfAny(new[] { '/', '\\' });
        if (i < 0) { int c = trimmed.IndexOf(':'); return c >= 0 ? trimmed[(c + 1)..] : trimmed; }
        return trimmed[(i + 1)..];
    }

    private static string ParentOf(string path)
    {
        string trimmed = path.Length > 1 ? path.TrimEnd('/', '\\') : path;
        int i = trimmed.LastIndexOfAny(new[] { '/', '\\' });
        if (i < 0) { int c = trimmed.IndexOf(':'); return c >= 0 ? trimmed[..(c + 1)] : ""; }
        if (i == 0) return trimmed.Length > 1 ? trimmed[..1] : "";
        return trimmed[..i];
    }
}

[Cmdlet(VerbsDiagnostic.Resolve, "Path", DefaultParameterSetName = "Path")]
public sealed class ResolvePathCommand : ItemCmdletBase
{
    [Parameter(Position = 0, ParameterSetName = "Path", Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string[]? Path { get; set; }

    [Parameter(ParameterSetName = "LiteralPath", Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    public string[]? LiteralPath { get; set; }

    [Parameter] public SwitchParameter Relative { get; set; }

    protected override string[]? Paths => LiteralPath ?? Path;

    protected override void ProcessRecord() => ForEachPath(path =>
    {
        foreach (var resolved in SessionState.Path.GetResolvedPSPathFromPSPath(Escape(path)))
        {
            if (!Relative) { WriteObject(resolved); continue; }
            string rel = System.IO.Path.GetRelativePath(SessionState.Path.CurrentFileSystemLocation.ProviderPath, resolved.ProviderPath);
            WriteObject(rel.StartsWith("..", StringComparison.Ordinal) ? rel : "./" + rel);
        }
    }, "PathNotFound", ErrorCategory.ObjectNotFound);
}

[Cmdlet(VerbsData.Convert, "Path", DefaultParameterSetName = "Path")]
public sealed class ConvertPathCommand : ItemCmdletBase
{
    [Parameter(Position = 0, ParameterSetName = "Path", Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string[]? Path { get; set; }

    [Parameter(ParameterSetName = "LiteralPath", Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    public string[]? LiteralPath { get; set; }

    protected override string[]? Paths => LiteralPath ?? Path;

    protected override void ProcessRecord() => ForEachPath(
        path => WriteObject(GetResolvedProviderPathFromPSPath(Escape(path), out _), true),
        "PathNotFound", ErrorCategory.ObjectNotFound);
}

#endregion

#region Processes

[Cmdlet(VerbsCommon.Get, "Process", DefaultParameterSetName = "Name")]
[OutputType(typeof(Process))]
public sealed class GetProcessCommand : PSCmdlet
{
    [Parameter(Position = 0, ParameterSetName = "Name", ValueFromPipelineByPropertyName = true)]
    [Alias("ProcessName")]
    public string[]? Name { get; set; }

    [Parameter(ParameterSetName = "Id", Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PID")]
    public int[]? Id { get; set; }

    protected override void ProcessRecord()
    {
        if (Id != null)
        {
            foreach (var id in Id)
            {
                try { WriteObject(Process.GetProcessById(id)); }
                catch (ArgumentException)
                {
                    WriteError(new ErrorRecord(new ArgumentException($"Cannot find a process with the process identifier {id}."),
                        "NoProcessFoundForGivenId,Microsoft.PowerShell.Commands.GetProcessCommand", ErrorCategory.ObjectNotFound, id));
                }
            }
            return;
        }
        var all = Process.GetProcesses().OrderBy(p => p.ProcessName, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Id).ToList();
        if (Name == null) { WriteObject(all, true); return; }
        foreach (var name in Name)
        {
            var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
            var matches = all.Where(p => pattern.IsMatch(p.ProcessName)).ToList();
            if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                WriteError(new ErrorRecord(new ArgumentException($"Cannot find a process with the name \"{name}\". Verify the process name and call the cmdlet again."),
                    "NoProcessFoundForGivenName,Microsoft.PowerShell.Commands.GetProcessCommand", ErrorCategory.ObjectNotFound, name));
            WriteObject(matches, true);
        }
    }
}

[Cmdlet(VerbsLifecycle.Stop, "Process", DefaultParameterSetName = "Id", SupportsShouldProcess = true)]
public sealed class StopProcessCommand : PSCmdlet
{
    [Parameter(Position = 0, ParameterSetName = "Id", Mandatory = true, ValueFromPipelineByPropertyName = true)]
    public int[]? Id { get; set; }

    [Parameter(ParameterSetName = "Name", Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ProcessName")]
    public string[]? Name { get; set; }

    [Parameter(ParameterSetName = "InputObject", Mandatory = true, ValueFromPipeline = true)]
    public Process[]? InputObject { get; set; }

    [Parameter] public SwitchParameter Force { get; set; }
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var targets = new List<Process>();
        if (InputObject != null) targets.AddRange(InputObject);
        foreach (var id in Id ?? Array.Empty<int>())
        {
            try { targets.Add(Process.GetProcessById(id)); }
            catch (ArgumentException)
            {
                WriteError(new ErrorRecord(new ArgumentException($"Cannot find a process with the process identifier {id}."),
                    "NoProcessFoundForGivenId,Microsoft.PowerShell.Commands.StopProcessCommand", ErrorCategory.ObjectNotFound, id));
            }
        }
        foreach (var name in Name ?? Array.Empty<string>())
        {
            var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
            var found = Process.GetProcesses().Where(p => pattern.IsMatch(p.ProcessName)).ToList();
            if (found.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                WriteError(new ErrorRecord(new ArgumentException($"Cannot find a process with the name \"{name}\". Verify the process name and call the cmdlet again."),
                    "NoProcessFoundForGivenName,Microsoft.PowerShell.Commands.StopProcessCommand", ErrorCategory.ObjectNotFound, name));
            targets.AddRange(found);
        }
        foreach (var p in targets)
        {
            if (!ShouldProcess($"{p.ProcessName} ({p.Id})")) continue;
            try
            {
                p.Kill();
                if (PassThru) WriteObject(p);
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                WriteError(new ErrorRecord(e, "CouldNotStopProcess,Microsoft.PowerShell.Commands.StopProcessCommand", ErrorCategory.CloseError, p));
            }
        }
    }
}

#endregion
