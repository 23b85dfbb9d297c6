using System.Text.RegularExpressions;
using ActorSubs.Cluster.Hosting;
using ActorSubs.System.Tests.Support;

namespace ActorSubs.System.Tests;

/// <summary>Every kustomization under k8s/ renders, and what it renders matches the node and its image.</summary>
public sealed class KustomizeSpecs
{
    public static TheoryData<string> Kustomizations => new(Kustomize.Kustomizations);

    private readonly Dockerfile _dockerfile = Dockerfile.Load(RepoFiles.Dockerfile);

    [SkippableTheory, MemberData(nameof(Kustomizations))]
    public void Probes_ask_the_node_health_routes_on_its_http_port(string kustomization)
    {
        var k8s = KubeRender.Of(kustomization);
        Assert.Equal(_dockerfile.HttpPort, k8s.ContainerPort("http"));
        AssertProbe(k8s, "readinessProbe", NodeRoutes.Ready);
        AssertProbe(k8s, "livenessProbe", NodeRoutes.Live);
        if (k8s.Container["startupProbe"].Exists) AssertProbe(k8s, "startupProbe", NodeRoutes.Live);
    }

    [SkippableTheory, MemberData(nameof(Kustomizations))]
    public void Container_ports_are_the_ones_the_node_binds_and_the_image_exposes(string kustomization)
    {
        var k8s = KubeRender.Of(kustomization);
        var cluster = ClusterOf(k8s);
        Assert.Equal(cluster.Port, k8s.ContainerPort("remoting"));
        // The bootstrap finds its peers' Akka.Management endpoint by this port name.
        Assert.Equal(cluster.ManagementPort, k8s.ContainerPort("management"));
        foreach (var port in k8s.Container["ports"].Items)
            Assert.Contains(port["containerPort"].Int!.Value, _dockerfile.ExposedPorts);
    }

    [SkippableTheory, MemberData(nameof(Kustomizations))]
    public void Every_ActorSubs_variable_binds_to_an_option_and_the_cluster_settings_validate(string kustomization)
    {
        var k8s = KubeRender.Of(kustomization);
        var problems = k8s.Env.Where(e => e.Key.StartsWith("ActorSubs__", StringComparison.Ordinal))
            .Select(e => OptionsCatalog.Problem(e.Key, e.Value["value"].Text)).OfType<string>().ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        var cluster = ClusterOf(k8s);
        Assert.True(cluster.UsesKubernetesDiscovery, "ActorSubs__Cluster__Discovery is not kubernetes");
        Assert.Equal("status.podIP", k8s.Env["ActorSubs__Cluster__Hostname"]["valueFrom"]["fieldRef"]["fieldPath"].Text);
        var replicas = k8s.Node["spec"]["replicas"].Int ?? 1;
        Assert.True(cluster.RequiredContactPoints <= replicas,
            $"RequiredContactPoints {cluster.RequiredContactPoints} > {replicas} replicas: the bootstrap would never form a cluster");
    }

    [SkippableTheory, MemberData(nameof(Kustomizations))]
    public void The_discovery_selector_picks_the_node_pods_and_nothing_else(string kustomization)
    {
        var k8s = KubeRender.Of(kustomization);
        var selector = ClusterOf(k8s).PodLabelSelector;
        Assert.True(KubeRender.Selects(selector, k8s.PodLabels), $"selector {selector} misses the pod labels");
        foreach (var other in k8s.Workloads.Where(w => w != k8s.Node))
            Assert.False(KubeRender.Selects(selector, KubeRender.Strings(other["spec"]["template"]["metadata"]["labels"])),
                $"selector {selector} also picks {other["metadata"]["name"]}");
        Assert.True(KubeRender.Selects(KubeRender.Strings(k8s.Node["spec"]["selector"]["matchLabels"]), k8s.PodLabels));
    }

