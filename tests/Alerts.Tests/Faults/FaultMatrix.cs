namespace Alerts.Tests.Faults;

/// <summary>One row of the fault matrix.</summary>
public sealed record FaultRow(string Case, string Expected, string Result, bool Passed);

/// <summary>
/// The fault matrix of one run (case, expected, result): each case adds its row; the whole matrix is printed by every case
/// and written to TestResults/fault-matrix.md at the repository root when the class is done.
/// </summary>
public sealed class FaultMatrix : IDisposable
{
    private readonly ConcurrentQueue<FaultRow> _rows = new();

    public static string FilePath => Path.Combine(Paths.RepoRoot, "TestResults", "fault-matrix.md");

    public void Add(FaultRow row) => _rows.Enqueue(row);

    public string Render()
    {
        var sb = new StringBuilder();
        sb.AppendLine("| case | expected | result | |");
        sb.AppendLine("|---|---|---|---|");
        foreach (var r in _rows.OrderBy(r => r.Case, StringComparer.Ordinal))
        {
            sb.AppendLine($"| {r.Case} | {r.Expected} | {r.Result} | {(r.Passed ? "pass" : "FAIL")} |");
        }

        return sb.ToString();
    }

    public void Dispose()
    {
        if (_rows.IsEmpty)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        File.WriteAllText(FilePath, "# Fault matrix\n\nWritten by tests/Alerts.Tests/Faults/FaultMatrixTests.cs.\n\n" + Render());
    }
}
