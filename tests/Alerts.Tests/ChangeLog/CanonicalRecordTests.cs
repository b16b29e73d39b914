namespace Alerts.Tests.ChangeLog;

/// <summary>
/// The change log's canonical hashed JSON does not move: records stored by earlier code (tests/fixtures/changelog,
/// see its README) read back and serialize to the same bytes and the same hash.
/// </summary>
public sealed class CanonicalRecordTests
{
    private static IEnumerable<(string Json, string Hash)> Stored() =>
        File.ReadAllLines(Path.Combine(Paths.RepoRoot, "tests", "fixtures", "changelog", "canonical-records.tsv"))
            .Where(l => l.Length > 0)
            .Select(l => l.Split('\t'))
            .Select(p => (p[0], p[1]));

    [Fact]
    public void Records_stored_by_earlier_code_give_the_same_canonical_bytes_and_hash()
    {
        var stored = Stored().ToList();
        Assert.Equal(5, stored.Count);
        foreach (var (json, hash) in stored)
        {
            var record = ChangeRecord.FromCanonical(Encoding.UTF8.GetBytes(json));

            Assert.Equal(json, Encoding.UTF8.GetString(record.CanonicalBytes()));
            Assert.Equal(hash, record.ComputeHash());
            Assert.Equal(hash, ChangeRecord.HashOf(Encoding.UTF8.GetBytes(json)));
        }
    }

    [Fact]
    public void The_stored_records_cover_every_change_type_and_severity()
    {
        var records = Stored().Select(s => ChangeRecord.FromCanonical(Encoding.UTF8.GetBytes(s.Json))).ToList();

        Assert.Equal(["added", "modified", "removed"], records.Select(r => Word(r, "changeType")).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(["critical", "high", "info", "low", "medium"], records.Select(r => Word(r, "severity")).Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("changeType", "\"added\"", "\"replaced\"")]
    [InlineData("severity", "\"critical\"", "\"urgent\"")]
    [InlineData("severity", "\"critical\"", "\"\"")]
    [InlineData("severity", "\"critical\"", "3")]
    public void An_unknown_word_in_stored_json_is_an_error_naming_the_field_not_a_default(string field, string stored, string replacement)
    {
        var json = Stored().First().Json.Replace($"\"{field}\":{stored}", $"\"{field}\":{replacement}", StringComparison.Ordinal);
        Assert.Contains($"\"{field}\":{replacement}", json, StringComparison.Ordinal);

        var error = Assert.ThrowsAny<JsonException>(() => ChangeRecord.FromCanonical(Encoding.UTF8.GetBytes(json)));

        Assert.Contains(field, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    private static string Word(ChangeRecord record, string field) =>
        JsonDocument.Parse(record.CanonicalBytes()).RootElement.GetProperty(field).GetString()!;
}
