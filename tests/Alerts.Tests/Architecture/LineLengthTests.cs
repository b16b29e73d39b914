namespace Alerts.Tests.Architecture;

/// <summary>
/// Holds the code to the line length in .editorconfig: max_line_length of the [*.cs] section, for every .cs file under
/// src/, tests/ and bench/ (generated files in obj/ and bin/ left out).
/// </summary>
public sealed class LineLengthTests
{
    private static readonly string[] Roots = ["src", "tests", "bench"];

    [Fact]
    public void No_cs_line_is_longer_than_the_editorconfig_allows()
    {
        var max = MaxLineLength(File.ReadAllLines(Path.Combine(Paths.RepoRoot, ".editorconfig")));
        var tooLong = SourceFiles()
            .SelectMany(file => LongLines(Path.GetRelativePath(Paths.RepoRoot, file), File.ReadAllLines(file), max))
            .ToList();

        Assert.True(
            tooLong.Count == 0,
            $"{tooLong.Count} lines are longer than max_line_length = {max} (.editorconfig, [*.cs]):\n" + string.Join('\n', tooLong));
    }

    [Fact]
    public void The_check_names_the_file_and_line_of_a_line_that_is_too_long()
    {
        string[] lines = ["short", new string('x', 21), new string('y', 20), "", new string('z', 30)];

        var found = LongLines("src/Some.cs", lines, 20);

        Assert.Equal(["src/Some.cs:2: 21 characters", "src/Some.cs:5: 30 characters"], found);
    }

    [Fact]
    public void The_limit_is_read_from_the_cs_section_only()
    {
        string[] config =
        [
            "root = true",
            "[*]",
            "max_line_length = 80",
            "[*.cs]",
            "# a comment",
            "max_line_length = 150",
            "[*.md]",
            "max_line_length = 90",
        ];

        Assert.Equal(150, MaxLineLength(config));
        Assert.Equal(200, MaxLineLength(File.ReadAllLines(Path.Combine(Paths.RepoRoot, ".editorconfig"))));
    }

    [Theory]
    [InlineData("[*.cs]\nindent_size = 4")]
    [InlineData("[*]\nmax_line_length = 120")]
    [InlineData("[*.cs]\nmax_line_length = off")]
    [InlineData("[*.cs]\nmax_line_length = 0")]
    public void A_missing_or_unreadable_limit_is_a_clear_error(string config)
    {
        var error = Assert.Throws<InvalidOperationException>(() => MaxLineLength(config.Split('\n')));
        Assert.Contains("max_line_length", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_check_reads_the_source_but_not_generated_files()
    {
        var files = SourceFiles().Select(f => Path.GetRelativePath(Paths.RepoRoot, f).Replace('\\', '/')).ToList();

        Assert.Contains("tests/Alerts.Tests/Architecture/LineLengthTests.cs", files);
        Assert.Contains(files, f => f.StartsWith("src/Alerts.Core/", StringComparison.Ordinal));
        Assert.Contains(files, f => f.StartsWith("bench/", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f.Contains("/obj/", StringComparison.Ordinal) || f.Contains("/bin/", StringComparison.Ordinal));
    }

    /// <summary>The max_line_length of the [*.cs] section of an .editorconfig.</summary>
    private static int MaxLineLength(IEnumerable<string> editorConfig)
    {
        var inCs = false;
        int? max = null;
        foreach (var raw in editorConfig)
        {
            var line = raw.Trim();
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                inCs = line == "[*.cs]";
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (!inCs || line.StartsWith('#') || line.StartsWith(';') || eq < 0 || line[..eq].Trim() != "max_line_length")
            {
                continue;
            }

            var value = line[(eq + 1)..].Trim();
            max = int.TryParse(value, out var n) && n > 0
                ? n
                : throw new InvalidOperationException($".editorconfig: max_line_length in [*.cs] is '{value}', not a positive whole number.");
        }

        return max ?? throw new InvalidOperationException(".editorconfig: the [*.cs] section has no max_line_length.");
    }

    /// <summary>"file:line: length characters" for each line longer than <paramref name="max"/>.</summary>
    private static IEnumerable<string> LongLines(string file, IReadOnlyList<string> lines, int max) =>
        lines
            .Select((line, i) => (Number: i + 1, line.Length))
            .Where(l => l.Length > max)
            .Select(l => $"{file}:{l.Number}: {l.Length} characters");

    /// <summary>The .cs files under the roots (src/, tests/ and bench/ unless named), obj/ and bin/ left out, in path order.</summary>
    internal static IEnumerable<string> SourceFiles(IEnumerable<string>? roots = null) =>
        (roots ?? Roots)
            .Select(root => Path.Combine(Paths.RepoRoot, root))
            .Where(Directory.Exists)
            .SelectMany(dir => Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories))
            .Where(file => !Path.GetRelativePath(Paths.RepoRoot, file)
                .Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)
                .Any(part => part is "obj" or "bin"))
            .Order(StringComparer.Ordinal);
}
