using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Redtram.Gateway.Audit;

/// <summary>
/// The SQL shared by the SQLite and PostgreSQL stores. One row per request in <c>audit_entry</c> (scalar
/// columns plus the per-country part as a JSON array, and the outcome last), hash-chained; <c>audit_checkpoint</c> holds the head
/// (sequence, hash) and is updated in the same transaction as every batch.
/// </summary>
public abstract class AdoAuditStore : IAuditStore
{
    protected const string Columns =
        "seq, time, request_id, user_id, country, role, purpose, legal_basis, case_ref, op_hash, op_name, countries, prev_hash, hash, outcome";

    private static readonly string[] ColumnNames = Columns.Split(", ");
    private static readonly string InsertSql = $"INSERT INTO audit_entry ({Columns}) VALUES ({string.Join(", ", ColumnNames.Select(n => "@" + n))})";
    private const string CheckpointSql = "UPDATE audit_checkpoint SET seq = @seq, hash = @hash WHERE id = 1";

    protected abstract ValueTask<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>The connection the writer keeps across batches (by default like any other).</summary>
    protected virtual ValueTask<DbConnection> OpenWriterAsync(CancellationToken ct) => OpenAsync(ct);

    /// <summary>DDL statements, each idempotent.</summary>
    protected abstract IEnumerable<string> SchemaStatements { get; }

