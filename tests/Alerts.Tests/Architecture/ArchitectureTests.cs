using Xunit.Abstractions;

namespace Alerts.Tests.Architecture;

/// <summary>Holds the folder graph of ARCHITECTURE.md: which folder may use which. Read from the compiled code.</summary>
public sealed class ArchitectureTests(ITestOutputHelper output)
{
    private static readonly string[] Features = ["Access", "ChangeLog", "Delivery", "Detection", "Email", "GitHub", "Polling", "Sources", "Webhooks", "Web"];

    /// <summary>Arrows that must never exist, each with the reason.</summary>
    private static readonly (string From, string To, string Why)[] Forbidden =
    [
        // (Sources may use GitHub/ for its one client factory, options and rate-limit reader.)
        .. new[] { "ChangeLog", "Delivery", "Detection", "Polling", "Email", "Webhooks", "Access", "Functions", "Server", "Composition" }
            .Select(to => ("Sources", to, "a source turns a document into items and knows nothing of what follows")),
        .. Features.Concat(["Api", "Storage", "Core"]).SelectMany(f => new[] { "Functions", "Server" }.Select(h => (f, h, "Core never reaches a host"))),
        ("Functions", "Server", "the hosts never reach each other"),
        ("Server", "Functions", "the hosts never reach each other"),
        .. Features.Concat(["Composition"]).Select(f => ("Api", f, "Api holds only what every route shares")),
        .. Features.Concat(["Api", "Composition"]).Select(f => ("Storage", f, "Storage is the bottom layer")),
        .. new[] { "Email", "Webhooks", "GitHub", "Polling", "Access" }.Select(f => ("Delivery", f, "Delivery is the engine; channels plug into it")),
        ("Polling", "Delivery", "a poll enqueues through Storage's queue sender, not the delivery engine"),
        ("ChangeLog", "Polling", "the log knows nothing of how changes are found"),
        .. Features.Concat(["Api", "Storage"]).Select(f => (f, "Composition", "only the hosts use the composition root")),
    ];

    [Fact]
    public void Prints_the_folder_graph()
    {
        var graph = FolderGraph.Load();
        output.WriteLine(graph.Describe());
        Assert.NotEmpty(graph.Edges);
    }

    [Fact]
    public void No_folder_uses_a_folder_it_must_not()
    {
        var graph = FolderGraph.Load();
        var offending = Forbidden
            .Where(rule => graph.Edges.ContainsKey((rule.From, rule.To)))
            .Select(rule => $"{rule.From} -> {rule.To} ({rule.Why}): {graph.Edges[(rule.From, rule.To)]}")
            .ToList();

        Assert.True(offending.Count == 0, "Arrows that must not exist:\n" + string.Join('\n', offending));
    }

    [Fact]
    public void The_arrows_between_folders_run_one_way()
    {
        // A cycle (A uses B and B, directly or not, uses A) names its folders and the type that makes each arrow.
        var graph = FolderGraph.Load();
        var edges = graph.Edges.Keys.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList());
        var cycles = new List<string>();
        foreach (var start in edges.Keys.Order(StringComparer.Ordinal))
        {
            var path = FindPath(edges, start, start, [start]);
            if (path is not null)
            {
                cycles.Add(string.Join(" -> ", path) + ": " + string.Join("; ", path.Zip(path.Skip(1)).Select(p => graph.Edges[(p.First, p.Second)])));
            }
        }

        Assert.True(cycles.Count == 0, "Folders that use each other:\n" + string.Join('\n', cycles));
    }

    private static List<string>? FindPath(Dictionary<string, List<string>> edges, string from, string target, List<string> path)
    {
        foreach (var next in edges.GetValueOrDefault(from) ?? [])
        {
            if (next == target)
            {
                return [.. path, next];
            }

            if (!path.Contains(next) && FindPath(edges, next, target, [.. path, next]) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    [Fact]
    public void The_rule_catches_an_arrow_that_exists()
    {
        // The reader finds real arrows (a rule over an empty graph would pass whatever the code does).
        var graph = FolderGraph.Load();
        Assert.Contains(("Polling", "Sources"), graph.Edges.Keys);
        Assert.Contains(("Functions", "Api"), graph.Edges.Keys);
        Assert.Contains(graph.Edges, e => e.Key == ("Email", "Delivery") && e.Value.StartsWith("Alerts.Core.Email.", StringComparison.Ordinal));
    }

    [Fact]
    public void Watchlists_use_only_the_folders_they_may_and_only_the_composition_root_uses_them()
    {
        var graph = FolderGraph.Load();
        // Email: a subscriber owns watchlists through their manage token, and Email tells Watchlists (ISubscriberData) when they leave.
        string[] allowed = ["Api", "Core", "Storage", "ChangeLog", "Detection", "Delivery", "Sources", "Email"];

        var uses = graph.Edges.Keys.Where(e => e.From == "Watchlists").Select(e => e.To).ToList();
        var usedBy = graph.Edges.Keys.Where(e => e.To == "Watchlists").Select(e => e.From).ToList();

        Assert.Contains("Api", uses);
        Assert.All(uses, to => Assert.True(allowed.Contains(to), graph.Edges[("Watchlists", to)]));
        Assert.All(usedBy, from => Assert.True(from == "Composition", graph.Edges[(from, "Watchlists")]));
    }
}
