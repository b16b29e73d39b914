namespace Alerts.Core.Storage;

/// <summary>Progress of a replay: messages moved so far.</summary>
public sealed record ReplayResult(string Queue, int Moved, int Remaining);
