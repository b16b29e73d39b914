using System.Text.RegularExpressions;

namespace Alerts.Tests.Architecture;

/// <summary>
/// One type per file under src/: each file declares one top-level type, named like the file (nested types and
/// <c>file</c>-scoped helpers aside; a partial type may span files).
/// </summary>
public sealed partial class OneTypePerFileTests
{
    [Fact]
    public void Each_source_file_declares_one_top_level_type_named_like_the_file()
    {
        var offending = LineLengthTests.SourceFiles(["src"])
            .Select(file => (File: Path.GetRelativePath(Paths.RepoRoot, file), Types: TopLevelTypes(File.ReadAllLines(file))))
            .Where(f => f.Types.Count > 1 || (f.Types.Count == 1 && f.Types[0] != Path.GetFileNameWithoutExtension(f.File)))
            .Select(f => $"{f.File}: {string.Join(", ", f.Types)}")
            .ToList();

        Assert.True(offending.Count == 0, $"{offending.Count} files break one type per file:\n" + string.Join('\n', offending));
    }

    [Fact]
    public void The_check_finds_every_top_level_type_but_not_nested_or_file_scoped_ones()
    {
        string[] lines =
        [
            "namespace X;",
            "public sealed record Row(string Id);",
            "/// <summary>The store.</summary>",
            "public sealed partial class Store(int n)",
            "{",
            "    private sealed record Nested(int A);",
            "}",
            "file static class Helper",
            "{",
            "}",
            "internal enum Kind",
            "{",
            "}",
            "public interface IThing;",
            "public readonly record struct Point(int X, int Y);",
        ];

        Assert.Equal(["Row", "Store", "Kind", "IThing", "Point"], TopLevelTypes(lines));
    }

    /// <summary>Types declared at the start of a line (file-scoped namespaces: top level), <c>file</c> types left out.</summary>
    private static List<string> TopLevelTypes(IEnumerable<string> lines) =>
        [.. lines.Select(l => Declaration().Match(l)).Where(m => m.Success).Select(m => m.Groups["name"].Value)];

    [GeneratedRegex(
        @"^(?:(?:public|internal)\s+)?(?:(?:sealed|static|abstract|readonly|partial|ref)\s+)*" +
        @"(?:record\s+struct|record\s+class|class|record|struct|enum|interface)\s+(?<name>[A-Za-z_]\w*)" +
        @"|^(?:public|internal)\s+delegate\s+\S+\s+(?<name>[A-Za-z_]\w*)")]
    private static partial Regex Declaration();
}
