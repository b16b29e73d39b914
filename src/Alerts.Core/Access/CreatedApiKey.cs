namespace Alerts.Core.Access;

/// <summary>A new key with its secrets, returned once at creation and never again.</summary>
public sealed record CreatedApiKey(ApiKeyInfo Key, string Secret, string FeedToken);
