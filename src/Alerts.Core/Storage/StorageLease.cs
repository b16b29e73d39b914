namespace Alerts.Core.Storage;

/// <summary>
/// One slot of a <see cref="StorageLeases"/> scope, held until disposed. While held it is renewed every third of its
/// duration (on the injected clock), so long work keeps it; if the holder's process dies the row simply expires.
/// Disposing releases it (deletes the row under its ETag: a row taken over after an expiry is left to its new holder).
/// </summary>
public sealed partial class StorageLease : IAsyncDisposable
{
    private readonly TableClient _table;
    private readonly TimeProvider _time;
    private readonly TimeSpan _duration;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ITimer _renewal;
    private ETag _etag;
    private DateTimeOffset _expiresAt;
    private bool _released;

    internal StorageLease(TableClient table, string partition, string row, ETag etag, DateTimeOffset expiresAt, TimeSpan duration, TimeProvider time, ILogger logger)
    {
        _expiresAt = expiresAt;
        _table = table;
        Partition = partition;
        Row = row;
        _etag = etag;
        _duration = duration;
        _time = time;
        _logger = logger;
        var every = duration / 3;
        _renewal = time.CreateTimer(_ => _ = RenewAsync(), null, every, every);
    }

    /// <summary>The scope's partition key.</summary>
    public string Partition { get; }

    /// <summary>The slot held (its row key).</summary>
    public string Row { get; }

    /// <summary>False once a renewal found the slot taken by someone else (the lease had expired).</summary>
    public bool Held { get; private set; } = true;

    /// <summary>Moves the expiry to now + the duration; false when the slot is no longer this holder's.</summary>
    public async Task<bool> RenewAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_released || !Held)
            {
                return false;
            }

            var until = _time.GetUtcNow() + _duration;
            var entity = new TableEntity(Partition, Row) { [StorageLeases.LeasedUntilColumn] = until };
            var response = await _table.UpdateEntityAsync(entity, _etag, TableUpdateMode.Merge, cancellationToken);
            _etag = response.Headers.ETag ?? _etag;
            _expiresAt = until;
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            Held = false;
            LogLost(_logger, Partition, Row);
            return false;
        }
        catch (RequestFailedException ex)
        {
            // A storage hiccup: the next tick tries again, the lease is still ours until it expires.
            LogRenewFailed(_logger, Partition, Row, ex);
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Until when this holder last leased the slot (after any renewal in flight has finished).</summary>
    public async Task<DateTimeOffset> ExpiresAtAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _expiresAt;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _renewal.DisposeAsync();
        await _gate.WaitAsync();
        try
        {
            if (_released)
            {
                return;
            }

            _released = true;
            if (Held)
            {
                await _table.DeleteEntityAsync(Partition, Row, _etag);
            }
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Expired and taken over (or cleaned up): it is not ours to release.
        }
        catch (RequestFailedException ex)
        {
            // Not released: it expires on its own after its duration.
            LogRenewFailed(_logger, Partition, Row, ex);
        }
        finally
        {
            // Not disposed: a renewal the timer started just before it stopped may still be waiting for the gate; it finds
            // the lease released and returns (a SemaphoreSlim without a wait handle holds nothing to free).
            _gate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lease {Partition}/{Row} expired and was taken by another holder while still in use")]
    private static partial void LogLost(ILogger logger, string partition, string row);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lease {Partition}/{Row} could not be renewed or released; it expires on its own")]
    private static partial void LogRenewFailed(ILogger logger, string partition, string row, Exception exception);
}
