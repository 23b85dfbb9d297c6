namespace ActorSubs.System.Tests.Support;

/// <summary>The objects of one rendered kustomization, and the node workload among them.</summary>
public sealed class KubeRender(string kustomization, IReadOnlyList<YNode> objects)
{
    public string Kustomization { get; } = kustomization;

    public IReadOnlyList<YNode> Objects { get; } = objects;

    public static KubeRender Of(string kustomization) => new(kustomization, Kustomize.Render(kustomization));

    public IEnumerable<YNode> OfKind(string kind) => Objects.Where(o => o["kind"].Text == kind);

    public YNode? Find(string kind, string name) => OfKind(kind).FirstOrDefault(o => o["metadata"]["name"].Text == name);

    /// <summary>Every workload's pod template (Deployments, StatefulSets, DaemonSets, Jobs).</summary>
    public IEnumerable<YNode> Workloads => Objects.Where(o => o["spec"]["template"]["spec"]["containers"].Exists);

    /// <summary>The workload whose container runs the node image.</summary>
    public YNode Node => Workloads.Single(w => NodeContainerOf(w) is not null);

    public YNode PodSpec => Node["spec"]["template"]["spec"];

    public IReadOnlyDictionary<string, string> PodLabels => Strings(Node["spec"]["template"]["metadata"]["labels"]);

    public YNode Container => NodeContainerOf(Node)!;

    /// <summary>The node container's env entries by name (each has <c>value</c> or <c>valueFrom</c>).</summary>
    public IReadOnlyDictionary<string, YNode> Env => Container["env"].Items.ToDictionary(e => e["name"].Text!, e => e);

    public int? ContainerPort(string name) =>
        Container["ports"].Items.FirstOrDefault(p => p["name"].Text == name)?["containerPort"].Int;

    public static IReadOnlyDictionary<string, string> Strings(YNode map) =>
        map.Entries.ToDictionary(e => e.Key, e => e.Value.Text ?? "");

    /// <summary>An equality-based label selector (<c>app=actorsubs,tier=x</c>) against a label set.</summary>
    public static bool Selects(string selector, IReadOnlyDictionary<string, string> labels) =>
        selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).All(term =>
        {
            var parts = term.Split('=', 2);
            return parts.Length == 2 && labels.TryGetValue(parts[0], out var v) && v == parts[1];
        });

    public static bool Selects(IReadOnlyDictionary<string, string> matchLabels, IReadOnlyDictionary<string, string> labels) =>
        matchLabels.Count > 0 && matchLabels.All(m => labels.TryGetValue(m.Key, out var v) && v == m.Value);

    private static YNode? NodeContainerOf(YNode workload) =>
        workload["spec"]["template"]["spec"]["containers"].Items
            .FirstOrDefault(c => c["image"].Text?.Contains("actorsubs-node", StringComparison.Ordinal) == true);

    public override string ToString() => Kustomization;
}
