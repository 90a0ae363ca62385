namespace Redtram.Gateway.Audit;

/// <summary>Where and how the audit log is written. SQLite by default; PostgreSQL when a connection string is set.</summary>
public sealed class AuditOptions
{
    /// <summary>SQLite file (default <c>audit.db</c>). Ignored when <see cref="PostgresConnectionString"/> is set.</summary>
    public string SqlitePath { get; set; } = "audit.db";

    /// <summary>SQLite <c>synchronous</c> pragma: FULL (default), EXTRA or NORMAL (NORMAL may lose the last commits on power loss).</summary>
    public string SqliteSynchronous { get; set; } = "FULL";

    /// <summary>When set, the log is written to PostgreSQL.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Batch concurrent appends into one transaction (default on). Off: one transaction per entry.</summary>
    public bool GroupCommit { get; set; } = true;

    /// <summary>
    /// Commit delay: before committing a batch smaller than <see cref="MaxBatch"/>, wait up to this long for entries that
    /// are on their way (<see cref="GroupCommitAuditLog.PendingEntries"/>), so one fsync serves more requests. Zero: commit
    /// at once. It only applies when the log is told what is on its way (the gateway tells it the requests it is executing).
    /// </summary>
    public TimeSpan CommitDelay { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Most entries per transaction.</summary>
    public int MaxBatch { get; set; } = 512;

    /// <summary>Entries waiting for the writer before appenders wait for room (back-pressure).</summary>
    public int QueueCapacity { get; set; } = 65536;

    /// <summary>The store these options describe.</summary>
    public IAuditStore CreateStore() =>
        string.IsNullOrWhiteSpace(PostgresConnectionString)
            ? new SqliteAuditStore(SqlitePath, SqliteSynchronous)
            : new PostgresAuditStore(PostgresConnectionString);

    /// <summary>Creates the store, its schema, and starts the group-commit writer.</summary>
    public Task<GroupCommitAuditLog> OpenAsync(CancellationToken cancellationToken = default) =>
        GroupCommitAuditLog.StartAsync(CreateStore(), this, cancellationToken);
}
