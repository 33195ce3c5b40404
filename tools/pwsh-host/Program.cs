using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using System.Reflection;
using System.Text;

namespace VoiceOps.PwshHost;

/// <summary>
/// Entry point of the `pwsh` stand-in: parses pwsh's command line and runs the real engine
/// (System.Management.Automation) in one of pwsh's modes. See README.md for the why.
/// </summary>
internal static class Program
{
    private const int ExitBadCommandLine = 64; // pwsh's code for command line usage errors

    public static int Main(string[] args)
    {
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        // A CI box may have no locale; pwsh always speaks UTF-8 on Unix.
        Console.InputEncoding = utf8;
        Console.OutputEncoding = utf8;

        var cl = CommandLine.Parse(args, out var parseError);
        if (parseError != null)
        {
            Console.Error.WriteLine(parseError);
            return ExitBadCommandLine;
        }
        if (cl.ShowVersion)
        {
            Console.WriteLine("PowerShell " + EngineVersion);
            return 0;
        }
        if (cl.ShowHelp)
        {
            Console.WriteLine(CommandLine.Usage);
            return 0;
        }
        if (cl.WorkingDirectory != null) Directory.SetCurrentDirectory(cl.WorkingDirectory);

        if (cl.ServerMode)
        {
            // Start-Job's child process: the engine's own remoting server over stdio.
            if (Internals.RunServerMode(cl.WorkingDirectory)) return 0;
            Console.Error.WriteLine("Server mode (-s) is not available with this engine version.");
            return 70;
        }

        bool interactive = !cl.NonInteractive && !Console.IsInputRedirected;
        Internals.SetStdOutputRedirected(Console.IsOutputRedirected);
        using var shell = new Shell(interactive);
        Console.CancelKeyPress += (_, e) => e.Cancel = shell.StopCurrent();
        if (cl.WorkingDirectory != null) shell.SetLocation(cl.WorkingDirectory);
        if (!cl.NoProfile) shell.RunProfiles();

        if (cl.File != null)
        {
            string path = Path.GetFullPath(cl.File);
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"The argument '{cl.File}' is not recognized as the name of a script file. " +
                                        "Check the spelling of the name, or if a path was included, verify that the path is correct and try again.");
                return ExitBadCommandLine;
            }
            // Like pwsh on Unix: a file without .ps1 (a shebang script) is run as script text.
            var command = path.EndsWith(".ps1", StringComparison.OrdinalIgnoreCase)
                ? new Command(path, isScript: false, useLocalScope: false)
                : new Command(File.ReadAllText(path), isScript: true, useLocalScope: false);
            foreach (var p in cl.Arguments) command.Parameters.Add(p);
            // Without -NoExit, `exit N` inside the script must end the process with N.
            if (!cl.NoExit) Internals.SetRethrowExit(shell.Runspace, true);
            shell.Run(command, addToHistory: false);
            if (!cl.NoExit) return shell.ExitCode();
        }
        else if (cl.Command != null && cl.Command != "-")
        {
            var command = new Command(cl.Command, isScript: true, useLocalScope: false);
            foreach (var p in cl.Arguments) command.Parameters.Add(p);
            shell.Run(command, addToHistory: true);
            if (!cl.NoExit) return shell.ExitCode();
        }
        else if (interactive && !cl.NoLogo && cl.Command == null)
        {
            Console.WriteLine($"PowerShell {EngineVersion} (voiceops pwsh-host: engine-only build, see tools/pwsh-host/README.md)");
        }

        if (shell.Host.ShouldExit) return shell.Host.ExitCode;
        // `-Command -`, -NoExit, or no command at all: read commands from stdin until it closes.
        return shell.ReadLoop(Console.In, interactive);
    }

    /// <summary>"7.6.9" - the version of the engine package we host.</summary>
    public static string EngineVersion
    {
        get
        {
            var info = typeof(PSObject).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            return info?.Split(' ', '+')[0] ?? typeof(PSObject).Assembly.GetName().Version!.ToString(3);
        }
    }
}

/// <summary>One runspace, and pwsh's way of running input in it.</summary>
internal sealed class Shell : IDisposable
{
    private readonly object _lock = new();
    private PowerShell? _current;
    private bool _lastInputThrew;

    public ConsoleHostImpl Host { get; }
    public Runspace Runspace { get; }

