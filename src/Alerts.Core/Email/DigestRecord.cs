namespace Alerts.Core.Email;

/// <summary>One digest: the changes it covers (recorded before it is sent) and its send state.</summary>
public sealed record DigestRecord(string SubscriberId, string Period, IReadOnlyList<string> ChangeIds, DigestState State, DateTimeOffset? LeaseUntil, ETag ETag);
