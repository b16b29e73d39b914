namespace Alerts.Core.Detection;

/// <summary>A key that ties an item to a real-world event, in the order it is trusted.</summary>
public sealed record LinkKey(string Key, int Priority);
