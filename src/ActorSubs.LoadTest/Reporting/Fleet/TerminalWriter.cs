using System.Text;
using Spectre.Console;

namespace ActorSubs.LoadTest.Reporting.Fleet;

/// <summary>
/// Standard output on a terminal, written through Spectre.Console: each line goes through the console's
/// render pipeline, so a scenario's messages appear above the live progress table instead of breaking it.
/// Thread-safe; a partial line is held until its newline (or a flush).
/// </summary>
public sealed class TerminalWriter(IAnsiConsole console) : TextWriter
{
    private readonly StringBuilder _line = new();
    private readonly Lock _gate = new();

    public IAnsiConsole Console { get; } = console;

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_gate)
        {
            if (value == '\n') EmitLine();
            else if (value != '\r') _line.Append(value);
        }
    }

    public override void Write(string? value)
    {
        if (value is null) return;
        lock (_gate)
        {
            foreach (var ch in value)
            {
                if (ch == '\n') EmitLine();
                else if (ch != '\r') _line.Append(ch);
            }
        }
    }

    public override void WriteLine(string? value)
    {
        lock (_gate)
        {
            _line.Append(value);
            EmitLine();
        }
    }

    public override void Flush()
    {
        lock (_gate)
        {
            if (_line.Length == 0) return;
            Console.Write(new Text(_line.ToString()));
            _line.Clear();
        }
    }

    /// <summary>The line and its newline as one write: the live display is cleared and redrawn once, below it.</summary>
    private void EmitLine()
    {
        Console.Write(new Text(_line.Append('\n').ToString()));
        _line.Clear();
    }
}
