using System.Data.Common;
using Npgsql;

namespace Redtram.Gateway.Audit;

/// <summary>
/// PostgreSQL backend: each batch is one transaction with <c>synchronous_commit = on</c>, serialised across
/// gateway instances by a row lock on the checkpoint, so several gateways may share one log and the chain stays
/// gap-free. UPDATE, DELETE and TRUNCATE on <c>audit_entry</c> are refused by triggers; grant the gateway's role
/// INSERT and SELECT only in production.
/// </summary>
public sealed class PostgresAuditStore : AdoAuditStore
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresAuditStore(string connectionString) => _dataSource = NpgsqlDataSource.Create(connectionString);

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken ct) =>
        await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);

    protected override IEnumerable<string> SchemaStatements =>
    [
        """
        CREATE TABLE IF NOT EXISTS audit_entry (
            seq bigint PRIMARY KEY,
            time text NOT NULL,
            request_id text NOT NULL,
            user_id text NOT NULL,
            country text NOT NULL,
            role text NOT NULL,
            purpose text,
            legal_basis text,
            case_ref text,
            op_hash text NOT NULL,
            op_name text,
            countries text NOT NULL,
            prev_hash text NOT NULL,
            hash text NOT NULL,
            outcome text NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS audit_entry_time ON audit_entry(time)",
        "CREATE TABLE IF NOT EXISTS audit_checkpoint (id int PRIMARY KEY CHECK (id = 1), seq bigint NOT NULL, hash text NOT NULL)",
        $"INSERT INTO audit_checkpoint (id, seq, hash) VALUES (1, 0, '{AuditChain.GenesisHash}') ON CONFLICT (id) DO NOTHING",
        "CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_entry is append-only'; END $$",
        "CREATE OR REPLACE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_entry FOR EACH ROW EXECUTE FUNCTION audit_append_only()",
        "CREATE OR REPLACE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()",
    ];

    protected override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct)
    {
        var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SET LOCAL synchronous_commit = on; SELECT seq FROM audit_checkpoint WHERE id = 1 FOR UPDATE";
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return tx;
    }

    protected override string ListSql(bool hitsOnly, bool foreignOnly) => $"""
        SELECT e.seq, e.time, e.request_id, e.user_id, e.country, e.role, e.purpose, e.legal_basis, e.case_ref, e.op_hash, e.op_name, a.value::text
        FROM audit_entry e CROSS JOIN LATERAL jsonb_array_elements(e.countries::jsonb) AS a(value)
        WHERE e.time >= @from AND e.time < @to AND e.seq > @after
          AND a.value->>'country' = @owner
          {(hitsOnly ? "AND (a.value->>'records')::int > 0" : "")}
          {(foreignOnly ? "AND e.country <> @owner" : "")}
        ORDER BY e.seq
        LIMIT @limit
        """;

    protected override string AggregateSql => """
        SELECT e.country, a.value->>'country', COALESCE(e.op_name, '(anonymous)'),
               COUNT(*),
               SUM(CASE WHEN (a.value->>'records')::int > 0 THEN 1 ELSE 0 END),
               SUM((a.value->>'records')::int)
        FROM audit_entry e CROSS JOIN LATERAL jsonb_array_elements(e.countries::jsonb) AS a(value)
        WHERE e.time >= @from AND e.time < @to
        GROUP BY 1, 2, 3
        ORDER BY 1, 2, 3
        """;

    public override async ValueTask DisposeAsync()
    {
        await CloseWriterAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }
}
