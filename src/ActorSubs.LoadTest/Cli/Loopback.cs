using System.Net;

namespace ActorSubs.LoadTest.Cli;

/// <summary>Load is only aimed at this machine unless <c>--allow-remote</c> says otherwise.</summary>
public static class Loopback
{
    public static bool IsLoopbackHost(string host)
    {
        var trimmed = host.Trim().TrimStart('[').TrimEnd(']');
        if (string.Equals(trimmed, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(trimmed, out var address) && IPAddress.IsLoopback(address);
    }

    /// <summary>Parses an http(s) URL and refuses a non-loopback host unless remote targets are allowed.</summary>
    public static Uri ParseTarget(string text, bool allowRemote)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new UsageException($"--target: '{text}' is not an http:// or https:// URL.");
        if (!allowRemote && !IsLoopbackHost(uri.Host))
            throw new UsageException(
                $"--target: host '{uri.Host}' is not a loopback address; pass --allow-remote to load a remote node.");
        return uri;
    }

    /// <summary>Comma-separated targets (a cluster's nodes), each checked like <see cref="ParseTarget"/>; at least one.</summary>
    public static Uri[] ParseTargets(string text, bool allowRemote)
    {
        var targets = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => ParseTarget(t, allowRemote))
            .Distinct()
            .ToArray();
        if (targets.Length == 0) throw new UsageException("--target: no URL given.");
        return targets;
    }
}
