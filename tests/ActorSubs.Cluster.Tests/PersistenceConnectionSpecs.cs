using ActorSubs.Cluster.Hosting;
using Npgsql;

namespace ActorSubs.Cluster.Tests;

/// <summary>The connection string the node connects with (<see cref="PersistenceSettings.EffectiveConnectionString"/>).</summary>
public sealed class PersistenceConnectionSpecs
{
    private const string Postgres = "Host=127.0.0.1;Port=5432;Username=actorsubs;Password=secret;Database=actorsubs";

    [Fact]
    public void On_PostgreSQL_pooled_connections_are_not_reset_and_statements_are_prepared_unless_the_operator_says_otherwise()
    {
        var effective = new NpgsqlConnectionStringBuilder(Settings(Postgres).EffectiveConnectionString);

        Assert.True(effective.NoResetOnClose);
        Assert.Equal(32, effective.MaxAutoPrepare);
        Assert.Equal("actorsubs", effective.Database);
        Assert.Equal("secret", effective.Password);
    }

    [Theory]
    [InlineData("No Reset On Close=false;Max Auto Prepare=0")]
    [InlineData("noresetonclose=false;MaxAutoPrepare=0")]
    public void An_operators_own_choice_is_kept_however_it_is_spelled(string choice)
    {
        var effective = new NpgsqlConnectionStringBuilder(Settings($"{Postgres};{choice}").EffectiveConnectionString);

        Assert.False(effective.NoResetOnClose);
        Assert.Equal(0, effective.MaxAutoPrepare);
    }

    [Fact]
    public void A_SQLite_connection_string_is_used_as_given()
    {
        var sqlite = new PersistenceSettings { Provider = PersistenceProvider.Sqlite, ConnectionString = "Data Source=data/actorsubs.db" };

        Assert.Equal("Data Source=data/actorsubs.db", sqlite.EffectiveConnectionString);
    }

    private static PersistenceSettings Settings(string connectionString) =>
        new() { Provider = PersistenceProvider.PostgreSql, ConnectionString = connectionString };
}
