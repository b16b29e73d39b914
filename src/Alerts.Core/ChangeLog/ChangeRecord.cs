using System.Text.Encodings.Web;

namespace Alerts.Core.ChangeLog;

/// <summary>One entry of the change log. Its canonical JSON (without <see cref="Hash"/>) is what the hash covers.</summary>
public sealed record ChangeRecord
{
    /// <summary>Deterministic id: source, item key, previous and new content version.</summary>
    public required string Id { get; init; }
    /// <summary>Position in the chain, gap-free from 1.</summary>
    public long Sequence { get; init; }
    public required string SourceId { get; init; }
    public required string ItemKey { get; init; }
    /// <summary>added, modified or removed (as words in JSON).</summary>
    public required ChangeType ChangeType { get; init; }
    public required string Title { get; init; }
    public string? Url { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
    public DateTimeOffset DetectedAt { get; init; }
    public string? DocumentType { get; init; }
    public bool Official { get; init; } = true;
    public string Jurisdiction { get; init; } = "other";
    public IReadOnlyList<string> Topics { get; init; } = [];
    /// <summary>critical, high, medium, low or info (as words in JSON).</summary>
    public Severity Severity { get; init; } = Severity.Info;
    /// <summary>0 to 1.</summary>
    public double Relevance { get; init; }
    /// <summary>The terms, codes and fields that produced the classification.</summary>
    public IReadOnlyList<string> Matched { get; init; } = [];
    /// <summary>One line: what changed.</summary>
    public string? Summary { get; init; }
    /// <summary>Abstract or description of the item, plain text.</summary>
    public string? Description { get; init; }
    public string? StoryId { get; init; }
    /// <summary>The previous change of the same item, when there was one.</summary>
    public string? PreviousChangeId { get; init; }
    public IReadOnlyList<string> References { get; init; } = [];
    /// <summary>Content version of the item after the change ("" when removed).</summary>
    public string ContentVersion { get; init; } = "";
    public string? PreviousContentVersion { get; init; }
    public IReadOnlyList<FieldChange> Diff { get; init; } = [];
    public Evidence? Evidence { get; init; }
    /// <summary>Hash of the previous entry (64 zeros for the first).</summary>
    public string PreviousHash { get; init; } = "";
    /// <summary>SHA-256 of this entry's canonical JSON without this property.</summary>
    public string? Hash { get; init; }
    /// <summary>The canonical JSON exactly as stored and hashed, when read from the log (null on a draft). Never serialized.</summary>
    [JsonIgnore]
    public string? StoredCanonical { get; init; }

    private static readonly JsonSerializerOptions Canonical = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    /// <summary>The canonical UTF-8 JSON the hash is computed over.</summary>
    public byte[] CanonicalBytes() => JsonSerializer.SerializeToUtf8Bytes(this with { Hash = null }, Canonical);

    public string ComputeHash() => Convert.ToHexStringLower(SHA256.HashData(CanonicalBytes()));

    public static ChangeRecord FromCanonical(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize<ChangeRecord>(utf8, Canonical) ?? throw new JsonException("empty change record");

    public static string HashOf(ReadOnlySpan<byte> canonical) => Convert.ToHexStringLower(SHA256.HashData(canonical));

    public static string NewId(string sourceId, string itemKey, string? previousVersion, string newVersion)
    {
        var h = SHA256.HashData(Encoding.UTF8.GetBytes($"{sourceId}\n{itemKey}\n{previousVersion}\n{newVersion}"));
        return "chg_" + Convert.ToHexStringLower(h.AsSpan(0, 16));
    }
}
