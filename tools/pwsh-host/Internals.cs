using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;

namespace VoiceOps.PwshHost;

/// <summary>
/// The few places where pwsh (Microsoft.PowerShell.ConsoleHost / Commands.Utility) uses
/// engine internals that System.Management.Automation only exposes to those assemblies.
/// We reach them by reflection against the pinned package version (7.6.9). Every helper
/// degrades gracefully - returns false - if a member is not found, so a different engine
/// version costs fidelity (error rendering, `exit` from -File, Format-*), never a crash.
/// </summary>
internal static class Internals
{
    private const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;
    private static readonly Assembly Sma = typeof(PSObject).Assembly;

    /// <summary>
    /// pwsh sets the internal PSHost.IsStdOutputRedirected at startup; the formatter reads it to
    /// decide whether tables get ANSI-styled headers (not when stdout is a pipe or a file).
    /// </summary>
    public static bool SetStdOutputRedirected(bool value)
    {
        var field = typeof(System.Management.Automation.Host.PSHost).GetField("IsStdOutputRedirected", Any);
        if (field is null) return false;
        field.SetValue(null, value);
        return true;
    }

    private static readonly PropertyInfo? WriteStreamProp = typeof(PSObject).GetProperty("WriteStream", Any);

    /// <summary>
    /// Tags an ErrorRecord so Out-Default renders it to the error stream (stderr) with the
    /// $ErrorView formatting, which is what pwsh does for terminating errors (ReportException).
    /// </summary>
    public static bool MarkAsErrorStream(PSObject obj)
    {
        if (WriteStreamProp is null) return false;
        try
        {
            WriteStreamProp.SetValue(obj, Enum.Parse(WriteStreamProp.PropertyType, "Error"));
            return true;
        }
        catch (Exception) { return false; }
    }

    /// <summary>
    /// pwsh -File sets ExecutionContext.ScriptCommandProcessorShouldRethrowExit so that `exit N`
    /// inside the script ends the process with N instead of just returning from the script.
    /// </summary>
    public static bool SetRethrowExit(Runspace runspace, bool value)
    {
        try
        {
            var context = runspace.GetType().GetProperty("ExecutionContext", Any)?.GetValue(runspace);
            var prop = context?.GetType().GetProperty("ScriptCommandProcessorShouldRethrowExit", Any);
            if (prop is null) return false;
            prop.SetValue(context, value);
            return true;
        }
        catch (Exception) { return false; }
    }

    private static readonly MethodInfo? SetInvocationInfoMethod = typeof(ErrorRecord).GetMethod("SetInvocationInfo", Any);
    private static readonly PropertyInfo? PreserveInvocationInfoOnceProp = typeof(ErrorRecord).GetProperty("PreserveInvocationInfoOnce", Any);

    /// <summary>
    /// Write-Error attributes the error to the calling script/function rather than to itself
    /// ("f: message" instead of "Write-Error: message"), as pwsh's Write-Error does.
    /// </summary>
    public static bool AttributeErrorToCaller(ErrorRecord record, InvocationInfo caller)
    {
        if (SetInvocationInfoMethod is null || PreserveInvocationInfoOnceProp is null) return false;
        try
        {
            SetInvocationInfoMethod.Invoke(record, new object[] { caller });
            PreserveInvocationInfoOnceProp.SetValue(record, true);
            return true;
        }
        catch (Exception) { return false; }
    }

    /// <summary>
    /// A validation failure marked this way makes positional binding try the next candidate
    /// parameter instead of failing (pwsh's Add-Member relies on it).
    /// </summary>
    public static bool SwallowDuringPositionalBinding(ValidationMetadataException e)
    {
        var field = typeof(ValidationMetadataException).GetField("_swallowException", Any);
        if (field is null) return false;
        try { field.SetValue(e, true); return true; }
        catch (Exception) { return false; }
    }

    private static readonly Type? FormatShapeType = Sma.GetType("Microsoft.PowerShell.Commands.Internal.Format.FormatShape");
    private static readonly Type? InnerFormatShapeType = Sma.GetType("Microsoft.PowerShell.Commands.Internal.Format.InnerFormatShapeCommand");
    private static readonly FieldInfo? ImplementationField =
        typeof(Microsoft.PowerShell.Commands.Internal.Format.FrontEndCommandBase).GetField("implementation", Any);

    /// <summary>
    /// Format-Table / Format-List in pwsh are empty subclasses of the engine's public
    /// OuterFormat* base classes whose constructor plugs in an (internal) shape implementation.
    /// </summary>
    public static bool InitFormatShape(Microsoft.PowerShell.Commands.Internal.Format.FrontEndCommandBase cmd, string shape)
    {
        if (FormatShapeType is null || InnerFormatShapeType is null || ImplementationField is null) return false;
        try
        {
            var impl = Activator.CreateInstance(InnerFormatShapeType, Any, null,
                new[] { Enum.Parse(FormatShapeType, shape) }, null);
            ImplementationField.SetValue(cmd, impl);
            return true;
        }
        catch (Exception) { return false; }
    }

    /// <summary>
    /// `pwsh -s` (server mode): speak the PowerShell remoting protocol over stdin/stdout.
    /// Start-Job launches "$PSHOME/pwsh -s -NoLogo -NoProfile" and talks to it this way.
    /// </summary>
    public static bool RunServerMode(string? workingDirectory)
    {
        var mediator = Sma.GetType("System.Management.Automation.Remoting.Server.StdIOProcessMediator");
        var run = mediator?.GetMethod("Run", Any, new[] { typeof(string), typeof(string), typeof(string), typeof(string), typeof(bool) });
        if (run is null) return false;
        run.Invoke(null, new object?[] { null, workingDirectory, null, null, false });
        return true;
    }
}
