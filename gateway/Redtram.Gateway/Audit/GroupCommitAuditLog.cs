using System.Threading.Channels;

namespace Redtram.Gateway.Audit;

/// <summary>
/// <see cref="IAuditLog"/> over an <see cref="IAuditStore"/> with group commit: callers enqueue into a
/// channel; a single writer loop drains whatever is waiting (up to <see cref="AuditOptions.MaxBatch"/>) and
/// writes it in one transaction, then completes each caller's task. While one batch commits, the next one
/// accumulates, so the fsync cost is shared by every request that arrived in the meantime. The writer runs on its
/// own thread: the store's calls block (SQLite is synchronous, fsync takes milliseconds) and must not hold a
/// thread-pool thread that requests need — on a one-core host the pool starts with a single thread. With
/// <see cref="AuditOptions.CommitDelay"/> the writer, before committing a batch smaller than the maximum, waits up to that
/// long for the entries <see cref="PendingEntries"/> says are on their way (requests still executing), so that one fsync
/// serves them all.
/// A failed batch fails every caller in it (the request should then fail: no answer without its audit entry);
/// the loop carries on with the next batch.
/// </summary>
public sealed class GroupCommitAuditLog : IAuditLog
{
    private readonly IAuditStore _store;
    private readonly Channel<Pending> _queue;
    private readonly int _maxBatch;
    private readonly TaskCompletionSource _writerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _signal = new(false, spinCount: 0);
    private readonly long _commitDelayTicks;
    private int _writerWaiting; // WriterBusy, WriterIdle (waiting for a first entry) or WriterLingering (commit delay)
    private const int WriterBusy = 0, WriterIdle = 1, WriterLingering = 2;
    private long _batches;
    private long _entries;
    private long _largestBatch;
    private long _batchesAboveOne;

    private readonly record struct Pending(AuditEntry Entry, TaskCompletionSource<AuditReceipt> Completion);

    private GroupCommitAuditLog(IAuditStore store, AuditOptions options)
    {
        _store = store;
        _maxBatch = options.GroupCommit ? Math.Max(1, options.MaxBatch) : 1;
        _commitDelayTicks = options.GroupCommit ? (long)(options.CommitDelay.TotalSeconds * System.Diagnostics.Stopwatch.Frequency) : 0;
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(Math.Max(1, options.QueueCapacity))
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        new Thread(WriteLoop) { IsBackground = true, Name = "redtram-audit-writer" }.Start();
    }

    /// <summary>Initialises the store's schema and starts the writer loop.</summary>
    public static async Task<GroupCommitAuditLog> StartAsync(IAuditStore store, AuditOptions? options = null, CancellationToken cancellationToken = default)
    {
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        return new GroupCommitAuditLog(store, options ?? new AuditOptions());
    }

    /// <summary>
    /// How many entries callers are about to append (e.g. authenticated requests still executing); read by the writer
    /// to decide whether waiting up to <see cref="AuditOptions.CommitDelay"/> can fill the batch. Null: never wait.
    /// </summary>
    public Func<int>? PendingEntries { get; set; }

    /// <summary>The underlying store (for verification and reading).</summary>
    public IAuditStore Store => _store;

    /// <summary>Counters since start: transactions, entries, the largest batch and how many batches held more than one entry.</summary>
    public AuditLogStatistics Statistics => new(
        Interlocked.Read(ref _batches), Interlocked.Read(ref _entries), Interlocked.Read(ref _largestBatch), Interlocked.Read(ref _batchesAboveOne));

    public async Task<AuditReceipt> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        // Completed from the thread pool by CompleteBatch (never on the writer thread), so continuations may run inline.
        var pending = new Pending(AuditChain.Normalise(entry), new TaskCompletionSource<AuditReceipt>());
        if (!_queue.Writer.TryWrite(pending))
            await _queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        // Wake the writer for a first entry, or when the last entry it lingers for has come — not for every entry.
        var writer = Interlocked.CompareExchange(ref _writerWaiting, 0, 0);
        if (writer == WriterIdle || (writer == WriterLingering && ((PendingEntries?.Invoke() ?? 0) <= 0 || _queue.Reader.Count >= _maxBatch)))
            _signal.Set();
        return await pending.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void WriteLoop()
    {
        try
        {
            WriteBatches();
        }
        finally
        {
            _writerDone.TrySetResult();
        }
    }

