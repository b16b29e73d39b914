using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Alerts.Core.ChangeLog;

/// <summary>
/// The content fetched to detect a change, kept as evidence in the <c>evidence</c> container, one blob per content and
/// named by its SHA-256 (hex). The poll stores it, the changes API serves it and the verifier checks it.
/// </summary>
public sealed class EvidenceStore(AlertsStorage storage)
{
    private BlobContainerClient Container => storage.Container(StorageNames.EvidenceContainer);

    /// <summary>Stores content once, addressed by its hash (idempotent): true when this call wrote it, false when it was there.</summary>
    public async Task<bool> StoreAsync(string sha256, ReadOnlyMemory<byte> content, string? contentType, CancellationToken cancellationToken = default)
    {
        try
        {
            await Container.GetBlobClient(sha256).UploadAsync(BinaryData.FromBytes(content), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType ?? "application/octet-stream" },
            }, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false; // already stored
        }
    }

    /// <summary>The stored content, streamed; null when there is no blob with that hash.</summary>
    public async Task<StoredEvidence?> OpenAsync(string sha256, CancellationToken cancellationToken = default)
    {
        try
        {
            var download = await Container.GetBlobClient(sha256).DownloadStreamingAsync(cancellationToken: cancellationToken);
            return new StoredEvidence(download.Value.Content, download.Value.Details.ContentType, download.Value.Details.ContentLength);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Null when the blob exists and hashes to <paramref name="sha256"/>; otherwise what is wrong.</summary>
    public async Task<string?> CheckAsync(string sha256, CancellationToken cancellationToken = default)
    {
        if (await OpenAsync(sha256, cancellationToken) is not { } stored)
        {
            return $"its evidence blob {sha256} is missing";
        }

        using var content = stored.Content;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }

        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        return string.Equals(actual, sha256, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"its evidence blob {sha256} hashes to {actual} (the stored content was edited)";
    }
}
