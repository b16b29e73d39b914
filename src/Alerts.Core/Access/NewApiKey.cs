namespace Alerts.Core.Access;

/// <summary>What a key is created with.</summary>
public sealed record NewApiKey(string Name, string Role, string? TeamId = null, DateTimeOffset? ExpiresAt = null);
