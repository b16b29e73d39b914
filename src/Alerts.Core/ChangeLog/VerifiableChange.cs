using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

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

/// <summary>Writes the change's own properties (with the caller's options) followed by <c>canonical</c>. Write-only.</summary>
public sealed class VerifiableChangeConverter : JsonConverter<VerifiableChange>
{
    public override VerifiableChange Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("A served change is read as a ChangeRecord (its canonical property is ignored).");

    public override void Write(Utf8JsonWriter writer, VerifiableChange value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        using var change = JsonSerializer.SerializeToDocument(value.Change, options);
        writer.WriteStartObject();
        foreach (var property in change.RootElement.EnumerateObject())
        {
            property.WriteTo(writer);
        }

        writer.WriteString(VerifiableChange.CanonicalProperty, value.Canonical);
        writer.WriteEndObject();
    }
}
