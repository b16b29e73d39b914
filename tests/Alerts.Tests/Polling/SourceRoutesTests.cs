namespace Alerts.Tests.Polling;

public sealed class SourceRoutesTests
{
    [Theory]
    [InlineData("ListSources", "sources")]
    [InlineData("PollSource", "sources/federal-register/poll")]
    public void The_route_table_both_hosts_serve_routes_each_source_path_to_its_route(string name, string path)
    {
        var route = ApiRoutes.All.Single(r => r.Name == name);
        var (matched, values, _) = new ApiRouteTable(ApiRoutes.All).Match(route.Method, path);

        Assert.Same(route, matched);
        Assert.Equal(path.Contains('/', StringComparison.Ordinal) ? "federal-register" : null, values["id"]?.ToString());
    }
}
