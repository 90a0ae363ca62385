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

    // Checkpoints (copying the WAL into the database file, with its fsyncs) run on their own thread, not inside the
    // commit that happens to cross the WAL size limit: that commit, and every request waiting on it, would stall.
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(200);
    private readonly ManualResetEventSlim _stopCheckpoints = new(false, spinCount: 0);
    private readonly Lock _checkpointerGate = new();
    private Thread? _checkpointer;

    protected override async ValueTask<DbConnection> OpenWriterAsync(CancellationToken ct)
    {
        var c = await OpenAsync(ct).ConfigureAwait(false);
        await using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "PRAGMA wal_autocheckpoint=0";
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        lock (_checkpointerGate)
        {
            if (_checkpointer is null && !_stopCheckpoints.IsSet)
            {
                _checkpointer = new Thread(CheckpointLoop) { IsBackground = true, Name = "redtram-audit-checkpoint" };
                _checkpointer.Start();
            }
        }

        return c;
    }

    private void CheckpointLoop()
    {
        while (!_stopCheckpoints.Wait(CheckpointInterval))
        {
            try
            {
                using var c = new SqliteConnection(_connectionString);
                c.Open();
                using var cmd = c.CreateCommand();
                cmd.CommandText = $"PRAGMA synchronous={_synchronous}; PRAGMA busy_timeout=1000; PRAGMA wal_checkpoint(PASSIVE);";
                cmd.ExecuteNonQuery();
            }
            catch (SqliteException)
            {
                // Busy or failing disk: the WAL keeps every commit; the next round tries again.
            }
        }
    }

    // The writer's INSERT, prepared once on its connection and bound by position: Microsoft.Data.Sqlite binds parameters by
    // name on every execution (a name lookup per parameter), which is half the cost of writing a row.
    private SQLitePCL.sqlite3_stmt? _insert;

    protected override bool InsertRows(DbConnection connection, object[][] rows)
    {
        var db = ((SqliteConnection)connection).Handle!;
        if (_insert is null)
        {
            var prepared = SQLitePCL.raw.sqlite3_prepare_v2(db, PositionalInsertSql, out var stmt);
            if (prepared != SQLitePCL.raw.SQLITE_OK)
            {
                stmt?.Dispose();
                SqliteException.ThrowExceptionForRC(prepared, db);
            }

            _insert = stmt;
        }

        foreach (var row in rows)
        {
            for (var k = 0; k < row.Length; k++)
            {
                var bound = row[k] switch
                {
                    long n => SQLitePCL.raw.sqlite3_bind_int64(_insert, k + 1, n),
                    string text => SQLitePCL.raw.sqlite3_bind_text(_insert, k + 1, text),
                    _ => SQLitePCL.raw.sqlite3_bind_null(_insert, k + 1),
                };
                if (bound != SQLitePCL.raw.SQLITE_OK)
                {
                    SQLitePCL.raw.sqlite3_reset(_insert);
                    SqliteException.ThrowExceptionForRC(bound, db);
                }
            }

            var stepped = SQLitePCL.raw.sqlite3_step(_insert);
            SQLitePCL.raw.sqlite3_reset(_insert);
            if (stepped != SQLitePCL.raw.SQLITE_DONE)
                SqliteException.ThrowExceptionForRC(stepped, db);
        }

        return true;
    }

    protected override void ReleaseWriter(DbConnection connection)
    {
        _insert?.Dispose();
        _insert = null;
    }

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
        Thread? checkpointer;
        lock (_checkpointerGate)
        {
            _stopCheckpoints.Set();
            checkpointer = _checkpointer;
        }

        checkpointer?.Join();
        await CloseWriterAsync().ConfigureAwait(false);
        using (var c = new SqliteConnection(_connectionString))
            SqliteConnection.ClearPool(c);
    }
}
