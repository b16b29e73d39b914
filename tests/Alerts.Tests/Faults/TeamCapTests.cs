using Alerts.Tests.Webhooks;

namespace Alerts.Tests.Faults;

/// <summary>Per-team caps on webhook endpoints and GitHub targets: one team cannot fill the service with registrations.</summary>
public sealed class TeamCapTests
{
    [Fact]
    public async Task Five_hundred_endpoints_from_one_team_stop_at_the_cap_with_a_problem_naming_it_and_other_teams_are_unaffected()
    {
        await using var kit = await Kit.CreateAsync();
        var created = 0;
        var refused = new List<ApiReply>();

        for (var i = 0; i < 500; i++)
        {
            var r = await kit.Api.CallAsync("CreateWebhook", kit.Keys.TeamA, new { url = $"http://127.0.0.1:9/hook-{i}" });
            if (r.Status == 201)
            {
                created++;
            }
            else
            {
                refused.Add(r);
            }
        }

        var otherTeam = await kit.Api.CallAsync("CreateWebhook", kit.Keys.TeamB, new { url = "http://127.0.0.1:9/hook-b" });
        Assert.Equal(25, created);
        Assert.Equal(475, refused.Count);
        Assert.All(refused, r => Assert.Equal(409, r.Status));
        Assert.EndsWith("/webhook-endpoint-cap", refused[0].Json.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Contains("at most 25 webhook endpoints (setting Alerts:Webhooks:MaxEndpointsPerTeam)", refused[0].Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(25, (await kit.Api.CallAsync("ListWebhooks", kit.Keys.TeamA)).Json.GetProperty("items").GetArrayLength());
        Assert.Equal(201, otherTeam.Status);
    }

    [Fact]
    public async Task GitHub_targets_stop_at_the_configured_cap_with_a_problem_naming_the_setting()
    {
        await using var kit = await Kit.CreateAsync(settings: new Dictionary<string, string?> { ["Alerts:GitHub:MaxTargetsPerTeam"] = "3" });
        var statuses = new List<int>();
        ApiReply? last = null;

        for (var i = 0; i < 5; i++)
        {
            last = await kit.Api.CallAsync("CreateGitHubTarget", kit.Keys.TeamA, new { repository = $"acme/policy-{i}" });
            statuses.Add(last.Status);
        }

        Assert.Equal([201, 201, 201, 409, 409], statuses);
        Assert.EndsWith("/github-target-cap", last!.Json.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Contains("at most 3 GitHub issue targets (setting Alerts:GitHub:MaxTargetsPerTeam)", last.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(201, (await kit.Api.CallAsync("CreateGitHubTarget", kit.Keys.TeamB, new { repository = "acme/policy-b" })).Status);
    }
}
