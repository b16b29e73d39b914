namespace Alerts.Tests.Harness;

/// <summary>Plays the Federal Register API v1 on 127.0.0.1 with the fixture documents.</summary>
public static class FederalRegisterServer
{
    public static string Fixture(string name) => File.ReadAllText(Path.Combine(Paths.Fixtures, "federal-register", name));

    /// <summary>documents.json: the agency search answers page 1 then page 2 (by next_page_url); a term search answers no match.</summary>
    public static Task Documents(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value;
        if (path == "/api/v1/documents.json")
        {
            var q = ctx.Request.Query;
            if (q.ContainsKey("conditions[term]"))
            {
                return LocalServer.Respond(ctx, Fixture("no-results.json"));
            }

            if (q["page"] == "2")
            {
                return LocalServer.Respond(ctx, Fixture("documents-page2.json"));
            }

            // Like the real API, next_page_url repeats the request's conditions on the real host, with the next page.
            var next = "https://www.federalregister.gov" + ctx.Request.Path + ctx.Request.QueryString + "&page=2";
            var page1 = System.Text.Json.Nodes.JsonNode.Parse(Fixture("documents-page1.json"))!;
            page1["next_page_url"] = next;
            return LocalServer.Respond(ctx, page1.ToJsonString());
        }

        if (path == "/api/v1/public-inspection-documents/current.json")
        {
            return LocalServer.Respond(ctx, Fixture("public-inspection-current.json"));
        }

        ctx.Response.StatusCode = 404;
        return LocalServer.Respond(ctx, "{\"status\":404,\"message\":\"not found\"}", status: 404);
    }

    public static Dictionary<string, string?> Settings(Uri server) => new()
    {
        ["Alerts:Sources:federal-register:BaseUrl"] = server.ToString().TrimEnd('/'),
        ["Alerts:Sources:federal-register-public-inspection:BaseUrl"] = server.ToString().TrimEnd('/'),
    };
}
