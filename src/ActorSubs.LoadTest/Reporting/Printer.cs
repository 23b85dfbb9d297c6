using ActorSubs.LoadTest.Recording;
using Spectre.Console;

namespace ActorSubs.LoadTest.Reporting;

/// <summary>
/// The one printer of results: a run's summary (<see cref="FleetSummary"/>) as Spectre.Console tables without borders,
/// so the same text reads well on a terminal (in colour) and in a log, a pipe or a test's <see cref="StringWriter"/>.
/// </summary>
public static class Printer
{
    /// <summary>The terminal's console when <paramref name="output"/> is a terminal's standard output; else plain text (no colours, no cursor moves) over it.</summary>
    public static IAnsiConsole ConsoleFor(TextWriter output, int width = 200)
    {
        if (ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected) return AnsiConsole.Console;
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

    public static void WriteSummary(RunReport report, TextWriter output)
    {
        var console = ConsoleFor(output);
        console.WriteLine();
        console.MarkupLine($"[bold]== {Markup.Escape(FleetSummary.Heading(report))} ==[/]");
        foreach (var section in FleetSummary.Build(report))
        {
            if (section.IsEmpty)
            {
                console.MarkupLine($"[bold]{Markup.Escape(section.Title)}[/]: none");
                continue;
            }
            console.MarkupLine($"[bold]{Markup.Escape(section.Title)}[/]");
            console.Write(Table(section));
            if (section.Note is { } note) console.WriteLine($"  ({note})");
        }
    }

    /// <summary>A section as a borderless table: a label column, then figures aligned right (explanations left).</summary>
    public static Table Table(SummarySection section)
    {
        var table = new Table().Border(TableBorder.None);
        if (!section.HasHeader) table.HideHeaders();
        for (var i = 0; i < section.Columns.Count; i++)
        {
            var column = new TableColumn(Markup.Escape(section.Columns[i])).PadRight(2); // borderless: the right padding is the gap
            var left = i == 0 || !section.HasHeader || section.Columns[i].Length == 0;
            table.AddColumn(left ? column : column.RightAligned());
        }
        foreach (var row in section.Rows) table.AddRow(row.Select(Markup.Escape).ToArray());
        return table;
    }
}

/// <summary>
/// One block of a run's summary, a small table: rendered as a Spectre.Console table on a terminal and as
/// aligned text elsewhere. The first column is a label; the others are figures, aligned right.
/// </summary>
public sealed record SummarySection(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows, string? Note = null)
{
    /// <summary>A two-column section of labelled values.</summary>
    public static SummarySection Pairs(string title, IEnumerable<(string Label, string Value)> rows, string? note = null) =>
        new(title, ["", ""], rows.Select(r => (IReadOnlyList<string>)[r.Label, r.Value]).ToList(), note);

    /// <summary>A section with nothing to show: rendered as one line, "title: none".</summary>
    public static SummarySection None(string title) => new(title, ["", ""], []);

    public bool IsEmpty => Rows.Count == 0;

    /// <summary>Two-column sections have no header line.</summary>
    public bool HasHeader => Columns.Any(c => c.Length > 0);
}
