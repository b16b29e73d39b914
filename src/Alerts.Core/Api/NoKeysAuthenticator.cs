namespace Alerts.Core.Api;

/// <summary>Until keys exist (no authenticator registered): nobody is authenticated, so every role-protected route answers 401.</summary>
public sealed class NoKeysAuthenticator : IApiKeyAuthenticator
{
    public Task<ApiCaller?> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken = default) => Task.FromResult<ApiCaller?>(null);

    public Task<ApiCaller?> AuthenticateFeedTokenAsync(string feedToken, CancellationToken cancellationToken = default) => Task.FromResult<ApiCaller?>(null);
}
