namespace Alerts.Core.ChangeLog;

/// <summary>
/// A change as served to someone who verifies the log without the service's code (NDJSON export lines, the CLI's
/// <c>changes --json</c>, <c>GET /api/changes/{id}</c>): every field of the canonical form (the diff included), the
/// <c>hash</c>, the <c>previousHash</c>, and <c>canonical</c>, the canonical JSON text exactly as it was hashed
/// (SHA-256 of its UTF-8 bytes is <c>hash</c>). The canonical form is specified in docs/verifying-the-log.md.
/// </summary>
[JsonConverter(typeof(VerifiableChangeConverter))]
public sealed record VerifiableChange(ChangeRecord Change)
{
    public const string CanonicalProperty = "canonical";

    /// <summary>The stored canonical text when the change was read from the log; otherwise its canonical serialization.</summary>
    public string Canonical => Change.StoredCanonical ?? Encoding.UTF8.GetString(Change.CanonicalBytes());
}