    [SkippableTheory, MemberData(nameof(Kustomizations))]
    public void The_services_and_the_disruption_budget_select_the_node_pods(string kustomization)
    {
        var k8s = KubeRender.Of(kustomization);
        var services = k8s.OfKind("Service").Where(s => KubeRender.Selects(KubeRender.Strings(s["spec"]["selector"]), k8s.PodLabels)).ToList();
        var headless = Assert.Single(services, s => s["spec"]["clusterIP"].Text == "None");
        Assert.Equal(["management", "remoting"], headless["spec"]["ports"].Items.Select(p => p["targetPort"].Text).Order());
        Assert.Contains(services, s => s["spec"]["ports"].Items.Any(p => p["targetPort"].Text == "http"));

        var pdb = Assert.Single(k8s.OfKind("PodDisruptionBudget"));
        Assert.True(KubeRender.Selects(KubeRender.Strings(pdb["spec"]["selector"]["matchLabels"]), k8s.PodLabels), "the PDB selects no node pod");
    }

    [SkippableTheory, MemberData(nameof(Kustomizations))]
    public void The_pods_service_account_may_get_watch_and_list_pods(string kustomization)
    {
        var k8s = KubeRender.Of(kustomization);
        var account = k8s.PodSpec["serviceAccountName"].Text;
        Assert.NotNull(account);
        var serviceAccount = k8s.Find("ServiceAccount", account!);
        Assert.True(serviceAccount is not null, $"ServiceAccount {account} is not in the render");
        var namespaceName = k8s.Node["metadata"]["namespace"].Text;

        var binding = k8s.OfKind("RoleBinding").SingleOrDefault(b => b["subjects"].Items.Any(s =>
            s["kind"].Text == "ServiceAccount" && s["name"].Text == account && s["namespace"].Text == namespaceName));
        Assert.True(binding is not null, $"no RoleBinding names ServiceAccount {account} in namespace {namespaceName}");
        Assert.Equal("Role", binding!["roleRef"]["kind"].Text);
        var role = k8s.Find("Role", binding["roleRef"]["name"].Text!);
        Assert.True(role is not null, $"Role {binding["roleRef"]["name"]} is not in the render");
        var rule = role!["rules"].Items.SingleOrDefault(r =>
            r["apiGroups"].Items.Any(g => g.Text == "") && r["resources"].Items.Any(x => x.Text == "pods"));
        Assert.True(rule is not null, "the Role has no rule on core pods");
        Assert.Subset(rule!["verbs"].Items.Select(v => v.Text).ToHashSet(), new HashSet<string?> { "get", "watch", "list" });
    }

    [SkippableTheory]
    [InlineData("k8s/base")]
    [InlineData("k8s/overlays/dev")]
    public void Every_secret_reference_resolves_and_every_secret_key_is_used(string kustomization)
    {
        var k8s = KubeRender.Of(kustomization);
        var references = SecretReferences(k8s);
        foreach (var (secret, key) in references)
        {
            var found = k8s.Find("Secret", secret);
            Assert.True(found is not null, $"Secret {secret} is not in the render");
            Assert.True(found!["stringData"][key].Exists || found["data"][key].Exists, $"Secret {secret} has no key {key}");
        }
        foreach (var secret in references.Select(r => r.Secret).Distinct())
        {
            var keys = k8s.Find("Secret", secret)!["stringData"].Entries.Select(e => e.Key);
            Assert.All(keys, key => Assert.Contains((secret, key), references));
        }
        // The operator key and the connection string are secrets, never literal values in the manifest.
        Assert.True(k8s.Env["ActorSubs__Admin__ApiKey"]["valueFrom"]["secretKeyRef"].Exists, "the operator key is not read from a Secret");
        Assert.True(k8s.Env["ActorSubs__Persistence__ConnectionString"]["valueFrom"]["secretKeyRef"].Exists, "the connection string is not read from a Secret");
        Assert.True(k8s.Env["ActorSubs__Payments__Cleverbridge__ApiKey"]["valueFrom"]["secretKeyRef"].Exists, "the Cleverbridge API key is not read from a Secret");
        Assert.True(k8s.Env["ActorSubs__Payments__GooglePlay__AccessToken"]["valueFrom"]["secretKeyRef"].Exists, "the Google Play token is not read from a Secret");
    }

    [SkippableTheory, MemberData(nameof(Kustomizations))]
    public void The_payment_provider_is_named_as_a_node_outside_Development_requires_and_only_the_laptop_overlay_bills_nobody(string kustomization)
    {
        var k8s = KubeRender.Of(kustomization);

        var provider = k8s.Env["ActorSubs__Payments__Provider"]["value"].Text;

        Assert.Equal(kustomization == "k8s/overlays/dev" ? "Simulated" : "Http", provider);
    }

