namespace Alerts.Core.Api;

/// <summary>Resolves the caller from <c>Authorization: Bearer &lt;key&gt;</c>. Null: no key, or a key that is wrong, revoked or expired.</summary>
public interface IApiKeyAuthenticator
{
    Task<ApiCaller?> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken = default);

    /// <summary>The caller whose key has this feed token (routes that accept one: feed readers cannot send a header), or null.</summary>
    Task<ApiCaller?> AuthenticateFeedTokenAsync(string feedToken, CancellationToken cancellationToken = default);
}
