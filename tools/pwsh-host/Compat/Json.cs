// COMPATIBILITY LAYER for machines without the full PowerShell distribution: ConvertTo-Json and
// ConvertFrom-Json, normally in Microsoft.PowerShell.Commands.Utility.dll (not on our package
// mirror). They follow pwsh 7.6's JsonObject algorithm and use Newtonsoft.Json - already shipped
// as a dependency of System.Management.Automation, and what pwsh itself serializes with - so the
// text produced (indentation, number and date formats, escaping) is the same as pwsh's.
using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Numerics;
using System.Reflection;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace VoiceOps.PwshHost.Compat;

[Cmdlet(VerbsData.ConvertTo, "Json")]
[OutputType(typeof(string))]
public sealed class ConvertToJsonCommand : PSCmdlet
{
    [Parameter(Position = 0, Mandatory = true, ValueFromPipeline = true)]
    [AllowNull]
    public object? InputObject { get; set; }

    [Parameter]
    [ValidateRange(0, 100)]
    public int Depth { get; set; } = 2;

    [Parameter] public SwitchParameter Compress { get; set; }
    [Parameter] public SwitchParameter EnumsAsStrings { get; set; }
    [Parameter] public SwitchParameter AsArray { get; set; }
    [Parameter] public StringEscapeHandling EscapeHandling { get; set; } = StringEscapeHandling.Default;

    private readonly List<object?> _items = new();
    private bool _depthWarned;

    protected override void ProcessRecord() => _items.Add(InputObject);

    protected override void EndProcessing()
    {
        if (_items.Count == 0) return;
        object? root = _items.Count == 1 && !AsArray ? _items[0] : _items.ToArray();
        var settings = new JsonSerializerSettings
        {
            TypeNameHandling = TypeNameHandling.None,
            MaxDepth = 1024,
            StringEscapeHandling = EscapeHandling,
            Formatting = Compress ? Formatting.None : Formatting.Indented,
        };
        if (EnumsAsStrings) settings.Converters.Add(new Newtonsoft.Json.Converters.StringEnumConverter());
        WriteObject(JsonConvert.SerializeObject(ProcessValue(root, 0), settings));
    }

    // Reduce the object graph to dictionaries, lists and primitives, as pwsh does, so that
    // properties that throw become null and depth is cut off with a warning.
    private object? ProcessValue(object? obj, int depth)
    {
        if (obj == null || obj == System.Management.Automation.Internal.AutomationNull.Value) return null;
        var pso = obj as PSObject;
        if (pso != null) obj = pso.BaseObject;
        object? rv = obj;
        bool isPurePSObj = false, isCustomObj = false;

        if (obj == DBNull.Value || obj == System.Management.Automation.Language.NullString.Value) rv = null;
        else if (obj is string or char or bool or DateTime or DateTimeOffset or Guid or Uri or double or float or decimal or BigInteger) rv = obj;
        else if (obj is JObject jObject) rv = jObject.ToObject<Dictionary<object, object>>();
        else
        {
            Type t = obj!.GetType();
            if (t.IsPrimitive) rv = obj;
            else if (t.IsEnum)
            {
                // JavaScript cannot hold 64-bit enums exactly; pwsh writes them as names.
                var u = Enum.GetUnderlyingType(t);
                rv = u == typeof(long) || u == typeof(ulong) ? obj.ToString() : obj;
            }
            else if (depth > Depth)
            {
                if (!_depthWarned)
                {
                    _depthWarned = true;
                    WriteWarning($"Resulting JSON is truncated as serialization has exceeded the set depth of {Depth}.");
                }
                if (pso != null && pso.ImmediateBaseObject is PSCustomObject)
                {
                    rv = LanguagePrimitives.ConvertTo(pso, typeof(string), CultureInfo.InvariantCulture);
                    isPurePSObj = true;
                }
                else rv = LanguagePrimitives.ConvertTo(obj, typeof(string), CultureInfo.InvariantCulture);
            }
            else if (obj is IDictionary dict) rv = ProcessDictionary(dict, depth);
            else if (obj is IEnumerable enumerable) rv = ProcessEnumerable(enumerable, depth);
            else
            {
                rv = ProcessCustomObject(obj, depth);
                isCustomObj = true;
            }
        }
        return AddPsProperties(pso, rv, depth, isPurePSObj, isCustomObj);
    }

    // Members added with Add-Member / Select-Object live on the PSObject wrapper.
    private object? AddPsProperties(PSObject? pso, object? obj, int depth, bool isPurePSObj, bool isCustomObj)
    {
        if (pso == null || isPurePSObj) return obj;
        bool wasDictionary = obj is IDictionary;
        var dict = obj as IDictionary ?? new Dictionary<string, object?> { ["value"] = obj };
        if (pso.BaseObject is not (string or DateTime))
        {
            var view = isCustomObj ? PSMemberViewTypes.Extended | PSMemberViewTypes.Adapted : PSMemberViewTypes.Extended;
            foreach (var prop in new PSMemberInfoIntegratingCollectionShim(pso, view))
            {
                object? value = null;
                try { value = prop.Value; } catch (Exception) { }
                if (!dict.Contains(prop.Name)) dict[prop.Name] = ProcessValue(value, depth + 1);
            }
        }
        return !wasDictionary && dict.Count == 1 ? obj : dict;
    }

