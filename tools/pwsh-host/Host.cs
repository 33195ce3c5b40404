using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace VoiceOps.PwshHost;

/// <summary>
/// The PSHost the engine talks to. Out-Default, Write-Host, warnings, verbose and error
/// rendering all end up in <see cref="ConsoleUI"/>, which writes to Console.Out /
/// Console.Error - the same writers a script reaches with [Console]::Out, so output written
/// either way stays in order (node-powershell relies on that for its delimiters).
/// </summary>
internal sealed class ConsoleHostImpl : PSHost
{
    private readonly ConsoleUI _ui;
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    public ConsoleHostImpl(bool interactive)
    {
        _ui = new ConsoleUI(interactive);
        PrivateData = BuildPrivateData();
    }

    // Scripts test `$Host.Name -eq 'ConsoleHost'` to decide how to print; answer like pwsh does.
    public override string Name => "ConsoleHost";
    public override Version Version => typeof(PSObject).Assembly.GetName().Version ?? new Version(7, 6);
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override PSHostUserInterface UI => _ui;
    public ConsoleUI ConsoleUI => _ui;
    public override CultureInfo CurrentCulture => _culture;
    public override CultureInfo CurrentUICulture => _uiCulture;
    public override PSObject PrivateData { get; }

    /// <summary>Set when the engine runs `exit N` at top level.</summary>
    public bool ShouldExit { get; private set; }
    public int ExitCode { get; private set; }

    public override void SetShouldExit(int exitCode)
    {
        ShouldExit = true;
        ExitCode = exitCode;
    }

    public override void EnterNestedPrompt() => throw new NotSupportedException("Nested prompts are not supported by this host.");
    public override void ExitNestedPrompt() => throw new NotSupportedException("Nested prompts are not supported by this host.");
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }

    // pwsh exposes color settings here; some scripts assign to them, so keep them assignable.
    private static PSObject BuildPrivateData()
    {
        var data = new PSObject();
        foreach (var (name, color) in new[]
                 {
                     ("ErrorForegroundColor", ConsoleColor.Red), ("ErrorBackgroundColor", ConsoleColor.Black),
                     ("WarningForegroundColor", ConsoleColor.Yellow), ("WarningBackgroundColor", ConsoleColor.Black),
                     ("DebugForegroundColor", ConsoleColor.Yellow), ("DebugBackgroundColor", ConsoleColor.Black),
                     ("VerboseForegroundColor", ConsoleColor.Yellow), ("VerboseBackgroundColor", ConsoleColor.Black),
                     ("ProgressForegroundColor", ConsoleColor.Black), ("ProgressBackgroundColor", ConsoleColor.Yellow),
                 })
        {
            data.Properties.Add(new PSNoteProperty(name, color));
        }
        return data;
    }
}

/// <summary>
/// Plain-text console UI. Like pwsh with redirected streams: errors go to stderr, warnings,
/// verbose and debug lines go to stdout with their "WARNING: " style prefixes, no colors.
/// Prompting is only possible on a terminal: when stdin carries the command stream (how
/// node-powershell drives pwsh) a prompt would swallow the next commands, so it fails fast
/// with the same message pwsh uses for -NonInteractive.
/// </summary>
internal sealed class ConsoleUI : PSHostUserInterface
{
    private readonly ConsoleRawUI _rawUI = new();
    private readonly Stack<StringBuilder> _captures = new();

    public ConsoleUI(bool interactive) => Interactive = interactive;

    public bool Interactive { get; set; }
    public override PSHostRawUserInterface RawUI => _rawUI;
    // ANSI styling (table headers, $PSStyle) only when stdout is a terminal, as in pwsh.
    public override bool SupportsVirtualTerminal { get; } = !Console.IsOutputRedirected;

    /// <summary>
    /// Redirects host writes into a buffer while <paramref name="run"/> executes. Out-String and
    /// Out-File use it: they render through Out-Host, i.e. through the engine's own formatter.
    /// </summary>
    public string Capture(int width, Action run)
    {
        var sb = new StringBuilder();
        int oldWidth = _rawUI.Width;
        _captures.Push(sb);
        _rawUI.Width = width > 0 ? width : oldWidth;
        try { run(); }
        finally
        {
            _captures.Pop();
            _rawUI.Width = oldWidth;
        }
        return sb.ToString();
    }

    private void Out(string text)
    {
        // Captured text is a string result (Out-String): never styled unless $PSStyle says Ansi.
        if (_captures.Count > 0) _captures.Peek().Append(GetOutputString(text, false));
        else Console.Out.Write(GetOutputString(text, SupportsVirtualTerminal));
    }

