using System.Text;

namespace ActorSubs.LoadTest.Reporting.Fleet;

/// <summary>The summary as aligned plain text, for logs, CI and anything that is not a terminal.</summary>
public static class PlainSummaryWriter
{
    public static void Write(string heading, IReadOnlyList<SummarySection> sections, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"== {heading} ==");
        foreach (var section in sections)
        {
            if (section.IsEmpty)
            {
                output.WriteLine($"{section.Title}: none");
                continue;
            }
            output.WriteLine(section.Title);
            var rows = section.HasHeader ? [section.Columns, .. section.Rows] : section.Rows;
            var widths = Enumerable.Range(0, section.Columns.Count)
                .Select(i => rows.Max(r => i < r.Count ? r[i].Length : 0)).ToArray();
            foreach (var row in rows) output.WriteLine(Line(section, row, widths));
            if (section.Note is { } note) output.WriteLine($"  ({note})");
        }
    }

    /// <summary>Left-aligned: the label column, a pair's value and columns without a header (explanations).</summary>
    public static bool AlignLeft(SummarySection section, int column) =>
        column == 0 || !section.HasHeader || section.Columns[column].Length == 0;

    private static string Line(SummarySection section, IReadOnlyList<string> row, int[] widths)
    {
        var line = new StringBuilder("  ");
        for (var i = 0; i < row.Count; i++)
        {
            if (i > 0) line.Append("  ");
            line.Append(AlignLeft(section, i) ? row[i].PadRight(widths[i]) : row[i].PadLeft(widths[i]));
        }
        return line.ToString().TrimEnd();
    }
}
