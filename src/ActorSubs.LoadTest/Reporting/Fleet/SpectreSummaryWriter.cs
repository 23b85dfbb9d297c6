using Spectre.Console;

namespace ActorSubs.LoadTest.Reporting.Fleet;

/// <summary>The summary as Spectre.Console tables, for a person at a terminal.</summary>
public static class SpectreSummaryWriter
{
    public static void Write(string heading, IReadOnlyList<SummarySection> sections, IAnsiConsole console)
    {
        console.WriteLine();
        console.Write(new Rule($"[bold]{Markup.Escape(heading)}[/]").LeftJustified());
        foreach (var section in sections)
        {
            // Titles and notes as lines of their own: as a table's title or caption they wrap to its width.
            if (section.IsEmpty)
            {
                console.MarkupLine($"[bold]{Markup.Escape(section.Title)}[/]: none");
                continue;
            }
            console.MarkupLine($"[bold]{Markup.Escape(section.Title)}[/]");
            console.Write(Table(section));
            if (section.Note is { } note) console.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
        }
    }

    public static Table Table(SummarySection section)
    {
        var table = new Table().Border(TableBorder.Rounded);
        if (!section.HasHeader) table.HideHeaders();
        for (var i = 0; i < section.Columns.Count; i++)
        {
            var column = new TableColumn(Markup.Escape(section.Columns[i]));
            if (!PlainSummaryWriter.AlignLeft(section, i)) column.RightAligned();
            table.AddColumn(column);
        }
        foreach (var row in section.Rows)
            table.AddRow(row.Select((cell, i) => i == 0 && section.HasHeader ? $"[bold]{Markup.Escape(cell)}[/]" : Markup.Escape(cell)).ToArray());
        return table;
    }
}
