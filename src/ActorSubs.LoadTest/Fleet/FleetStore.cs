using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActorSubs.LoadTest.Fleet;

/// <summary>Reads and writes the fleet file (JSON). A missing, unreadable or foreign file reads as null.</summary>
public static class FleetStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static FleetFile? TryLoad(string path, out string? problem)
    {
        problem = null;
        if (!File.Exists(path)) return null;
        try
        {
            var fleet = JsonSerializer.Deserialize<FleetFile>(File.ReadAllBytes(path), Json);
            if (fleet is null || fleet.Accounts is null) problem = "it holds no fleet";
            return problem is null ? fleet : null;
        }
        catch (JsonException e)
        {
            problem = $"it is not a fleet file ({e.Message})";
            return null;
        }
    }

    /// <summary>Writes through a temporary file, so an interrupted run never leaves half a fleet file behind.</summary>
    public static void Save(FleetFile fleet, string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(fleet, Json));
        File.Move(temporary, path, overwrite: true);
    }
}
