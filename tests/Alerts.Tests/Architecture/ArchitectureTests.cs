using Xunit.Abstractions;

namespace Alerts.Tests.Architecture;

/// <summary>Holds the folder graph of ARCHITECTURE.md: which folder may use which. Read from the compiled code.</summary>
public sealed class ArchitectureTests(ITestOutputHelper output)
{
    [Fact]
    public void Prints_the_folder_graph()
    {
        var graph = FolderGraph.Load();
        output.WriteLine(graph.Describe());
        Assert.NotEmpty(graph.Edges);
    }

    [Fact]
    public void Watchlists_use_only_the_folders_they_may_and_only_the_composition_root_uses_them()
    {
        var graph = FolderGraph.Load();
        string[] allowed = ["Api", "Storage", "ChangeLog", "Detection", "Delivery", "Sources"];

        var uses = graph.Edges.Keys.Where(e => e.From == "Watchlists").Select(e => e.To).ToList();
        var usedBy = graph.Edges.Keys.Where(e => e.To == "Watchlists").Select(e => e.From).ToList();

        Assert.Contains("Api", uses);
        Assert.All(uses, to => Assert.True(allowed.Contains(to), graph.Edges[("Watchlists", to)]));
        Assert.All(usedBy, from => Assert.True(from == "Core", graph.Edges[(from, "Watchlists")]));
    }
}
