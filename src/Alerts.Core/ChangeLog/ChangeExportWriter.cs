using System.Buffers;
using System.IO.Pipelines;

namespace Alerts.Core.ChangeLog;

/// <summary>
/// Writes changes to a pipe as they are read (NDJSON or CSV), flushing every 64 KiB, so an export of any size holds
/// at most one window of the log in memory. NDJSON lines are <see cref="VerifiableChange"/>s (every hashed field, the
/// diff included, and the canonical text); CSV rows leave out the diff.
/// </summary>
public static class ChangeExportWriter
{
    private const int FlushBytes = 64 * 1024;
    private static readonly byte[] Crlf = "\r\n"u8.ToArray();
    private static readonly byte[] Lf = "\n"u8.ToArray();

    public static string ContentType(ExportFormat format) => format switch
    {
        ExportFormat.Csv => "text/csv; charset=utf-8; header=present",
        ExportFormat.Ndjson => "application/x-ndjson; charset=utf-8",
        _ => "application/json; charset=utf-8",
    };

    /// <summary>Writes every change of <paramref name="changes"/>; returns how many.</summary>
    public static async Task<long> WriteAsync(PipeWriter output, IAsyncEnumerable<ChangeRecord> changes, ExportFormat format, JsonSerializerOptions json, CancellationToken cancellationToken = default)
    {
        long rows = 0;
        var pending = 0;
        if (format == ExportFormat.Csv)
        {
            pending += Write(output, Encoding.UTF8.GetBytes(ChangeCsv.Header));
            pending += Write(output, Crlf);
        }

        await foreach (var c in changes.WithCancellation(cancellationToken))
        {
            if (format == ExportFormat.Csv)
            {
                pending += Write(output, Encoding.UTF8.GetBytes(ChangeCsv.Row(c)));
                pending += Write(output, Crlf);
            }
            else
            {
                pending += Write(output, JsonSerializer.SerializeToUtf8Bytes(new VerifiableChange(c), json));
                pending += Write(output, Lf);
            }

            rows++;
            if (pending >= FlushBytes)
            {
                var flushed = await output.FlushAsync(cancellationToken);
                pending = 0;
                if (flushed.IsCanceled || flushed.IsCompleted)
                {
                    break;
                }
            }
        }

        await output.FlushAsync(cancellationToken);
        return rows;
    }

    private static int Write(PipeWriter output, ReadOnlySpan<byte> bytes)
    {
        output.Write(bytes);
        return bytes.Length;
    }
}
