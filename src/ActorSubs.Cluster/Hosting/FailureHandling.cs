using System.Globalization;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;

namespace ActorSubs.Cluster.Hosting;

/// <summary>
/// Puts <see cref="FailureDetectionSettings"/> into the actor system: the cluster failure detector and the keep-majority
/// split-brain resolver through Akka.Cluster.Hosting's options, and through HOCON the SBR timings that
/// <c>KeepMajorityOption</c> does not carry (stable-after, down-all-when-unstable) and the down-removal margin.
/// </summary>
public static class FailureHandling
{
    public static ClusterOptions WithFailureHandling(this ClusterOptions cluster, FailureDetectionSettings settings)
    {
        cluster.SplitBrainResolver = new KeepMajorityOption();
        // Only the two timings are set; threshold, min-std-deviation and the rest keep Akka's defaults.
        cluster.FailureDetector = new PhiAccrualFailureDetectorOptions
        {
            HeartbeatInterval = settings.HeartbeatInterval,
            AcceptableHeartbeatPause = settings.AcceptableHeartbeatPause,
        };
        return cluster;
    }

    public static AkkaConfigurationBuilder AddSplitBrainTimings(this AkkaConfigurationBuilder builder, FailureDetectionSettings settings) =>
        builder.AddHocon(
            $$"""
            akka.cluster {
              split-brain-resolver {
                stable-after = {{Hocon(settings.StableAfter)}}
                down-all-when-unstable = {{Hocon(settings.DownAllWhenUnstable)}}
              }
              down-removal-margin = {{Hocon(settings.DownRemovalMargin)}}
            }
            """,
            HoconAddMode.Prepend);

    private static string Hocon(TimeSpan value) => ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
}
