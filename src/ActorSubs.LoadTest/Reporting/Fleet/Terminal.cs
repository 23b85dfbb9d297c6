using Spectre.Console;

namespace ActorSubs.LoadTest.Reporting.Fleet;

/// <summary>
/// Whether a writer is a person's terminal (Spectre.Console tables and a live display) or a file, a pipe,
/// CI or a test's <see cref="StringWriter"/> (plain text, one line per second).
/// </summary>
public static class Terminal
{
    /// <summary>
    /// The program's standard output: a <see cref="TerminalWriter"/> on an interactive terminal (so messages and
    /// the live display share the screen), <see cref="System.Console.Out"/> when redirected or not a terminal.
    /// </summary>
    public static TextWriter StandardOutput() =>
        IsInteractiveConsole() ? new TerminalWriter(AnsiConsole.Console) : System.Console.Out;

    /// <summary>
    /// True for the terminal writer of <see cref="StandardOutput"/>, or the process's own standard output when
    /// it is a terminal that Spectre finds able to move the cursor (not redirected, not TERM=dumb, not CI).
    /// Any other writer (a file, a test's <see cref="StringWriter"/>) gets plain text.
    /// </summary>
    public static bool IsInteractive(TextWriter output) =>
        output is TerminalWriter || (ReferenceEquals(output, System.Console.Out) && IsInteractiveConsole());

    /// <summary>The Spectre console to render on: the terminal's, or a plain one (no colours, no cursor moves) over any other writer.</summary>
    public static IAnsiConsole ConsoleFor(TextWriter output, int width = 120)
    {
        if (output is TerminalWriter terminal) return terminal.Console;
        if (IsInteractive(output)) return AnsiConsole.Console;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = width;
        return console;
    }

    private static bool IsInteractiveConsole() =>
        !System.Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities is { Ansi: true, Interactive: true };
}
