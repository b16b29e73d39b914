namespace Alerts.Core.ChangeLog;

/// <summary>Streams an export: rows are written as the log is read, and counted for the access log.</summary>
internal sealed class ChangeExportResult(ChangeQueryService queries, ChangeQuery query, ExportFormat format) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = 200;
        response.ContentType = ChangeExportWriter.ContentType(format);
        response.Headers.ContentDisposition = $"attachment; filename=\"changes.{(format == ExportFormat.Csv ? "csv" : "ndjson")}\"";
        response.Headers.CacheControl = "no-store";
        var rows = 0L;
        try
        {
            rows = await ChangeExportWriter.WriteAsync(response.BodyWriter, queries.StreamAsync(query, httpContext.RequestAborted), format, ApiJson.Options, httpContext.RequestAborted);
        }
        finally
        {
            httpContext.SetRows(rows);
        }
    }
}
