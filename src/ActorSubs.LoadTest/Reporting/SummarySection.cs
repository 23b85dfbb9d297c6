namespace ActorSubs.LoadTest.Reporting;

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
