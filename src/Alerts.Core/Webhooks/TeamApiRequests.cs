namespace Alerts.Core.Webhooks;

/// <summary>Request plumbing of the team endpoints: the caller's team, a bounded JSON body.</summary>
internal static class TeamApiRequests
{
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>The caller's team, or a 403 for a key without one.</summary>
    public static (string? TeamId, IResult? Error) Team(HttpContext context) =>
        context.Caller()?.TeamId is { Length: > 0 } team
            ? (team, null)
            : (null, Problems.Forbidden("This endpoint needs a team key: webhooks and GitHub targets belong to a team."));

    /// <summary>Reads a JSON object body: application/json, at most 64 KiB, well-formed.</summary>
    public static Task<(JsonElement Body, IResult? Error)> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ApiRequests.ReadObjectAsync(request, MaxBodyBytes, cancellationToken);

    /// <summary>The caller's team and its JSON object body, or the first of their errors (the 403 before reading the body).</summary>
    public static async Task<(string Team, JsonElement Body, IResult? Error)> TeamAndObjectAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var (team, denied) = Team(context);
        if (denied is not null)
        {
            return ("", default, denied);
        }

        var (body, bad) = await ReadObjectAsync(context.Request, cancellationToken);
        return (team!, body, bad);
    }

    public static bool TryString(JsonElement body, string name, int maxLength, out string? value, out string? error)
    {
        value = null;
        error = null;
        if (!body.TryGetProperty(name, out var p) || p.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (p.ValueKind != JsonValueKind.String)
        {
            error = $"{name} must be a string.";
            return false;
        }

        value = p.GetString();
        if (value!.Length > maxLength)
        {
            error = $"{name} may be at most {maxLength} characters (got {value.Length}).";
            return false;
        }

        return true;
    }
}
