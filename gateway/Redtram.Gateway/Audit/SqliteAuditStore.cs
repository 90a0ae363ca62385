using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Redtram.Gateway.Audit;

/// <summary>
/// SQLite backend (the default): WAL journal, <c>synchronous=FULL</c> (a commit returns once the WAL is
/// fsynced), writers serialised by <c>BEGIN IMMEDIATE</c>. UPDATE and DELETE on <c>audit_entry</c> are refused
/// by triggers — a speed bump against accidents, not a defence against someone with the file (the chain is).
/// </summary>
public sealed class SqliteAuditStore : AdoAuditStore
{
    private readonly string _connectionString;
    private readonly string _synchronous;

    public SqliteAuditStore(string path, string synchronous = "FULL")
    {
        if (synchronous is not ("FULL" or "EXTRA" or "NORMAL"))
            throw new ArgumentException("synchronous must be FULL, EXTRA or NORMAL", nameof(synchronous));
        _synchronous = synchronous;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken ct)
    {
        var c = new SqliteConnection(_connectionString);
        try
        {
            await c.OpenAsync(ct).ConfigureAwait(false);
            await using var cmd = c.CreateCommand();
            cmd.CommandText = $"PRAGMA synchronous={_synchronous}; PRAGMA busy_timeout=30000;";
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return c;
        }
        catch
        {
            await c.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    protected override IEnumerable<string> SchemaStatements =>
    [
        "PRAGMA journal_mode=WAL",
        """
        CREATE TABLE IF NOT EXISTS audit_entry (
            seq INTEGER PRIMARY KEY NOT NULL,
            time TEXT NOT NULL,
            request_id TEXT NOT NULL,
            user_id TEXT NOT NULL,
            country TEXT NOT NULL,
            role TEXT NOT NULL,
            purpose TEXT,
            legal_basis TEXT,
            case_ref TEXT,
            op_hash TEXT NOT NULL,
            op_name TEXT,
            countries TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            outcome TEXT NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS audit_entry_time ON audit_entry(time)",
        "CREATE TABLE IF NOT EXISTS audit_checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL)",
        $"INSERT OR IGNORE INTO audit_checkpoint (id, seq, hash) VALUES (1, 0, '{AuditChain.GenesisHash}')",
        "CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_entry BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END",
        "CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON audit_entry BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END",
    ];

    protected override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    protected override string ListSql(bool hitsOnly, bool foreignOnly) => $"""
        SELECT e.seq, e.time, e.request_id, e.user_id, e.country, e.role, e.purpose, e.legal_basis, e.case_ref, e.op_hash, e.op_name, a.value
        FROM audit_entry e, json_each(e.countries) a
        WHERE e.time >= @from AND e.time < @to AND e.seq > @after
          AND json_extract(a.value, '$.country') = @owner
          {(hitsOnly ? "AND json_extract(a.value, '$.records') > 0" : "")}
          {(foreignOnly ? "AND e.country <> @owner" : "")}
        ORDER BY e.seq
        LIMIT @limit
        """;

    protected override string AggregateSql => """
        SELECT e.country, json_extract(a.value, '$.country'), COALESCE(e.op_name, '(anonymous)'),
               COUNT(*),
               SUM(CASE WHEN json_extract(a.value, '$.records') > 0 THEN 1 ELSE 0 END),
               SUM(json_extract(a.value, '$.records'))
        FROM audit_entry e, json_each(e.countries) a
        WHERE e.time >= @from AND e.time < @to
        GROUP BY 1, 2, 3
        ORDER BY 1, 2, 3
        """;

    public override async ValueTask DisposeAsync()
    {
        await CloseWriterAsync().ConfigureAwait(false);
        using (var c = new SqliteConnection(_connectionString))
            SqliteConnection.ClearPool(c);
    }
}
