using System.Text.Json;
using Alerts.Core.Api;
using Alerts.Core.ChangeLog;
using Microsoft.AspNetCore.Http;

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
        if (!request.HasJsonContentType())
        {
            return Problems.UnsupportedMediaType("Send the new key as application/json: {\"name\": \"...\", \"role\": \"auditor\", \"team\": null, \"expiresAt\": null}.");
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return Problems.TooLarge($"The body may be at most {MaxBodyBytes} bytes.");
        }

        CreateKeyRequest? body;
        try
        {
            using var limited = new MemoryStream();
            var buffer = new byte[4096];
            int read;
            while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (limited.Length + read > MaxBodyBytes)
                {
                    return Problems.TooLarge($"The body may be at most {MaxBodyBytes} bytes.");
                }

                limited.Write(buffer, 0, read);
            }

            body = JsonSerializer.Deserialize<CreateKeyRequest>(limited.ToArray(), ApiJson.Options);
        }
        catch (JsonException ex)
        {
            return Problems.InvalidRequest($"The body is not valid JSON for a new key: {ex.Message}");
        }

        if (body is null)
        {
            return Problems.InvalidRequest("The body must be a JSON object with name and role.");
        }

        var draft = new NewApiKey(body.Name ?? "", body.Role ?? "", body.Team, body.ExpiresAt);
        if (keys.Validate(draft) is { } error)
        {
            return Problems.InvalidRequest(error);
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
