namespace Alerts.Core.ChangeLog;

/// <summary>Export formats of the change log.</summary>
public enum ExportFormat
{
    Json,
    Ndjson,
    Csv,
}
