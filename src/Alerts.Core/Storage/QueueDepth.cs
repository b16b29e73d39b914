namespace Alerts.Core.Storage;

/// <summary>Depth of one work queue and of its poison queue.</summary>
public sealed record QueueDepth(string Queue, string Name, int Depth, int PoisonDepth);
