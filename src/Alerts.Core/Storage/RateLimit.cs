namespace Alerts.Core.Storage;

/// <summary>A limit: at most <paramref name="Permits"/> requests per key in each fixed <paramref name="Window"/>.</summary>
public sealed record RateLimit(string Name, int Permits, TimeSpan Window);
