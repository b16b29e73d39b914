namespace Alerts.Core.Access;

/// <summary>POST /api/keys, GET /api/keys, DELETE /api/keys/{id} (admin).</summary>
public sealed class KeysApi(ApiKeyStore keys, TimeProvider time)
{
    /// <summary>Largest request body accepted for a new key.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    /// <summary>The JSON body of POST /api/keys.</summary>
    public sealed record CreateKeyRequest(string? Name, string? Role, string? Team, DateTimeOffset? ExpiresAt);

    public async Task<IResult> CreateAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        var (body, error) = await ApiRequests.ReadJsonAsync<CreateKeyRequest>(request, MaxBodyBytes, ApiJson.Options, "a new key", cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var draft = new NewApiKey(body!.Name ?? "", body.Role ?? "", body.Team, body.ExpiresAt);
        if (keys.Validate(draft) is { } invalid)
        {
            return Problems.InvalidRequest(invalid);
        }

        var created = await keys.CreateAsync(draft, cancellationToken);
        return Results.Json(Shape(created.Key) with { Key = created.Secret, FeedToken = created.FeedToken }, ApiJson.Options, statusCode: 201);
    }

    public async Task<IResult> ListAsync(CancellationToken cancellationToken = default)
    {
        var all = await keys.ListAsync(cancellationToken);
        return Results.Json(new { items = all.Select(Shape) }, ApiJson.Options);
    }

    public async Task<IResult> RevokeAsync(string id, CancellationToken cancellationToken = default)
    {
        if (id == ApiKeyAuthenticator.BootstrapKeyId)
        {
            return Problems.InvalidRequest("The bootstrap admin key comes from configuration (Alerts:Keys:BootstrapAdminKey): remove or change it there.");
        }

        var revoked = await keys.RevokeAsync(id, cancellationToken);
        return revoked is null ? Problems.NotFound($"No key '{id}'.") : Results.Json(Shape(revoked), ApiJson.Options);
    }

    /// <summary>A key as the API shows it; <see cref="KeyView.Key"/> and <see cref="KeyView.FeedToken"/> only at creation.</summary>
    public sealed record KeyView(string Id, string Name, string Role, string? Team, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, string Status, string Prefix)
    {
        public string? Key { get; init; }
        public string? FeedToken { get; init; }
    }

    private KeyView Shape(ApiKeyInfo k) => new(k.Id, k.Name, k.Role, k.TeamId, k.CreatedAt, k.ExpiresAt, k.RevokedAt, k.StatusAt(time.GetUtcNow()), k.Prefix);
}
