using ActorSubs.LoadTest.Recording;
using ActorSubs.LoadTest.Reporting.Fleet;
using ActorSubs.LoadTest.Tests.Support;

namespace ActorSubs.LoadTest.Tests;

/// <summary>The terminal side: the writer that shares the screen with the live display, and what counts as a terminal.</summary>
public sealed class TerminalSpecs
{
    [Fact]
    public void The_terminal_writer_passes_whole_lines_through_the_console()
    {
        using var screen = new StringWriter();
        var writer = new TerminalWriter(Terminal.ConsoleFor(screen));

        writer.Write("connect-hold: connecting ");
        Assert.Equal("", screen.ToString()); // a partial line waits for its end
        writer.WriteLine("6 devices …");
        writer.Write("two\r\nlines\n");
        writer.Write("unfinished");
        writer.Flush();

        Assert.Equal("connect-hold: connecting 6 devices …\ntwo\nlines\nunfinished", screen.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void The_terminal_writer_is_taken_for_a_terminal_and_renders_on_its_console()
    {
        using var screen = new StringWriter();
        var console = Terminal.ConsoleFor(screen);
        var writer = new TerminalWriter(console);

        Assert.True(Terminal.IsInteractive(writer));
        Assert.Same(console, Terminal.ConsoleFor(writer));
        Assert.False(Terminal.IsInteractive(TextWriter.Null));
    }

    [SkippableFact]
    public void Off_a_terminal_standard_output_is_the_console_itself()
    {
        // Test hosts redirect standard output, so this is the plain path CI takes.
        Skip.IfNot(Console.IsOutputRedirected, "this test host's standard output is a terminal");
        Assert.Same(Console.Out, Terminal.StandardOutput());
    }

    [Fact]
    public void A_last_sample_right_after_a_tick_keeps_that_ticks_rates()
    {
        var tick = SampleRun.Report() with { Timeline = [new TimelinePoint(2, 50, 100, 100, 0, 50)] };
        var last = SampleRun.Report() with { Timeline = [new TimelinePoint(2, 50, 100, 100, 0, 50), new TimelinePoint(2.01, 50, 100, 100, 0, 50)] };
        var first = LiveSnapshot.Of(tick, null, null);
        var final = LiveSnapshot.Of(last, first, null);
        Assert.Equal(25, final.ConnectsPerSecond);
        Assert.Equal(50, final.FramesReceivedPerSecond);
        Assert.Equal(2.01, final.Seconds);
    }
}
