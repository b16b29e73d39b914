namespace Alerts.Core.ChangeLog;

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
