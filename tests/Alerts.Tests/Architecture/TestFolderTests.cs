using System.Text.RegularExpressions;

namespace Alerts.Tests.Architecture;

/// <summary>
/// The test folders mirror src/: a test lives in the folder of the src/Alerts.Core folder it tests (Sources/Feeds for
/// src/Alerts.Core/Sources/Feeds), in the namespace that folder names; only the harness and the suites that cut across
/// features stand outside that mirror.
/// </summary>
public sealed partial class TestFolderTests
{
    /// <summary>Folders of tests/Alerts.Tests that are not src/Alerts.Core folders, and why.</summary>
    public static readonly IReadOnlyList<string> CrossCutting =
    [
        "Harness", // the fixture, the self-host on Kestrel, Azurite, the fake outside world, the API client
        "Architecture", // rules over the whole code base
        "Hosts", // the Functions app and the self-host, side by side
        "EndToEnd",
        "Faults", // the fault matrix and the limits that hold under faults, across the pipeline
        "ScaleOut",
        "Demo",
        "Infra", // the Bicep templates of the repository's infra/ folder
    ];

    [Fact]
    public void Every_test_file_is_in_a_folder_that_mirrors_src_or_is_named_cross_cutting_and_in_that_folders_namespace()
    {
        var core = Path.Combine(Paths.RepoRoot, "src", "Alerts.Core");
        var srcFolders = Directory.EnumerateDirectories(core, "*", SearchOption.AllDirectories)
            .Select(d => Path.GetRelativePath(core, d).Replace('\\', '/'))
            .Where(d => d.Split('/')[0] is not ("bin" or "obj"))
            .ToHashSet(StringComparer.Ordinal);
        var tests = Path.Combine(Paths.RepoRoot, "tests", "Alerts.Tests");

        var offending = LineLengthTests.SourceFiles([Path.Combine("tests", "Alerts.Tests")])
            .Select(file => Misplaced(Path.GetRelativePath(tests, file).Replace('\\', '/'), File.ReadLines(file), srcFolders))
            .OfType<string>()
            .ToList();

        Assert.True(offending.Count == 0, $"{offending.Count} test files are out of place:\n" + string.Join('\n', offending));
    }

    [Fact]
    public void The_check_names_a_file_outside_the_mirror_and_a_file_whose_namespace_is_not_its_folders()
    {
        HashSet<string> src = ["Sources", "Sources/Feeds", "Polling"];

        Assert.Null(Misplaced("Sources/Feeds/FeedTests.cs", ["namespace Alerts.Tests.Sources.Feeds;"], src));
        Assert.Null(Misplaced("Faults/FaultTests.cs", ["namespace Alerts.Tests.Faults;"], src));
        Assert.Equal(
            "Official/EcfrTests.cs: the folder Official is neither a src/Alerts.Core folder nor a cross-cutting one",
            Misplaced("Official/EcfrTests.cs", ["namespace Alerts.Tests.Official;"], src));
        Assert.Equal(
            "TopTests.cs: the folder (none) is neither a src/Alerts.Core folder nor a cross-cutting one",
            Misplaced("TopTests.cs", ["namespace Alerts.Tests;"], src));
        Assert.Equal(
            "Polling/PollTests.cs: namespace Alerts.Tests.Feeds, not Alerts.Tests.Polling",
            Misplaced("Polling/PollTests.cs", ["using Xunit;", "namespace Alerts.Tests.Feeds;"], src));
    }

    /// <summary>Why <paramref name="file"/> (relative to tests/Alerts.Tests, '/'-separated) is out of place; null when it is not.</summary>
    private static string? Misplaced(string file, IEnumerable<string> lines, HashSet<string> srcFolders)
    {
        var folder = Path.GetDirectoryName(file)?.Replace('\\', '/') ?? "";
        var top = folder.Split('/')[0];
        if (!srcFolders.Contains(folder) && !CrossCutting.Contains(top))
        {
            return $"{file}: the folder {(folder.Length == 0 ? "(none)" : folder)} is neither a src/Alerts.Core folder nor a cross-cutting one";
        }

        var expected = "Alerts.Tests" + (folder.Length == 0 ? "" : "." + folder.Replace('/', '.'));
        var declared = lines.Select(l => Namespace().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
        return declared == expected ? null : $"{file}: namespace {declared ?? "(none)"}, not {expected}";
    }

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;")]
    private static partial Regex Namespace();
}