    public Shell(bool interactive)
    {
        Host = new ConsoleHostImpl(interactive);
        Compat.TextRenderer.UI = Host.ConsoleUI; // Out-String renders through our host UI
        // CreateDefault2 = Microsoft.PowerShell.Core only; the rest (our compatibility
        // modules) is found through $PSHOME/Modules by module auto-loading, as in pwsh.
        var iss = InitialSessionState.CreateDefault2();
        Runspace = RunspaceFactory.CreateRunspace(Host, iss);
        Runspace.ThreadOptions = PSThreadOptions.ReuseThread;
        Runspace.Open();
    }

    /// <summary>
    /// Runs one complete piece of input the way pwsh's executor does: `input 2>&1 | Out-Default`,
    /// so output is formatted to stdout and error records are rendered to stderr in order.
    /// A terminating error is rendered the same way afterwards.
    /// </summary>
    public void Run(Command command, bool addToHistory)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = Runspace;
        command.MergeMyResults(PipelineResultTypes.Error, PipelineResultTypes.Output);
        ps.Commands.AddCommand(command);
        ps.Commands.AddCommand(new Command("Out-Default", isScript: false, useLocalScope: true));
        lock (_lock) _current = ps;
        try
        {
            ps.Invoke(null, new PSInvocationSettings { AddToHistory = addToHistory });
            _lastInputThrew = false;
        }
        catch (Exception e)
        {
            _lastInputThrew = true;
            // Input that ends mid-statement: the engine's IncompleteParseException renders as
            // nothing, so report the parser's errors (with positions) instead, as pwsh shows them.
            if (e is IncompleteParseException && command.IsScript)
            {
                Parser.ParseInput(command.CommandText, out _, out ParseError[] errors);
                if (errors.Length > 0) e = new ParseException(errors);
            }
            if (e is not PipelineStoppedException) ReportException(e);
        }
        finally
        {
            lock (_lock) _current = null;
            Console.Out.Flush();
            Console.Error.Flush();
        }
    }

    public void RunScript(string script) => Run(new Command(script, isScript: true, useLocalScope: false), addToHistory: true);

    /// <summary>Ctrl+C: stop the running pipeline (and keep the process) if there is one.</summary>
    public bool StopCurrent()
    {
        PowerShell? ps;
        lock (_lock) ps = _current;
        if (ps == null) return false;
        ps.BeginStop(null, null);
        return true;
    }

    private void ReportException(Exception e)
    {
        var record = e is IContainsErrorRecord icer
            ? icer.ErrorRecord
            : new ErrorRecord(e, "ConsoleHost.ReportException", ErrorCategory.NotSpecified, null);
        var wrapped = new PSObject(record);
        if (Internals.MarkAsErrorStream(wrapped))
        {
            try
            {
                using var ps = PowerShell.Create();
                ps.Runspace = Runspace;
                ps.AddCommand("Out-Default");
                ps.Invoke(new[] { wrapped });
                return;
            }
            catch (Exception) { /* fall through to the plain rendering */ }
        }
        Console.Error.WriteLine(e is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner.Message : e.Message);
        if (record.InvocationInfo?.PositionMessage is { Length: > 0 } position) Console.Error.WriteLine(position);
    }

    /// <summary>pwsh's exit code when not told by `exit N`: 1 if the last input failed, else 0.</summary>
    public int ExitCode()
    {
        if (Host.ShouldExit) return Host.ExitCode;
        if (_lastInputThrew) return 1;
        using var ps = PowerShell.Create();
        ps.Runspace = Runspace;
        ps.AddScript("$global:?");
        try
        {
            var result = ps.Invoke();
            return result.Count == 1 && result[0]?.BaseObject is true ? 0 : 1;
        }
        catch (Exception) { return 1; }
    }

    /// <summary>
    /// `pwsh -Command -` (node-powershell's mode) and the interactive prompt: read lines,
    /// accumulate them while the parser reports incomplete input (open braces, here-strings,
    /// trailing pipes), then run the chunk in the same runspace so state carries over.
    /// </summary>
    public int ReadLoop(TextReader input, bool interactive)
    {
        var pending = new StringBuilder();
        while (true)
        {
            if (interactive) Console.Out.Write(pending.Length == 0 ? Prompt() : ">> ");
            string? line = input.ReadLine();
            if (line == null) break;

            // On a terminal an empty line ends a block early, as in pwsh; piped input keeps
            // blank lines (they may be part of a here-string) and relies on the parser alone.
            bool forceRun = interactive && pending.Length > 0 && line.Length == 0;
            if (pending.Length > 0) pending.Append('\n');
            pending.Append(line);
            string text = pending.ToString();
            if (!forceRun && IsIncomplete(text)) continue;

            pending.Clear();
            if (string.IsNullOrWhiteSpace(text)) continue;
            RunScript(text);
            if (Host.ShouldExit) return Host.ExitCode;
        }
        // stdin closed in the middle of a statement: run it anyway so the parse error is reported.
        if (pending.Length > 0 && !string.IsNullOrWhiteSpace(pending.ToString())) RunScript(pending.ToString());
        return ExitCode();
    }

    private static bool IsIncomplete(string text)
    {
        Parser.ParseInput(text, out _, out ParseError[] errors);
        // The engine itself keys "incomplete" off the first error, so do we.
        return errors.Length > 0 && errors[0].IncompleteInput;
    }

    private string Prompt()
    {
        try
        {
            using var ps = PowerShell.Create();
            ps.Runspace = Runspace;
            ps.AddCommand("prompt");
            var result = ps.Invoke();
            return result.Count > 0 ? result[0]?.ToString() ?? "PS> " : "PS> ";
        }
        catch (Exception) { return "PS> "; }
    }

    public void SetLocation(string path) => Runspace.SessionStateProxy.Path.SetLocation(path);

    /// <summary>pwsh's four profiles, in pwsh's order, unless -NoProfile.</summary>
    public void RunProfiles()
    {
        string pshome = AppContext.BaseDirectory.TrimEnd('/');
        string config = Path.Combine(
            Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config"),
            "powershell");
        string currentUser = Path.Combine(config, "Microsoft.PowerShell_profile.ps1");
        Runspace.SessionStateProxy.SetVariable("PROFILE", currentUser);
        foreach (var profile in new[]
                 {
                     Path.Combine(pshome, "profile.ps1"), Path.Combine(pshome, "Microsoft.PowerShell_profile.ps1"),
                     Path.Combine(config, "profile.ps1"), currentUser,
                 })
        {
            if (File.Exists(profile)) RunScript(". '" + profile.Replace("'", "''") + "'");
        }
    }

    public void Dispose() => Runspace.Dispose();
}