    private object ProcessDictionary(IDictionary dict, int depth)
    {
        var result = new Dictionary<string, object?>(dict.Count);
        foreach (DictionaryEntry entry in dict)
        {
            if (entry.Key is not string name)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException($"The type '{dict.GetType().FullName}' is not supported for serialization or deserialization of a dictionary. Keys must be strings."),
                    "NonStringKeyInDictionary", ErrorCategory.InvalidOperation, dict));
                return result;
            }
            result.Add(name, ProcessValue(entry.Value, depth + 1));
        }
        return result;
    }

    private List<object?> ProcessEnumerable(IEnumerable enumerable, int depth)
    {
        var result = new List<object?>();
        foreach (var o in enumerable) result.Add(ProcessValue(o, depth + 1));
        return result;
    }

    private Dictionary<string, object?> ProcessCustomObject(object o, int depth)
    {
        var result = new Dictionary<string, object?>();
        Type t = o.GetType();
        foreach (var field in t.GetFields(BindingFlags.Public | BindingFlags.Instance))
        {
            if (field.IsDefined(typeof(JsonIgnoreAttribute), true)) continue;
            object? value;
            try { value = field.GetValue(o); } catch (Exception) { value = null; }
            result[field.Name] = ProcessValue(value, depth + 1);
        }
        foreach (var prop in t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (prop.IsDefined(typeof(JsonIgnoreAttribute), true)) continue;
            var getter = prop.GetGetMethod();
            if (getter == null || getter.GetParameters().Length != 0) continue;
            object? value;
            try { value = getter.Invoke(o, Array.Empty<object>()); } catch (Exception) { value = null; }
            result[prop.Name] = ProcessValue(value, depth + 1);
        }
        return result;
    }

    /// <summary>PSObject.Properties restricted to a member view: adapted = the .NET members
    /// (PSProperty), extended = note/script/alias/code properties from Add-Member or type data.</summary>
    private sealed class PSMemberInfoIntegratingCollectionShim : IEnumerable<PSPropertyInfo>
    {
        private readonly PSObject _obj;
        private readonly PSMemberViewTypes _view;
        public PSMemberInfoIntegratingCollectionShim(PSObject obj, PSMemberViewTypes view) { _obj = obj; _view = view; }

        public IEnumerator<PSPropertyInfo> GetEnumerator()
        {
            foreach (var p in _obj.Properties)
            {
                var kind = p is PSProperty ? PSMemberViewTypes.Adapted : PSMemberViewTypes.Extended;
                if (_view.HasFlag(kind)) yield return p;
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

[Cmdlet(VerbsData.ConvertFrom, "Json")]
[OutputType(typeof(PSObject))]
public sealed class ConvertFromJsonCommand : PSCmdlet
{
    [Parameter(Position = 0, Mandatory = true, ValueFromPipeline = true)]
    [AllowEmptyString]
    public string InputObject { get; set; } = "";

    [Parameter] public SwitchParameter AsHashtable { get; set; }

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Depth { get; set; } = 1024;

    [Parameter] public SwitchParameter NoEnumerate { get; set; }

    private readonly List<string> _buffer = new();

    protected override void ProcessRecord() => _buffer.Add(InputObject);

    // Like pwsh: one string is one document; several strings are either several documents
    // (if the first parses on its own) or the lines of one document (Get-Content | ConvertFrom-Json).
    protected override void EndProcessing()
    {
        if (_buffer.Count == 0) return;
        if (_buffer.Count > 1 && !Convert(_buffer[0], reportErrors: false))
        {
            Convert(string.Join("\n", _buffer), reportErrors: true);
            return;
        }
        foreach (var s in _buffer.Skip(_buffer.Count > 1 ? 1 : 0)) Convert(s, reportErrors: true);
    }

    private bool Convert(string input, bool reportErrors)
    {
        if (string.IsNullOrWhiteSpace(input)) return true;
        object? result;
        try
        {
            var token = JsonConvert.DeserializeObject<JToken>(input, new JsonSerializerSettings
            {
                TypeNameHandling = TypeNameHandling.None,
                MetadataPropertyHandling = MetadataPropertyHandling.Ignore,
                MaxDepth = Depth,
            });
            result = ToPowerShell(token);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            if (!reportErrors) return false;
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("Conversion from JSON failed with error: " + e.Message, e),
                "System.ArgumentException,Microsoft.PowerShell.Commands.ConvertFromJsonCommand",
                ErrorCategory.ParserError, input));
            return false;
        }
        WriteObject(result, enumerateCollection: !NoEnumerate);
        return true;
    }

    private object? ToPowerShell(JToken? token)
    {
        switch (token)
        {
            case null: return null;
            case JObject obj:
                if (AsHashtable)
                {
                    var table = new OrderedHashtable();
                    foreach (var p in obj.Properties())
                    {
                        if (p.Value.Type == JTokenType.Comment) continue;
                        table[p.Name] = ToPowerShell(p.Value);
                    }
                    return table;
                }
                var pso = new PSObject();
                var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var p in obj.Properties())
                {
                    if (p.Value.Type == JTokenType.Comment) continue;
                    if (p.Name.Length == 0)
                        throw new InvalidOperationException("The provided JSON includes a property whose name is an empty string, this is only supported using the -AsHashTable switch.");
                    if (seen.TryGetValue(p.Name, out var other))
                        throw new InvalidOperationException($"Cannot convert the JSON string because it contains keys with different casing. Please use the -AsHashTable switch instead. The key that was attempted to be added to the existing key '{other}' was '{p.Name}'.");
                    seen[p.Name] = p.Name;
                    pso.Properties.Add(new PSNoteProperty(p.Name, ToPowerShell(p.Value)));
                }
                return pso;
            case JArray array:
                return array.Where(t => t.Type != JTokenType.Comment).Select(ToPowerShell).ToArray();
            case JValue value:
                return value.Value;
            default:
                return token.ToString();
        }
    }
}
