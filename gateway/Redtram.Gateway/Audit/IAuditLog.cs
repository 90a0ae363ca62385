namespace Redtram.Gateway.Audit;

/// <summary>The write side: one entry per request, committed before the response is sent.</summary>
public interface IAuditLog : IAuditReader, IAsyncDisposable
{
    /// <summary>
    /// Appends <paramref name="entry"/> to the chain. Completes only once the transaction holding it has
    /// committed (SQLite: WAL fsynced with synchronous=FULL; PostgreSQL: COMMIT returned). Concurrent calls
    /// are group-committed. Cancelling stops the wait, not the write: an entry once queued is written.
    /// </summary>
    Task<AuditReceipt> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);
}

/// <summary>
/// The read side. The caller decides who may call what: the owning country's data-protection officer
/// (<see cref="ListAccessesAsync"/> for their own country only), a country's contact point
/// (<see cref="ListHitsAsync"/> for their own country only), the secretariat (<see cref="AggregateAsync"/> only).
/// </summary>
public interface IAuditReader
{
    /// <summary>Every access to <paramref name="ownerCountry"/>'s data in [from, to), oldest first; only that country's part of each request.</summary>
    Task<AuditAccessPage> ListAccessesAsync(string ownerCountry, DateTimeOffset from, DateTimeOffset to, AuditPageRequest page, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="ListAccessesAsync"/>, restricted to accesses that returned at least one record (hits).</summary>
    Task<AuditAccessPage> ListHitsAsync(string ownerCountry, DateTimeOffset from, DateTimeOffset to, AuditPageRequest page, CancellationToken cancellationToken = default);

    /// <summary>
    /// The owner-notification feed of <paramref name="ownerCountry"/>: accesses in which it returned at least one record
    /// to a requester of another country, oldest first, after <see cref="AuditPageRequest.AfterSequence"/>.
    /// </summary>
    Task<AuditAccessPage> ListNotificationsAsync(string ownerCountry, AuditPageRequest page, CancellationToken cancellationToken = default);

    /// <summary>Counts per requesting country × owning country × operation for the UTC days [fromDay, toDay] inclusive. No content, no user ids.</summary>
    Task<IReadOnlyList<AuditAggregate>> AggregateAsync(DateOnly fromDay, DateOnly toDay, CancellationToken cancellationToken = default);
}

/// <summary>A storage backend: writes a batch in one transaction, chaining it to the stored head.</summary>
public interface IAuditStore : IAuditReader, IAsyncDisposable
{
    /// <summary>Creates the tables, indexes, append-only triggers and the checkpoint row if missing.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes <paramref name="entries"/> (already normalised) in one committed transaction, in order.</summary>
    Task<IReadOnlyList<AuditReceipt>> AppendBatchAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>All entries in sequence order (for verification).</summary>
    IAsyncEnumerable<AuditStoredEntry> ReadAllAsync(CancellationToken cancellationToken = default);

    /// <summary>The head recorded in the checkpoint table, written in the same transaction as each batch.</summary>
    Task<AuditAnchor?> ReadCheckpointAsync(CancellationToken cancellationToken = default);
}