    private void WriteBatches()
    {
        var batch = new List<Pending>(_maxBatch);
        var entries = new List<AuditEntry>(_maxBatch);
        var reader = _queue.Reader;
        while (true)
        {
            batch.Clear();
            entries.Clear();
            Drain(reader, batch, entries);
            if (batch.Count == 0)
            {
                if (reader.Completion.IsCompleted)
                    return;
                WaitForEntries(reader, Timeout.Infinite, WriterIdle);
                continue;
            }

            if (_commitDelayTicks > 0 && batch.Count < _maxBatch && PendingEntries is { } pending && pending() > 0)
            {
                // Commit delay: others are about to log; one fsync for all of them.
                var deadline = System.Diagnostics.Stopwatch.GetTimestamp() + _commitDelayTicks;
                while (batch.Count < _maxBatch && pending() > 0 && !reader.Completion.IsCompleted)
                {
                    var left = deadline - System.Diagnostics.Stopwatch.GetTimestamp();
                    if (left <= 0)
                        break;
                    if (!Drain(reader, batch, entries))
                        WaitForEntries(reader, (int)Math.Max(1, left * 1000 / System.Diagnostics.Stopwatch.Frequency), WriterLingering);
                }
            }

            try
            {
                var receipts = _store.AppendBatchAsync(entries, CancellationToken.None).GetAwaiter().GetResult();
                Interlocked.Increment(ref _batches);
                Interlocked.Add(ref _entries, batch.Count);
                if (batch.Count > 1)
                    Interlocked.Increment(ref _batchesAboveOne);
                if (batch.Count > Interlocked.Read(ref _largestBatch))
                    Interlocked.Exchange(ref _largestBatch, batch.Count);
                CompleteBatch([.. batch], receipts, null);
            }
            catch (Exception ex)
            {
                CompleteBatch([.. batch], null, new AuditLogException("The audit entry could not be committed; the request must not be answered.", ex));
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

    /// <summary>
    /// Hands the callers their receipts (or the failure) on the thread pool: a few work items per batch, each completing
    /// a slice whose continuations (the rest of each request) then run inline — not one queued work item per caller, and
    /// never on the writer thread, which goes on to the next batch.
    /// </summary>
    private static void CompleteBatch(Pending[] batch, IReadOnlyList<AuditReceipt>? receipts, Exception? failure)
    {
        if (Environment.ProcessorCount == 1)
        {
            // One core: run the callers' continuations here. Handing them to the pool wakes another worker, and on one
            // core the pool's workers then spin against each other (sched_yield) for the CPU the requests need.
            for (var i = 0; i < batch.Length; i++)
            {
                if (failure is null)
                    batch[i].Completion.TrySetResult(receipts![i]);
                else
                    batch[i].Completion.TrySetException(failure);
            }

            return;
        }

        var slices = Math.Clamp(Environment.ProcessorCount, 1, batch.Length);
        var size = (batch.Length + slices - 1) / slices;
        for (var start = 0; start < batch.Length; start += size)
        {
            var from = start;
            var to = Math.Min(batch.Length, start + size);
            ThreadPool.UnsafeQueueUserWorkItem(_ =>
            {
                for (var i = from; i < to; i++)
                {
                    if (failure is null)
                        batch[i].Completion.TrySetResult(receipts![i]);
                    else
                        batch[i].Completion.TrySetException(failure);
                }
            }, null);
        }
    }

    /// <summary>Moves waiting entries into the batch (up to the maximum); true when it took any.</summary>
    private bool Drain(ChannelReader<Pending> reader, List<Pending> batch, List<AuditEntry> entries)
    {
        var before = batch.Count;
        while (batch.Count < _maxBatch && reader.TryRead(out var p))
        {
            batch.Add(p);
            entries.Add(p.Entry);
        }

        return batch.Count > before;
    }

    /// <summary>
    /// Blocks the writer thread (no spinning: on one core a spinning writer takes the CPU from the requests) until an
    /// entry is queued, the queue is completed, or <paramref name="milliseconds"/> pass.
    /// </summary>
    private void WaitForEntries(ChannelReader<Pending> reader, int milliseconds, int state)
    {
        _signal.Reset();
        Interlocked.Exchange(ref _writerWaiting, state);
        if (!(state == WriterIdle ? reader.TryPeek(out _) : (PendingEntries?.Invoke() ?? 0) <= 0) && !reader.Completion.IsCompleted)
            _signal.Wait(milliseconds);
        Interlocked.Exchange(ref _writerWaiting, WriterBusy);
    }

    /// <summary>Stops accepting entries, writes everything already queued, then closes the store.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        _signal.Set();
        await _writerDone.Task.ConfigureAwait(false);
        await _store.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>Group-commit counters.</summary>
public readonly record struct AuditLogStatistics(long Batches, long Entries, long LargestBatch, long BatchesAboveOne);

/// <summary>An entry could not be made durable.</summary>
public sealed class AuditLogException(string message, Exception inner) : Exception(message, inner);
