using Alerts.Core.Sources.ScreeningList;

namespace Alerts.Server.Demo;

/// <summary>
/// Plays the demo's three sources from the recorded documents in <c>Demo/replay/</c> (see its README.md), speaking each
/// service's own API: the Federal Register's <c>documents.json</c> (pages followed by <c>next_page_url</c>, a full-text
/// term search that matches nothing), the Consolidated Screening List's CSV bulk file and USTR's press-release feed, the
/// last two with a strong ETag and 304 to a matching <c>If-None-Match</c>. <see cref="Stage"/> 0 serves the
/// <c>-before</c> documents (one entry left out of each); from stage 1 the Federal Register and the feed are complete, from
/// stage 2 the screening list too, so the left-out entries arrive as new ones.
/// </summary>
public sealed class DemoReplay
{
    public const string FederalRegisterPath = "/api/v1/documents.json";
    public const string FeedPath = "/rss.xml";

    private readonly string _folder;
    private int _stage;

    public DemoReplay(string folder)
    {
        _folder = folder;
        foreach (var file in Files)
        {
            if (!File.Exists(Path.Combine(folder, file)))
            {
                throw new FileNotFoundException($"The demo's recorded document {file} is missing from {folder}.", file);
            }
        }
    }

    /// <summary>The replay folder copied next to the program.</summary>
    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "Demo", "replay");

    /// <summary>Every file the replay serves, relative to its folder.</summary>
    public static readonly IReadOnlyList<string> Files =
    [
        "federal-register/documents-page1-before.json", "federal-register/documents-page1.json", "federal-register/documents-page2.json",
        "federal-register/no-results.json", "trade-gov-csl/consolidated-before.csv", "trade-gov-csl/consolidated.csv",
        "ustr/rss-before.xml", "ustr/rss.xml",
    ];

    /// <summary>0: the documents before the script's changes; 1: the Federal Register and the feed changed; 2: the screening list too.</summary>
    public int Stage
    {
        get => Volatile.Read(ref _stage);
        set => Volatile.Write(ref _stage, value);
    }

    /// <summary>True for the paths the replay answers (the demo sources' requests).</summary>
    public bool Handles(PathString path) =>
        path == FederalRegisterPath || path == ScreeningListSource.CsvPath || path == FeedPath;

    public Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return Task.CompletedTask;
        }

        var stage = Stage;
        if (request.Path == FederalRegisterPath)
        {
            var file = request.Query.ContainsKey("conditions[term]") ? "no-results.json"
                : request.Query["page"] == "2" ? "documents-page2.json"
                : stage >= 1 ? "documents-page1.json" : "documents-page1-before.json";
            return ServeAsync(context, "federal-register/" + file, "application/json; charset=utf-8", conditional: false);
        }

        if (request.Path == ScreeningListSource.CsvPath)
        {
            return ServeAsync(context, stage >= 2 ? "trade-gov-csl/consolidated.csv" : "trade-gov-csl/consolidated-before.csv", "text/csv; charset=utf-8", conditional: true);
        }

        return ServeAsync(context, stage >= 1 ? "ustr/rss.xml" : "ustr/rss-before.xml", "application/rss+xml; charset=utf-8", conditional: true);
    }

    private async Task ServeAsync(HttpContext context, string file, string contentType, bool conditional)
    {
        var body = await File.ReadAllBytesAsync(Path.Combine(_folder, file), context.RequestAborted);
        var response = context.Response;
        if (conditional)
        {
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 8)) + "\"";
            response.Headers.ETag = etag;
            if (context.Request.Headers.IfNoneMatch.ToString() == etag)
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(body, context.RequestAborted);
        }
    }
}
