using Alerts.Core.Access;

namespace Alerts.Tests.Harness;

/// <summary>Real API keys created in a test's own key store: one for each of two teams, an auditor and an admin.</summary>
public sealed record TestKeys(string TeamA, string TeamB, string Auditor, string Admin)
{
    public static async Task<TestKeys> CreateAsync(TestServices services)
    {
        var store = services.Get<ApiKeyStore>();
        async Task<string> Create(string name, string role, string? team = null) =>
            (await store.CreateAsync(new NewApiKey(name, role, team))).Secret;

        return new TestKeys(
            await Create("team a key", Roles.Team, "team-a"),
            await Create("team b key", Roles.Team, "team-b"),
            await Create("auditor key", Roles.Auditor),
            await Create("admin key", Roles.Admin));
    }
}
