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
}