    public override void Write(string value) => Out(value);
    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Out(value);
    public override void WriteLine(string value) => Out(value + "\n");
    public override void WriteLine() => Out("\n");

    public override void WriteErrorLine(string value)
    {
        if (_captures.Count > 0) _captures.Peek().Append(GetOutputString(value, false)).Append('\n');
        else Console.Error.WriteLine(GetOutputString(value, !Console.IsErrorRedirected));
    }

    public override void WriteWarningLine(string message) => WriteLine("WARNING: " + message);
    public override void WriteVerboseLine(string message) => WriteLine("VERBOSE: " + message);
    public override void WriteDebugLine(string message) => WriteLine("DEBUG: " + message);

    // Progress bars make no sense on a redirected stream; pwsh hides them there too.
    public override void WriteProgress(long sourceId, ProgressRecord record) { }

    private void EnsureInteractive()
    {
        if (!Interactive)
            throw new PSInvalidOperationException(
                "PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.");
    }

    public override string ReadLine()
    {
        EnsureInteractive();
        return Console.ReadLine() ?? string.Empty;
    }

    public override SecureString ReadLineAsSecureString()
    {
        EnsureInteractive();
        var s = new SecureString();
        for (var k = Console.ReadKey(intercept: true); k.Key != ConsoleKey.Enter; k = Console.ReadKey(intercept: true))
        {
            if (k.Key == ConsoleKey.Backspace) { if (s.Length > 0) s.RemoveAt(s.Length - 1); }
            else s.AppendChar(k.KeyChar);
        }
        Console.WriteLine();
        return s;
    }

    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
    {
        EnsureInteractive();
        if (!string.IsNullOrEmpty(caption)) WriteLine(caption);
        if (!string.IsNullOrEmpty(message)) WriteLine(message);
        var result = new Dictionary<string, PSObject>();
        foreach (var d in descriptions)
        {
            Write(d.Name + ": ");
            bool secure = d.ParameterTypeFullName == typeof(SecureString).FullName;
            result[d.Name] = secure ? PSObject.AsPSObject(ReadLineAsSecureString()) : PSObject.AsPSObject(ReadLine());
        }
        return result;
    }

    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
    {
        EnsureInteractive();
        if (!string.IsNullOrEmpty(caption)) WriteLine(caption);
        if (!string.IsNullOrEmpty(message)) WriteLine(message);
        for (int i = 0; i < choices.Count; i++) WriteLine($"[{i}] {choices[i].Label.Replace("&", "")}");
        Write($"(default {defaultChoice}): ");
        var answer = ReadLine();
        return int.TryParse(answer, out var n) && n >= 0 && n < choices.Count ? n : defaultChoice;
    }

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
        PromptForCredential(caption, message, userName, targetName, PSCredentialTypes.Default, PSCredentialUIOptions.Default);

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
        PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options)
    {
        EnsureInteractive();
        if (!string.IsNullOrEmpty(message)) WriteLine(message);
        if (string.IsNullOrEmpty(userName)) { Write("User: "); userName = ReadLine(); }
        Write("Password for user " + userName + ": ");
        return new PSCredential(userName, ReadLineAsSecureString());
    }
}

/// <summary>
/// Fixed-size "console": pwsh formats tables for 120 columns when output is redirected, and
/// a real terminal width otherwise.
/// </summary>
internal sealed class ConsoleRawUI : PSHostRawUserInterface
{
    public ConsoleRawUI()
    {
        Width = 120;
        if (!Console.IsOutputRedirected)
        {
            try { if (Console.WindowWidth > 0) Width = Console.WindowWidth; } catch (IOException) { }
        }
    }

    public int Width { get; set; }

    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
    public override Coordinates CursorPosition { get; set; }
    public override Coordinates WindowPosition { get; set; }
    public override int CursorSize { get; set; } = 25;
    public override Size BufferSize { get => new(Width, 9999); set => Width = value.Width; }
    public override Size WindowSize { get => new(Width, 50); set { } }
    public override Size MaxWindowSize => new(Width, 50);
    public override Size MaxPhysicalWindowSize => new(Width, 50);
    public override bool KeyAvailable => false;
    public override string WindowTitle { get; set; } = "pwsh";

    public override KeyInfo ReadKey(ReadKeyOptions options) =>
        throw new PSInvalidOperationException("ReadKey is not supported by this host.");
    public override void FlushInputBuffer() { }
    public override BufferCell[,] GetBufferContents(Rectangle rectangle) =>
        throw new NotSupportedException("The console buffer cannot be read by this host.");
    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }
    public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
}
