using System.Threading.Channels;

namespace Redtram.Gateway.Audit;

/// <summary>
/// <see cref="IAuditLog"/> over an <see cref="IAuditStore"/> with group commit: callers enqueue into a
/// channel; a single writer loop drains whatever is waiting (up to <see cref="AuditOptions.MaxBatch"/>) and
/// writes it in one transaction, then completes each caller's task. While one batch commits, the next one
/// accumulates, so the fsync cost is shared by every request that arrived in the meantime.
/// A failed batch fails every caller in it (the request should then fail: no answer without its audit entry);
/// the loop carries on with the next batch.
/// </summary>
public sealed class GroupCommitAuditLog : IAuditLog
{
    private readonly IAuditStore _store;
    private readonly Channel<Pending> _queue;
    private readonly int _maxBatch;
    private readonly Task _writer;
    private long _batches;
    private long _entries;
    private long _largestBatch;
    private long _batchesAboveOne;

    private readonly record struct Pending(AuditEntry Entry, TaskCompletionSource<AuditReceipt> Completion);

    private GroupCommitAuditLog(IAuditStore store, AuditOptions options)
    {
        _store = store;
        _maxBatch = options.GroupCommit ? Math.Max(1, options.MaxBatch) : 1;
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(Math.Max(1, options.QueueCapacity))
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Initialises the store's schema and starts the writer loop.</summary>
    public static async Task<GroupCommitAuditLog> StartAsync(IAuditStore store, AuditOptions? options = null, CancellationToken cancellationToken = default)
    {
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        return new GroupCommitAuditLog(store, options ?? new AuditOptions());
    }

    /// <summary>The underlying store (for verification and reading).</summary>
    public IAuditStore Store => _store;

    /// <summary>Counters since start: transactions, entries, the largest batch and how many batches held more than one entry.</summary>
    public AuditLogStatistics Statistics => new(
        Interlocked.Read(ref _batches), Interlocked.Read(ref _entries), Interlocked.Read(ref _largestBatch), Interlocked.Read(ref _batchesAboveOne));

    public async Task<AuditReceipt> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var pending = new Pending(AuditChain.Normalise(entry), new TaskCompletionSource<AuditReceipt>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
            await _queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        return await pending.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(_maxBatch);
        var entries = new List<AuditEntry>(_maxBatch);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            entries.Clear();
            while (batch.Count < _maxBatch && reader.TryRead(out var p))
            {
                batch.Add(p);
                entries.Add(p.Entry);
            }
            if (batch.Count == 0)
                continue;
            try
            {
                var receipts = await _store.AppendBatchAsync(entries, CancellationToken.None).ConfigureAwait(false);
                Interlocked.Increment(ref _batches);
                Interlocked.Add(ref _entries, batch.Count);
                if (batch.Count > 1)
                    Interlocked.Increment(ref _batchesAboveOne);
                if (batch.Count > Interlocked.Read(ref _largestBatch))
                    Interlocked.Exchange(ref _largestBatch, batch.Count);
                for (var i = 0; i < batch.Count; i++)
                    batch[i].Completion.TrySetResult(receipts[i]);
            }
            catch (Exception ex)
            {
                var failure = new AuditLogException("The audit entry could not be committed; the request must not be answered.", ex);
                foreach (var p in batch)
                    p.Completion.TrySetException(failure);
            }
        }
    }

    public IAsyncEnumerable<AuditStoredEntry> ReadAllAsync(CancellationToken cancellationToken = default) => _store.ReadAllAsync(cancellationToken);

    public Task<AuditAccessPage> ListAccessesAsync(string ownerCountry, DateTimeOffset from, DateTimeOffset to, AuditPageRequest page, CancellationToken cancellationToken = default) =>
        _store.ListAccessesAsync(ownerCountry, from, to, page, cancellationToken);

    public Task<AuditAccessPage> ListHitsAsync(string ownerCountry, DateTimeOffset from, DateTimeOffset to, AuditPageRequest page, CancellationToken cancellationToken = default) =>
        _store.ListHitsAsync(ownerCountry, from, to, page, cancellationToken);

    public Task<AuditAccessPage> ListNotificationsAsync(string ownerCountry, AuditPageRequest page, CancellationToken cancellationToken = default) =>
        _store.ListNotificationsAsync(ownerCountry, page, cancellationToken);

    public Task<IReadOnlyList<AuditAggregate>> AggregateAsync(DateOnly fromDay, DateOnly toDay, CancellationToken cancellationToken = default) =>
        _store.AggregateAsync(fromDay, toDay, cancellationToken);

    /// <summary>Stops accepting entries, writes everything already queued, then closes the store.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        await _store.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>Group-commit counters.</summary>
public readonly record struct AuditLogStatistics(long Batches, long Entries, long LargestBatch, long BatchesAboveOne);

/// <summary>An entry could not be made durable.</summary>
public sealed class AuditLogException(string message, Exception inner) : Exception(message, inner);
