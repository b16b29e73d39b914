namespace Alerts.Core.Api;

/// <summary>Who is calling: the key's id, name, role, and for a team key its team (webhooks and targets are scoped to it).</summary>
public sealed record ApiCaller(string KeyId, string Name, string Role, string? TeamId)
{
    /// <summary>Admin may do everything; otherwise the role must match.</summary>
    public bool Has(string role) => Role == Roles.Admin || Role == role;
}
