using Npgsql;
using Redtram.Gateway.Audit;
using Xunit.Abstractions;
using static Redtram.Gateway.Tests.Audit.AuditTestSupport;

namespace Redtram.Gateway.Tests.Audit;

public sealed class PostgresAuditLogTests(PostgresServerFixture server, ITestOutputHelper output) : IClassFixture<PostgresServerFixture>
{
    private static async Task ExecAsync(string connectionString, string sql)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<AuditVerification> VerifyAsync(string cs, AuditAnchor? anchor = null)
    {
        await using var store = new PostgresAuditStore(cs);
        return await AuditVerifier.VerifyAsync(store, anchor);
    }

    private static async Task WriteAsync(string cs, int n)
    {
        await using var log = await new AuditOptions { PostgresConnectionString = cs }.OpenAsync();
        for (var i = 1; i <= n; i++)
            await log.AppendAsync(Entry(i));
    }

    [Fact]
    public async Task Appended_entries_verify_and_read_back()
    {
        var cs = await server.CreateDatabaseAsync();
        await WriteAsync(cs, 6);
        var result = await VerifyAsync(cs);
        Assert.True(result.Intact, result.Problem);
        Assert.Equal(6, result.Entries);

        await using var log = await new AuditOptions { PostgresConnectionString = cs }.OpenAsync();
        var page = await log.ListAccessesAsync("BG", T0, T0.AddDays(1), new AuditPageRequest(4));
        Assert.Equal([1L, 2L, 3L, 4L], page.Items.Select(a => a.Sequence));
        Assert.Equal(4, page.NextAfterSequence);
        Assert.Equal(["BG-1-1", "BG-1-2"], page.Items[0].Access.IdsDisclosed);
        Assert.Empty((await log.ListHitsAsync("MD", T0, T0.AddDays(1), new AuditPageRequest(10))).Items);
        var agg = await log.AggregateAsync(DateOnly.FromDateTime(T0.UtcDateTime), DateOnly.FromDateTime(T0.UtcDateTime));
        Assert.Equal(6, agg.Where(a => a.OwningCountry == "BG").Sum(a => a.Requests));
        Assert.Equal(12, agg.Where(a => a.OwningCountry == "BG").Sum(a => a.Records));
    }

    [Fact]
    public async Task Update_and_delete_are_refused_by_the_table()
    {
        var cs = await server.CreateDatabaseAsync();
        await WriteAsync(cs, 2);
        var ex = await Assert.ThrowsAsync<PostgresException>(() => ExecAsync(cs, "UPDATE audit_entry SET user_id = 'x' WHERE seq = 1"));
        Assert.Contains("append-only", ex.MessageText, StringComparison.Ordinal);
        await Assert.ThrowsAsync<PostgresException>(() => ExecAsync(cs, "DELETE FROM audit_entry WHERE seq = 1"));
        await Assert.ThrowsAsync<PostgresException>(() => ExecAsync(cs, "TRUNCATE audit_entry"));
    }

    [Theory]
    [InlineData("UPDATE audit_entry SET role = 'admin' WHERE seq = 3", 3L)]
    [InlineData("DELETE FROM audit_entry WHERE seq = 4", 4L)]
    [InlineData("SWAP", 2L)]
    public async Task Tampering_is_detected(string sql, long firstBad)
    {
        var cs = await server.CreateDatabaseAsync();
        await WriteAsync(cs, 6);
        if (sql == "SWAP")
        {
            const string cols = "time, request_id, user_id, country, role, purpose, legal_basis, case_ref, op_hash, op_name, countries, prev_hash, hash";
            sql = $"""
                CREATE TEMP TABLE swap AS SELECT seq, {cols} FROM audit_entry WHERE seq IN (2, 3);
                UPDATE audit_entry SET ({cols}) = (SELECT {cols} FROM swap WHERE swap.seq = 3) WHERE seq = 2;
                UPDATE audit_entry SET ({cols}) = (SELECT {cols} FROM swap WHERE swap.seq = 2) WHERE seq = 3;
                """;
        }
        await ExecAsync(cs, "ALTER TABLE audit_entry DISABLE TRIGGER USER; " + sql);
        var result = await VerifyAsync(cs);
        output.WriteLine(result.ToString());
        Assert.False(result.Intact);
        Assert.Equal(firstBad, result.FirstBadSequence);
    }

    [Fact]
    public async Task Tail_truncation_is_detected_by_the_checkpoint()
    {
        var cs = await server.CreateDatabaseAsync();
        await WriteAsync(cs, 6);
        await ExecAsync(cs, "ALTER TABLE audit_entry DISABLE TRIGGER USER; DELETE FROM audit_entry WHERE seq > 4");
        var result = await VerifyAsync(cs);
        Assert.False(result.Intact);
        Assert.Contains("truncated", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_writers_on_one_database_keep_one_gap_free_chain_with_group_commit()
    {
        var cs = await server.CreateDatabaseAsync();
        await using var a = await new AuditOptions { PostgresConnectionString = cs }.OpenAsync();
        await using var b = await new AuditOptions { PostgresConnectionString = cs }.OpenAsync();
        const int n = 600;
        var receipts = await Task.WhenAll(Enumerable.Range(1, n).Select(i => Task.Run(() => (i % 2 == 0 ? a : b).AppendAsync(Entry(i)))));
        Assert.Equal(Enumerable.Range(1, n).Select(i => (long)i), receipts.Select(r => r.Sequence).Order());
        output.WriteLine($"{a.Statistics} / {b.Statistics}");
        Assert.True(a.Statistics.BatchesAboveOne + b.Statistics.BatchesAboveOne > 0);
        var result = await AuditVerifier.VerifyAsync(a.Store);
        Assert.True(result.Intact, result.Problem);
        Assert.Equal(n, result.Entries);
    }
}
