namespace ActorSubs.LoadTest.Cli;

/// <summary>
/// One <c>--name [VALUE]</c> option of a scenario; <see cref="ValueName"/> null makes it a flag. A
/// <see cref="Repeatable"/> option may be given several times; its values are joined with commas.
/// </summary>
public sealed record OptionSpec(string Name, string? ValueName, string Help, string? Default = null, bool Repeatable = false)
{
    public bool IsFlag => ValueName is null;

    public string Synopsis => IsFlag ? $"--{Name}" : $"--{Name} {ValueName}";
}
