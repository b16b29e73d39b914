namespace Alerts.Core.ChangeLog;

/// <summary>Evidence read back from storage: the content (the caller disposes it), its stored content type and length.</summary>
public sealed record StoredEvidence(Stream Content, string? ContentType, long Length);
