namespace Alerts.Core.Api;

/// <summary>Roles an API key can have.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Auditor = "auditor";
    public const string Team = "team";

    public static readonly string[] All = [Admin, Auditor, Team];
}