    /// <summary>Starts the write transaction and takes the writer lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: row lock on the checkpoint).</summary>
    protected abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct);

    /// <summary>SELECT of <see cref="Columns"/> up to op_name (as an <c>e.</c>-qualified list) plus the owner's part as JSON text,
    /// filtered by @owner, @from, @to, @after, limited to @limit; <paramref name="hitsOnly"/>: only parts with records;
    /// <paramref name="foreignOnly"/>: only requests from another country than @owner.</summary>
    protected abstract string ListSql(bool hitsOnly, bool foreignOnly);

    /// <summary>SELECT requesting, owning, operation, requests, hits, records filtered by @from, @to.</summary>
    protected abstract string AggregateSql { get; }

    public virtual async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var sql in SchemaStatements)
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // The writer keeps one connection and its prepared commands across batches (opening a connection and preparing
    // the statements again cost more than writing a batch of a few entries). Any failure drops them; the next batch
    // opens afresh.
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private DbConnection? _writeConnection;
    private DbCommand? _headCommand;
    private DbCommand? _insertCommand;
    private DbParameter[]? _insertParameters;
    private DbCommand? _checkpointCommand;

    public async Task<IReadOnlyList<AuditReceipt>> AppendBatchAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _writeConnection ??= await OpenWriterAsync(cancellationToken).ConfigureAwait(false);
            return await AppendBatchAsync(_writeConnection, entries, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await DropWriterAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task<IReadOnlyList<AuditReceipt>> AppendBatchAsync(DbConnection c, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        await using var tx = await BeginWriteAsync(c, cancellationToken).ConfigureAwait(false);

        long seq = 0;
        var prev = AuditChain.GenesisHash;
        var head = _headCommand ??= Command(c, "SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1");
        head.Transaction = tx;
        await using (var r = await head.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                seq = r.GetInt64(0);
                prev = r.GetString(1);
            }
        }

        var receipts = new AuditReceipt[entries.Count];
        var rows = new object[entries.Count][];
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            seq++;
            var hash = AuditChain.ComputeHash(seq, prev, e);
            rows[i] =
            [
                seq, AuditChain.FormatTime(e.Time), e.RequestId, e.User, e.Country, e.Role,
                (object?)e.Purpose ?? DBNull.Value, (object?)e.LegalBasis ?? DBNull.Value, (object?)e.CaseReference ?? DBNull.Value,
                e.OperationHash, (object?)e.OperationName ?? DBNull.Value, AuditChain.CountriesToJson(e.Countries), prev, hash, e.Outcome,
            ];
            receipts[i] = new AuditReceipt(seq, hash);
            prev = hash;
        }

        if (c.CanCreateBatch)
        {
            // One round trip for the whole batch (PostgreSQL).
            await using var batch = c.CreateBatch();
            batch.Transaction = tx;
            foreach (var row in rows)
            {
                var cmd = batch.CreateBatchCommand();
                cmd.CommandText = InsertSql;
                for (var k = 0; k < row.Length; k++)
                {
                    var parameter = cmd.CreateParameter();
                    parameter.ParameterName = "@" + ColumnNames[k];
                    parameter.Value = row[k];
                    cmd.Parameters.Add(parameter);
                }
                batch.BatchCommands.Add(cmd);
            }
            var checkpoint = batch.CreateBatchCommand();
            checkpoint.CommandText = CheckpointSql;
            AddParameter(checkpoint, "@seq", seq);
            AddParameter(checkpoint, "@hash", prev);
            batch.BatchCommands.Add(checkpoint);
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // In-process engines (SQLite): a prepared statement per row costs no round trip.
            if (!InsertRows(c, rows))
            {
                if (_insertCommand is null)
                {
                    _insertCommand = Command(c, InsertSql);
                    _insertParameters = new DbParameter[ColumnNames.Length];
                    for (var k = 0; k < ColumnNames.Length; k++)
                    {
                        _insertParameters[k] = _insertCommand.CreateParameter();
                        _insertParameters[k].ParameterName = "@" + ColumnNames[k];
                        _insertCommand.Parameters.Add(_insertParameters[k]);
                    }
                }

                _insertCommand.Transaction = tx;
                foreach (var row in rows)
                {
                    for (var k = 0; k < row.Length; k++)
                        _insertParameters![k].Value = row[k];
                    await _insertCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            if (_checkpointCommand is null)
            {
                _checkpointCommand = Command(c, CheckpointSql);
                AddParameter(_checkpointCommand, "@seq", 0L);
                AddParameter(_checkpointCommand, "@hash", "");
            }

            _checkpointCommand.Transaction = tx;
            _checkpointCommand.Parameters[0].Value = seq;
            _checkpointCommand.Parameters[1].Value = prev;
            await _checkpointCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return receipts;
    }

    /// <summary>
    /// A store may insert the rows of a batch its own faster way, on <paramref name="connection"/> inside the open
    /// transaction (values in <see cref="Columns"/> order, <see cref="DBNull"/> for nulls); false: use the prepared command.
    /// </summary>
    protected virtual bool InsertRows(DbConnection connection, object[][] rows) => false;

    /// <summary>Called before the writer's connection is closed, to release what <see cref="InsertRows"/> kept on it.</summary>
    protected virtual void ReleaseWriter(DbConnection connection)
    {
    }

    /// <summary>The INSERT of one row, with parameters ?1…?N in <see cref="Columns"/> order.</summary>
    protected static string PositionalInsertSql { get; } =
        $"INSERT INTO audit_entry ({Columns}) VALUES ({string.Join(", ", ColumnNames.Select((_, i) => "?" + (i + 1)))})";

    private static DbCommand Command(DbConnection c, string sql)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd;
    }

    /// <summary>Closes the writer's connection and commands (after a failure, and when the store is disposed).</summary>
    protected async ValueTask DropWriterAsync()
    {
        foreach (var cmd in new[] { _headCommand, _insertCommand, _checkpointCommand })
        {
            if (cmd is not null)
                await cmd.DisposeAsync().ConfigureAwait(false);
        }

        _headCommand = _insertCommand = _checkpointCommand = null;
        _insertParameters = null;
        if (_writeConnection is not null)
        {
            ReleaseWriter(_writeConnection);
            await _writeConnection.DisposeAsync().ConfigureAwait(false);
        }

        _writeConnection = null;
    }

    /// <summary>Closes the writer's connection once no batch is being written.</summary>
    protected async ValueTask CloseWriterAsync()
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await DropWriterAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async IAsyncEnumerable<AuditStoredEntry> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT {Columns} FROM audit_entry ORDER BY seq";
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            yield return ReadStoredOrMalformed(r);
    }

    public async Task<AuditAnchor?> ReadCheckpointAsync(CancellationToken cancellationToken = default)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT seq, hash FROM audit_checkpoint WHERE id = 1";
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            return null;
        return new AuditAnchor(r.GetInt64(0), r.GetString(1));
    }

    public Task<AuditAccessPage> ListAccessesAsync(string ownerCountry, DateTimeOffset from, DateTimeOffset to, AuditPageRequest page, CancellationToken cancellationToken = default) =>
        ListAsync(ownerCountry, from, to, page, hitsOnly: false, foreignOnly: false, cancellationToken);

    public Task<AuditAccessPage> ListHitsAsync(string ownerCountry, DateTimeOffset from, DateTimeOffset to, AuditPageRequest page, CancellationToken cancellationToken = default) =>
        ListAsync(ownerCountry, from, to, page, hitsOnly: true, foreignOnly: false, cancellationToken);

    public Task<AuditAccessPage> ListNotificationsAsync(string ownerCountry, AuditPageRequest page, CancellationToken cancellationToken = default) =>
        ListAsync(ownerCountry, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, page, hitsOnly: true, foreignOnly: true, cancellationToken);

    private async Task<AuditAccessPage> ListAsync(string owner, DateTimeOffset from, DateTimeOffset to, AuditPageRequest page, bool hitsOnly, bool foreignOnly, CancellationToken ct)
    {
        var size = Math.Clamp(page.Size, 1, 1000);
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = ListSql(hitsOnly, foreignOnly);
        AddParameter(cmd, "@owner", owner);
        AddParameter(cmd, "@from", AuditChain.FormatTime(from));
        AddParameter(cmd, "@to", AuditChain.FormatTime(to));
        AddParameter(cmd, "@after", page.AfterSequence);
        AddParameter(cmd, "@limit", (long)size + 1);
        var items = new List<AuditAccess>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            // Columns: seq, time, request_id, user_id, country, role, purpose, legal_basis, case_ref, op_hash, op_name, owner part (JSON object)
            using var doc = System.Text.Json.JsonDocument.Parse(r.GetString(11));
            items.Add(new AuditAccess(
                r.GetInt64(0), AuditChain.ParseTime(r.GetString(1)), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
                NullableString(r, 6), NullableString(r, 7), NullableString(r, 8), r.GetString(9), NullableString(r, 10),
                AuditChain.CountryFromJson(doc.RootElement)));
        }
        if (items.Count > size)
        {
            items.RemoveAt(items.Count - 1);
            return new AuditAccessPage(items, items[^1].Sequence);
        }
        return new AuditAccessPage(items, null);
    }

    public async Task<IReadOnlyList<AuditAggregate>> AggregateAsync(DateOnly fromDay, DateOnly toDay, CancellationToken cancellationToken = default)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = AggregateSql;
        AddParameter(cmd, "@from", AuditChain.FormatTime(new DateTimeOffset(fromDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)));
        AddParameter(cmd, "@to", AuditChain.FormatTime(new DateTimeOffset(toDay.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)));
        var rows = new List<AuditAggregate>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            rows.Add(new AuditAggregate(r.GetString(0), r.GetString(1), r.GetString(2),
                Convert.ToInt64(r.GetValue(3), CultureInfo.InvariantCulture),
                Convert.ToInt64(r.GetValue(4), CultureInfo.InvariantCulture),
                Convert.ToInt64(r.GetValue(5), CultureInfo.InvariantCulture)));
        return rows;
    }

    private static AuditStoredEntry ReadStoredOrMalformed(DbDataReader r)
    {
        try
        {
            return ReadStored(r);
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            var seq = r.IsDBNull(0) ? -1 : Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture);
            return new AuditStoredEntry(seq, NullableString(r, 12) ?? "", NullableString(r, 13) ?? "", null, ex.Message);
        }
    }

    protected static AuditStoredEntry ReadStored(DbDataReader r)
    {
        var entry = new AuditEntry(
            AuditChain.ParseTime(r.GetString(1)), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
            NullableString(r, 6), NullableString(r, 7), NullableString(r, 8), r.GetString(9), NullableString(r, 10),
            AuditChain.CountriesFromJson(r.GetString(11)), r.GetString(14));
        return new AuditStoredEntry(r.GetInt64(0), r.GetString(12), r.GetString(13), entry);
    }

    protected static string? NullableString(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    protected static void AddParameter(DbBatchCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    protected static void AddParameter(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    public abstract ValueTask DisposeAsync();
}
