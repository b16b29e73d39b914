using Microsoft.AspNetCore.Http;

namespace Alerts.Core.Api;

/// <summary>Roles an API key can have.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Auditor = "auditor";
    public const string Team = "team";

    public static readonly string[] All = [Admin, Auditor, Team];
}

/// <summary>Who is calling: the key's id, name, role, and for a team key its team (webhooks and targets are scoped to it).</summary>
public sealed record ApiCaller(string KeyId, string Name, string Role, string? TeamId)
{
    /// <summary>Admin may do everything; otherwise the role must match.</summary>
    public bool Has(string role) => Role == Roles.Admin || Role == role;
}

/// <summary>Resolves the caller from <c>Authorization: Bearer &lt;key&gt;</c>. Null: no key, or a key that is wrong, revoked or expired.</summary>
public interface IApiKeyAuthenticator
{
    Task<ApiCaller?> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken = default);

    /// <summary>The caller whose key has this feed token (routes that accept one: feed readers cannot send a header), or null.</summary>
    Task<ApiCaller?> AuthenticateFeedTokenAsync(string feedToken, CancellationToken cancellationToken = default);
}

/// <summary>Until keys exist (no authenticator registered): nobody is authenticated, so every role-protected route answers 401.</summary>
public sealed class NoKeysAuthenticator : IApiKeyAuthenticator
{
    public Task<ApiCaller?> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken = default) => Task.FromResult<ApiCaller?>(null);

    public Task<ApiCaller?> AuthenticateFeedTokenAsync(string feedToken, CancellationToken cancellationToken = default) => Task.FromResult<ApiCaller?>(null);
}

public static class HttpContextCallerExtensions
{
    private const string Key = "alerts.caller";

    /// <summary>The authenticated caller of a role-protected route (set by <see cref="ApiHandlers"/>).</summary>
    public static ApiCaller? Caller(this HttpContext context) => context.Items.TryGetValue(Key, out var c) ? c as ApiCaller : null;

    internal static void SetCaller(this HttpContext context, ApiCaller caller) => context.Items[Key] = caller;
}
