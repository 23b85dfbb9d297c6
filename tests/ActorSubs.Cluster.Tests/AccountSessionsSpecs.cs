using ActorSubs.Cluster.Accounts;
using ActorSubs.Cluster.Gateway;

namespace ActorSubs.Cluster.Tests;

/// <summary>The account's session bookkeeping as a plain class: strings stand in for the session actors.</summary>
public sealed class AccountSessionsSpecs
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    private static SessionEntry Device(string id, string session = "s") => new(AgentKind.Device, id, session, At);

    private static SessionEntry Host(string id) => new(AgentKind.Host, id, "h", At);

    [Fact]
    public void A_newer_connection_of_the_same_device_replaces_the_older_one()
    {
        var sessions = new AccountSessions<string>();
        sessions.Attach("old", Device("phone", "s-1"));

        var replaced = sessions.Attach("new", Device("phone", "s-2"));

        Assert.Equal(["old"], replaced);
        Assert.Equal(["new"], sessions.Devices().Select(d => d.Session));
        Assert.False(sessions.TryGet("old", out _));
    }

    [Fact]
    public void A_re_attach_of_the_same_session_replaces_nothing()
    {
        var sessions = new AccountSessions<string>();
        sessions.Attach("a", Device("phone"));

        Assert.Empty(sessions.Attach("a", Device("phone")));
        Assert.Equal(["a"], sessions.Devices().Select(d => d.Session));
    }

    [Fact]
    public void A_device_and_a_host_with_the_same_id_are_different_agents()
    {
        var sessions = new AccountSessions<string>();
        sessions.Attach("device", Device("mac"));

        Assert.Empty(sessions.Attach("host", Host("mac")));
        Assert.Equal("host", sessions.HostSession("mac"));
        Assert.Equal(["mac"], sessions.OnlineHosts());
        Assert.Equal(["device"], sessions.Devices().Select(d => d.Session));
    }

    [Fact]
    public void Removing_an_agent_returns_its_sessions_and_leaves_the_others()
    {
        var sessions = new AccountSessions<string>();
        sessions.Attach("p", Device("phone"));
        sessions.Attach("t", Device("tablet"));
        sessions.Attach("h", Host("mac"));

        Assert.Equal(["p"], sessions.RemoveAgent(AgentKind.Device, "phone"));
        Assert.True(sessions.Remove("h"));
        Assert.False(sessions.Remove("h"));

        Assert.Equal(["t"], sessions.Devices().Select(d => d.Session));
        Assert.Null(sessions.HostSession("mac"));
        Assert.Empty(sessions.OnlineHosts());
    }

    [Fact]
    public void An_empty_account_has_no_sessions()
    {
        var sessions = new AccountSessions<string>();

        Assert.True(sessions.IsEmpty);
        Assert.Empty(sessions.Devices());
        Assert.Null(sessions.HostSession("mac"));
    }
}