    [SkippableFact]
    public void Production_renders_no_node_Secret_so_an_apply_never_overwrites_the_real_one()
    {
        var k8s = KubeRender.Of("k8s/overlays/prod");
        foreach (var (secret, _) in SecretReferences(k8s))
            Assert.Null(k8s.Find("Secret", secret));
        Assert.DoesNotContain(k8s.Workloads, w => w["spec"]["template"]["spec"]["containers"].Items.Any(c => c["image"].Text?.StartsWith("postgres") == true));
    }

    [SkippableFact]
    public void Development_bundles_a_PostgreSQL_that_the_connection_string_names()
    {
        var k8s = KubeRender.Of("k8s/overlays/dev");
        var postgres = Assert.Single(k8s.Workloads, w => w["spec"]["template"]["spec"]["containers"].Items.Any(c => c["image"].Text == "postgres:15"));
        Assert.Equal(1, postgres["spec"]["replicas"].Int);
        var connection = k8s.Find("Secret", "actorsubs")!["stringData"][k8s.Env["ActorSubs__Persistence__ConnectionString"]["valueFrom"]["secretKeyRef"]["key"].Text!].Text!;
        var host = Regex.Match(connection, "Host=([^;]+)").Groups[1].Value;
        var service = k8s.Find("Service", host);
        Assert.True(service is not null, $"the connection string names host {host}, which is no Service");
        Assert.True(KubeRender.Selects(KubeRender.Strings(service!["spec"]["selector"]), KubeRender.Strings(postgres["spec"]["template"]["metadata"]["labels"])));
    }

    [SkippableTheory, MemberData(nameof(Kustomizations))]
    public void Kubernetes_waits_for_preStop_the_drain_and_the_cluster_leave_before_it_kills_a_pod(string kustomization)
    {
        var k8s = KubeRender.Of(kustomization);
        var grace = k8s.PodSpec["terminationGracePeriodSeconds"].Int ?? 30;
        var preStop = k8s.Container["lifecycle"]["preStop"];
        var preStopSeconds = preStop["sleep"]["seconds"].Int
            ?? (preStop["exec"]["command"].Items.Select(c => c.Text).ToList() is ["sleep", var s] ? int.Parse(s!) : 0);
        var needed = preStopSeconds + ShutdownBudget.Node.TotalSeconds;
        Assert.True(grace >= needed, $"terminationGracePeriodSeconds {grace} < preStop {preStopSeconds} s + node shutdown {ShutdownBudget.Node.TotalSeconds} s");
    }

    [SkippableTheory, MemberData(nameof(Kustomizations))]
    public void The_node_container_has_resource_requests_and_limits_and_runs_as_non_root(string kustomization)
    {
        var k8s = KubeRender.Of(kustomization);
        foreach (var part in new[] { "requests", "limits" })
        {
            Assert.True(k8s.Container["resources"][part]["cpu"].Exists, $"no cpu {part}");
            Assert.True(k8s.Container["resources"][part]["memory"].Exists, $"no memory {part}");
        }
        Assert.Equal("true", k8s.PodSpec["securityContext"]["runAsNonRoot"].Text);
    }

    private static ClusterSettings ClusterOf(KubeRender k8s)
    {
        // Values from the pod or a secret are not in the render: stand-ins of the right shape.
        var env = k8s.Env.ToDictionary(e => e.Key, e => e.Value["value"].Text ?? (e.Key.EndsWith("Hostname") ? "10.0.0.1" : "from-secret"));
        return NodeSettings.Read<ClusterSettings>(env, ClusterSettings.Section, o => o.Validate());
    }

    private static List<(string Secret, string Key)> SecretReferences(KubeRender k8s) =>
        k8s.Container["env"].Items.Select(e => e["valueFrom"]["secretKeyRef"]).Where(r => r.Exists)
            .Select(r => (r["name"].Text!, r["key"].Text!)).ToList();

    private static void AssertProbe(KubeRender k8s, string probe, string path)
    {
        var get = k8s.Container[probe]["httpGet"];
        Assert.True(get.Exists, $"{k8s}: no {probe} with httpGet");
        Assert.Equal(path, get["path"].Text);
        Assert.Contains(get["port"].Text, new[] { "http", k8s.ContainerPort("http").ToString() });
    }
}
