using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActorSubs.LoadTest.Fleet;

/// <summary>How many accounts, and how many devices and hosts on each, a scenario needs.</summary>
public sealed record FleetShape(int Accounts, int DevicesPerAccount, int HostsPerAccount)
{
    public long Devices => (long)Accounts * DevicesPerAccount;

    public long Hosts => (long)Accounts * HostsPerAccount;

    public override string ToString() =>
        $"{Accounts:N0} accounts × {DevicesPerAccount} devices" + (HostsPerAccount > 0 ? $" + {HostsPerAccount} hosts" : "");
}

/// <summary>A device or host agent of the fleet: its id on the account and the token it connects with.</summary>
public sealed record FleetAgent(string Id, string Token, string? Platform = null);

public sealed record FleetAccount(string AccountId, IReadOnlyList<FleetAgent> Devices, IReadOnlyList<FleetAgent> Hosts);

/// <summary>
/// The accounts, devices and hosts a run connects with; saved as the fleet file (<c>--fleet PATH</c>) so a later
/// run against the same node reuses them instead of registering thousands of devices again.
/// </summary>
public sealed record FleetFile(
    int Version, string RunId, DateTimeOffset CreatedAt, IReadOnlyList<string> Targets,
    int DevicesPerAccount, int HostsPerAccount, IReadOnlyList<FleetAccount> Accounts)
{
    public const int CurrentVersion = 1;

    /// <summary>True when the file holds exactly the requested shape (and so can be reused as it is).</summary>
    public bool Matches(FleetShape shape) =>
        Version == CurrentVersion && Accounts.Count == shape.Accounts &&
        DevicesPerAccount == shape.DevicesPerAccount && HostsPerAccount == shape.HostsPerAccount &&
        Accounts.All(a => a.Devices.Count == shape.DevicesPerAccount && a.Hosts.Count == shape.HostsPerAccount);

    public FleetShape Shape => new(Accounts.Count, DevicesPerAccount, HostsPerAccount);
}

/// <summary>One connectable agent with the account it belongs to, in the order clients are made.</summary>
public sealed record FleetMember(FleetAccount Account, FleetAgent Agent, int AccountIndex, int IndexInAccount);

public static class FleetFileExtensions
{
    public static IEnumerable<FleetMember> AllDevices(this FleetFile fleet) =>
        fleet.Accounts.SelectMany((a, i) => a.Devices.Select((d, j) => new FleetMember(a, d, i, j)));
}

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
