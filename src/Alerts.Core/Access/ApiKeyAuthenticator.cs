namespace Alerts.Core.Access;

/// <summary>
/// Resolves <c>Authorization: Bearer &lt;key&gt;</c> against the stored keys and the configured bootstrap admin key.
/// Replaces <see cref="NoKeysAuthenticator"/>.
/// </summary>
public sealed class ApiKeyAuthenticator(ApiKeyStore keys, IOptions<ApiKeyOptions> options) : IApiKeyAuthenticator
{
    /// <summary>The caller id of the configured bootstrap admin key.</summary>
    public const string BootstrapKeyId = "bootstrap";

    private readonly byte[]? _bootstrapHash = options.Value.BootstrapAdminKey is { Length: > 0 } b ? SHA256.HashData(Encoding.UTF8.GetBytes(b)) : null;

    public async Task<ApiCaller?> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        if (BearerToken(request) is not { } presented)
        {
            return null;
        }

        if (_bootstrapHash is not null && CryptographicOperations.FixedTimeEquals(_bootstrapHash, SHA256.HashData(Encoding.UTF8.GetBytes(presented))))
        {
            return new ApiCaller(BootstrapKeyId, "bootstrap admin key (configuration)", Roles.Admin, null);
        }

        return await keys.AuthenticateKeyAsync(presented, cancellationToken);
    }

    public Task<ApiCaller?> AuthenticateFeedTokenAsync(string feedToken, CancellationToken cancellationToken = default) =>
        keys.AuthenticateFeedTokenAsync(feedToken, cancellationToken);

    /// <summary>The bearer token of a request, or null.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[scheme.Length..].Trim();
        return token.Length == 0 ? null : token;
    }
}
