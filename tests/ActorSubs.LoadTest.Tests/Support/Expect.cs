using System.Buffers.Binary;
using System.Text.RegularExpressions;

namespace ActorSubs.LoadTest.Tests.Support;

/// <summary>Assertions on the files and text the load tester writes.</summary>
public static class Expect
{
    /// <summary>A complete PNG file (signature, IHDR of this size, IEND) of more than a few kilobytes.</summary>
    public static void Png(string path, int width, int height)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 5_000, $"{path} is only {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
        Assert.Equal("IEND", System.Text.Encoding.ASCII.GetString(bytes, bytes.Length - 8, 4));
    }

    /// <summary>A line whose cells, split on runs of two or more spaces, are exactly these.</summary>
    public static void Line(IEnumerable<string> lines, params string[] cells)
    {
        var split = lines.Select(l => Regex.Split(l.Trim(), " {2,}")).ToList();
        Assert.True(split.Any(s => s.SequenceEqual(cells)),
            $"no line with cells [{string.Join(" | ", cells)}] in:\n{string.Join('\n', split.Select(s => string.Join(" | ", s)))}");
    }
}