/// <summary>pwsh's command line: the same parameter names, abbreviations and positional -File.</summary>
internal sealed class CommandLine
{
    public string? File;
    public string? Command;
    public readonly Collection<CommandParameter> Arguments = new();
    public bool NoExit, NoLogo, NoProfile, NonInteractive, ShowVersion, ShowHelp, ServerMode;
    public string? WorkingDirectory;

    public const string Usage =
        "Usage: pwsh [-NoLogo] [-NoProfile] [-NonInteractive] [-NoExit] [-WorkingDirectory <dir>]\n" +
        "            [-Command { - | <script> [args] } | -EncodedCommand <base64> | [-File] <path> [args]]\n" +
        "            [-Version] [-s]\n" +
        "Accepted and ignored: -ExecutionPolicy <p>, -OutputFormat Text, -InputFormat Text, -STA, -MTA, -Login,\n" +
        "-Interactive, -WindowStyle <s>, -NoProfileLoadTime, -SettingsFile <f>.\n" +
        "This is the voiceops engine-only host; see tools/pwsh-host/README.md.";

    // (full name, shortest accepted prefix), matched like pwsh's MatchSwitch; plus exact aliases.
    private static readonly (string Name, string Min)[] Switches =
    {
        ("noprofileloadtime", "noprofileloadtime"), ("command", "c"), ("commandwithargs", "commandwithargs"),
        ("configurationname", "config"), ("configurationfile", "configurationfile"), ("custompipename", "custompipename"),
        ("encodedcommand", "e"), ("executionpolicy", "ex"), ("file", "f"), ("help", "h"), ("inputformat", "inp"),
        ("interactive", "i"), ("login", "l"), ("mta", "mta"), ("noexit", "noe"), ("nologo", "nol"),
        ("noninteractive", "noni"), ("noprofile", "nop"), ("outputformat", "o"), ("servermode", "s"),
        ("settingsfile", "settings"), ("sshservermode", "sshs"), ("namedpipeservermode", "namedpipes"),
        ("sta", "sta"), ("version", "v"), ("windowstyle", "w"), ("workingdirectory", "wo"),
    };

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cwa"] = "commandwithargs", ["ec"] = "encodedcommand", ["ep"] = "executionpolicy", ["if"] = "inputformat",
        ["of"] = "outputformat", ["wd"] = "workingdirectory", ["?"] = "help",
    };

    private static string? Match(string key)
    {
        if (Aliases.TryGetValue(key, out var alias)) return alias;
        foreach (var (name, min) in Switches)
            if (name.StartsWith(key, StringComparison.OrdinalIgnoreCase) && key.Length >= min.Length) return name;
        return null;
    }

    public static CommandLine Parse(string[] args, out string? error)
    {
        var cl = new CommandLine();
        error = cl.ParseInto(args);
        return cl;
    }

    private string? ParseInto(string[] args)
    {
        var cl = this;
        string? error = null;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg.Length < 2 || arg[0] != '-')
            {
                // The first bare argument is the script file (pwsh's default parameter is -File).
                cl.File = arg;
                cl.CollectFileArgs(args, i + 1);
                return error;
            }
            string key = arg.TrimStart('-');
            string? name = Match(key);
            string? Value()
            {
                if (i + 1 < args.Length) return args[++i];
                error = $"Missing value for parameter '{arg}'.";
                return null;
            }
            switch (name)
            {
                case "command":
                case "commandwithargs":
                    if (i + 1 >= args.Length) return "Cannot process the command because of a missing parameter. A command must follow -Command.";
                    if (name == "commandwithargs")
                    {
                        cl.Command = args[i + 1];
                        foreach (var a in args.Skip(i + 2)) cl.Arguments.Add(new CommandParameter(null, a));
                    }
                    else
                    {
                        // Everything after -Command is the command text, as in pwsh.
                        cl.Command = args[i + 1] == "-" ? "-" : string.Join(' ', args.Skip(i + 1));
                    }
                    return error;
                case "encodedcommand":
                    var encoded = Value();
                    if (encoded == null) return error;
                    try { cl.Command = Encoding.Unicode.GetString(Convert.FromBase64String(encoded)); }
                    catch (FormatException) { error = "Cannot process the command because the value specified with -EncodedCommand is not properly encoded."; }
                    break;
                case "file":
                    cl.File = Value();
                    if (cl.File == null) return error;
                    if (cl.File == "-") { cl.File = null; cl.Command = "-"; return error; }
                    cl.CollectFileArgs(args, i + 1);
                    return error;
                case "noexit": cl.NoExit = true; break;
                case "nologo": cl.NoLogo = true; break;
                case "noprofile": cl.NoProfile = true; break;
                case "noninteractive": cl.NonInteractive = true; break;
                case "version": cl.ShowVersion = true; return error;
                case "help": cl.ShowHelp = true; return error;
                case "servermode": cl.ServerMode = true; break;
                case "workingdirectory": cl.WorkingDirectory = Value(); break;
                case "outputformat":
                case "inputformat":
                    var format = Value();
                    if (format != null && !"text".StartsWith(format, StringComparison.OrdinalIgnoreCase))
                        error = $"-{name} {format} is not supported by this host (only Text).";
                    break;
                // Accepted for compatibility; meaningless here (ExecutionPolicy does not apply on Unix).
                case "executionpolicy": case "windowstyle": case "settingsfile": case "configurationname":
                case "configurationfile": case "custompipename":
                    Value(); break;
                case "noprofileloadtime": case "sta": case "mta": case "login": case "interactive":
                    break;
                case "sshservermode": case "namedpipeservermode":
                    error = $"{arg} is not supported by this host."; break;
                default:
                    error = $"Invalid argument '{arg}'. Run 'pwsh -Help' for the supported parameters.";
                    break;
            }
            if (error != null) return error;
        }
        return error;
    }

    // pwsh -File passes the remaining arguments to the script: "-Name:value", "-Name value", positional.
    // Names keep their dash: the engine then pairs "-Name" with the next argument the way the
    // parser would, instead of binding $null to it.
    private void CollectFileArgs(string[] args, int start)
    {
        string? pending = null;
        for (int i = start; i < args.Length; i++)
        {
            string arg = args[i];
            if (pending != null) { Arguments.Add(new CommandParameter(pending, arg)); pending = null; }
            else if (arg.Length > 1 && arg[0] == '-')
            {
                int colon = arg.IndexOf(':');
                if (colon < 0) Arguments.Add(new CommandParameter(arg));
                else if (colon == arg.Length - 1) pending = arg[..colon];
                else
                {
                    string value = arg[(colon + 1)..];
                    object v = value.ToLowerInvariant() switch
                    {
                        "$true" or "true" => true,
                        "$false" or "false" => false,
                        _ => value,
                    };
                    Arguments.Add(new CommandParameter(arg[..colon], v));
                }
            }
            else Arguments.Add(new CommandParameter(null, arg));
        }
    }
}
