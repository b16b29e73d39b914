using Microsoft.AspNetCore.Routing.Template;

namespace Alerts.Core.Api;

/// <summary>
/// The routes a host serves (registered once by the composition root), ordered so that literal segments win over
/// parameters (<c>changes/verify</c> before <c>changes/{id}</c>), with a matcher for hosts that route one catch-all
/// trigger through the table.
/// </summary>
public sealed class ApiRouteTable
{
    private readonly (ApiRoute Route, TemplateMatcher Matcher)[] _matchers;

    public ApiRouteTable(IEnumerable<ApiRoute> routes)
    {
        All = [.. routes];
        var duplicate = All.GroupBy(r => r.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)
            ?? All.GroupBy(r => r.Method + " " + r.Route, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"The API route table declares {duplicate.Key} twice.");
        }

        ByName = All.ToDictionary(r => r.Name, StringComparer.Ordinal);
        _matchers = [.. All
            .Select(r => (Route: r, Template: TemplateParser.Parse(r.Route)))
            .OrderBy(x => RoutePrecedence.ComputeInbound(x.Template))
            .Select(x => (x.Route, new TemplateMatcher(x.Template, new Microsoft.AspNetCore.Routing.RouteValueDictionary())))];
    }

    public IReadOnlyList<ApiRoute> All { get; }

    public IReadOnlyDictionary<string, ApiRoute> ByName { get; }

    /// <summary>The route for a method and a path below /api (no leading slash), with its route values; null when none matches.</summary>
    public (ApiRoute? Route, Microsoft.AspNetCore.Routing.RouteValueDictionary Values, bool PathKnown) Match(string method, string path)
    {
        var pathKnown = false;
        foreach (var (route, matcher) in _matchers)
        {
            var values = new Microsoft.AspNetCore.Routing.RouteValueDictionary();
            if (!matcher.TryMatch("/" + path.Trim('/'), values))
            {
                continue;
            }

            pathKnown = true;
            if (string.Equals(route.Method, method, StringComparison.OrdinalIgnoreCase))
            {
                return (route, values, true);
            }
        }

        return (null, [], pathKnown);
    }
}
