using System.IO.Compression;

namespace Alerts.Core.Storage;

/// <summary>
/// Stores text of any size up to the entity limit in an entity: inline as a string when short, otherwise gzip-compressed
/// and chunked across binary properties (Table Storage allows 64 KiB a property, 1 MiB an entity).
/// </summary>
public static class EntityText
{
    private const int InlineChars = 30_000;
    private const int ChunkBytes = 60_000;
    private const int MaxChunks = 15;

    /// <summary>Largest compressed size that fits.</summary>
    public const int MaxCompressedBytes = ChunkBytes * MaxChunks;

    /// <summary>The most characters an error text keeps in a row (source health, delivery ledger, attempts, job runs, operator alerts).</summary>
    public const int MaxErrorChars = 1_000;

    /// <summary>
    /// An error text cut to <see cref="MaxErrorChars"/> with a marker: error texts quote what a server sent (a redirect's
    /// address, a body excerpt), so they are cut before they reach a row or a log, whatever their origin.
    /// </summary>
    public static string? Error(string? text) =>
        text is { Length: > MaxErrorChars } ? string.Concat(text.AsSpan(0, MaxErrorChars - 1), "…") : text;

    public static void Write(TableEntity entity, string name, string text)
    {
        if (text.Length <= InlineChars)
        {
            entity[name] = text;
            return;
        }

        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gz.Write(Encoding.UTF8.GetBytes(text));
        }

        var zipped = ms.ToArray();
        var chunks = (zipped.Length + ChunkBytes - 1) / ChunkBytes;
        if (chunks > MaxChunks)
        {
            throw new EntityTooLargeException($"{name} is {zipped.Length} bytes compressed, over the {MaxCompressedBytes} bytes an entity can hold.");
        }

        entity[name + "Chunks"] = chunks;
        for (var i = 0; i < chunks; i++)
        {
            entity[name + "Z" + i.ToString(CultureInfo.InvariantCulture)] = zipped.AsSpan(i * ChunkBytes, Math.Min(ChunkBytes, zipped.Length - (i * ChunkBytes))).ToArray();
        }
    }

    public static string? Read(TableEntity entity, string name)
    {
        if (entity.GetString(name) is { } inline)
        {
            return inline;
        }

        if (entity.GetInt32(name + "Chunks") is not int chunks)
        {
            return null;
        }

        using var zipped = new MemoryStream();
        for (var i = 0; i < chunks; i++)
        {
            zipped.Write(entity.GetBinary(name + "Z" + i.ToString(CultureInfo.InvariantCulture)) ?? []);
        }

        zipped.Position = 0;
        using var gz = new GZipStream(zipped, CompressionMode.Decompress);
        using var reader = new StreamReader(gz, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
