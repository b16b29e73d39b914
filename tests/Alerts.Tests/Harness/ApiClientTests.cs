using Alerts.Core.Api;

namespace Alerts.Tests.Harness;

/// <summary>The test client's two ways to the API (Kestrel over HTTP, the dispatcher in process) answer alike.</summary>
public sealed class ApiClientTests
{
    [Fact]
    public async Task A_route_called_over_http_and_in_process_answers_with_the_same_status_type_and_body()
    {
        await using var host = await AccessHost.StartAsync();
        var auditor = await host.CreateKeyAsync(Roles.Auditor);
        await Seed.AppendManyAsync(host.Services, 3);
        var id = (await host.Api.CallAsync("ListChanges", auditor.Secret)).Json.GetProperty("items")[0].GetProperty("id").GetString();
        var inProcess = ApiClient.InProcess(host.App.Services);

        foreach (var (name, key, routeId) in new (string, string?, string?)[]
        {
            ("GetChange", auditor.Secret, id), ("GetChange", auditor.Secret, "no-such-change"), ("GetChange", null, id), ("ListKeys", auditor.Secret, null),
        })
        {
            var http = await host.Api.CallAsync(name, key, id: routeId);
            var local = await inProcess.CallAsync(name, key, id: routeId);

            Assert.Equal((http.Status, http.ContentType), (local.Status, local.ContentType));
            Assert.Equal(http.Status < 400 ? http.Body : Problem(http), local.Status < 400 ? local.Body : Problem(local)); // problems carry a trace id
        }

        Assert.Equal(200, (await host.Api.CallAsync("GetChange", auditor.Secret, id: id)).Status);
        Assert.Equal(401, (await host.Api.CallAsync("GetChange", null, id: id)).Status);
    }

    private static string Problem(ApiReply r) => r.Json.GetProperty("type").GetString() + " " + r.Json.GetProperty("detail");
}
