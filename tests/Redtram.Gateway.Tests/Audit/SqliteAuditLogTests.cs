using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Redtram.Gateway.Audit;
using Xunit.Abstractions;
using static Redtram.Gateway.Tests.Audit.AuditTestSupport;

namespace Redtram.Gateway.Tests.Audit;

public sealed class SqliteAuditLogTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = TempDir();

    private string Db => Path.Combine(_dir, "audit.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Appended_entries_verify_as_an_intact_chain_and_read_back_unchanged()
    {
        var receipts = new List<AuditReceipt>();
        await using (var log = await GroupCommitAuditLog.StartAsync(new SqliteAuditStore(Db)))
        {
            for (var i = 1; i <= 10; i++)
                receipts.Add(await log.AppendAsync(Entry(i)));
        }
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), receipts.Select(r => r.Sequence));

        var result = await VerifySqliteAsync(Db);
        Assert.True(result.Intact, result.Problem);
        Assert.Equal(10, result.Entries);
        Assert.Equal(receipts[^1].Hash, result.Head.Hash);

        await using var store = new SqliteAuditStore(Db);
        var stored = await store.ReadAllAsync().ToListAsync();
        Assert.Equal(Entry(4).Countries[0].IdsDisclosed, stored[3].Entry!.Countries[0].IdsDisclosed);
        Assert.Equal(Entry(4).Time, stored[3].Entry!.Time);
        Assert.Equal(Entry(4).OperationName, stored[3].Entry!.OperationName);

        // Reopening continues the chain.
        await using (var log = await GroupCommitAuditLog.StartAsync(new SqliteAuditStore(Db)))
            Assert.Equal(11, (await log.AppendAsync(Entry(11))).Sequence);
        Assert.True((await VerifySqliteAsync(Db)).Intact);
    }

    [Fact]
    public async Task The_table_refuses_update_and_delete()
    {
        await (await WriteSqliteAsync(Db, 3)).DisposeAsync();
        using var c = new SqliteConnection($"Data Source={Db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "UPDATE audit_entry SET user_id = 'x' WHERE seq = 2";
        Assert.Contains("append-only", Assert.Throws<SqliteException>(() => cmd.ExecuteNonQuery()).Message, StringComparison.Ordinal);
        cmd.CommandText = "DELETE FROM audit_entry WHERE seq = 2";
        Assert.Contains("append-only", Assert.Throws<SqliteException>(() => cmd.ExecuteNonQuery()).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UPDATE audit_entry SET user_id = 'someone-else' WHERE seq = 4", 4L, "edited")]
    [InlineData("UPDATE audit_entry SET countries = replace(countries, '\"records\":2', '\"records\":0') WHERE seq = 5", 5L, "edited")]
    [InlineData("UPDATE audit_entry SET time = 'not a time' WHERE seq = 6", 6L, "edited")]
    [InlineData("UPDATE audit_entry SET case_ref = NULL WHERE seq = 1", 1L, "edited")]
    [InlineData("DELETE FROM audit_entry WHERE seq = 5", 5L, "removed")]
    [InlineData("UPDATE audit_entry SET seq = seq + 100 WHERE seq = 3", 3L, "removed")]
    public async Task Tampering_is_detected_at_the_first_bad_entry(string sql, long firstBad, string kind)
    {
        await (await WriteSqliteAsync(Db, 8)).DisposeAsync();
        Tamper(Db, sql);
        var result = await VerifySqliteAsync(Db);
        output.WriteLine(result.ToString());
        Assert.False(result.Intact);
        Assert.Equal(firstBad, result.FirstBadSequence);
        Assert.Contains(kind, result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Swapping_two_rows_contents_is_detected()
    {
        await (await WriteSqliteAsync(Db, 8)).DisposeAsync();
        Tamper(Db, SwapRowsSql(3, 4));
        var result = await VerifySqliteAsync(Db);
        output.WriteLine(result.ToString());
        Assert.False(result.Intact);
        Assert.Equal(3, result.FirstBadSequence);
    }

    [Fact]
    public async Task Swapping_contents_but_keeping_the_chain_columns_is_detected()
    {
        await (await WriteSqliteAsync(Db, 8)).DisposeAsync();
        Tamper(Db, """
            CREATE TEMP TABLE swap AS SELECT seq, user_id, case_ref FROM audit_entry WHERE seq IN (6, 7);
            UPDATE audit_entry SET (user_id, case_ref) = (SELECT user_id, case_ref FROM swap WHERE swap.seq = 7) WHERE seq = 6;
            UPDATE audit_entry SET (user_id, case_ref) = (SELECT user_id, case_ref FROM swap WHERE swap.seq = 6) WHERE seq = 7;
            """);
        var result = await VerifySqliteAsync(Db);
        Assert.False(result.Intact);
        Assert.Equal(6, result.FirstBadSequence);
    }

    [Fact]
    public async Task Tail_truncation_is_caught_by_the_checkpoint_unless_the_checkpoint_is_rewritten_too_then_only_by_an_external_anchor()
    {
        await (await WriteSqliteAsync(Db, 8)).DisposeAsync();
        var anchor = (await VerifySqliteAsync(Db)).Head;
        Assert.Equal(8, anchor.Sequence);

        // Naive truncation: the checkpoint still names entry 8.
        Tamper(Db, "DELETE FROM audit_entry WHERE seq > 6");
        var naive = await VerifySqliteAsync(Db);
        output.WriteLine(naive.ToString());
        Assert.False(naive.Intact);
        Assert.Contains("truncated", naive.Problem, StringComparison.Ordinal);

        // Someone who also rewrites the checkpoint leaves a valid shorter chain: only the anchor kept elsewhere tells.
        Tamper(Db, "UPDATE audit_checkpoint SET seq = 6, hash = (SELECT hash FROM audit_entry WHERE seq = 6)");
        Assert.True((await VerifySqliteAsync(Db)).Intact);
        var anchored = await VerifySqliteAsync(Db, anchor);
        output.WriteLine(anchored.ToString());
        Assert.False(anchored.Intact);
        Assert.Contains("truncated", anchored.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rewritten_chain_is_caught_by_the_external_anchor()
    {
        await (await WriteSqliteAsync(Db, 5)).DisposeAsync();
        var anchor = (await VerifySqliteAsync(Db)).Head;
        // Rewrite the whole log with different content but a valid chain and checkpoint.
        Tamper(Db, "DELETE FROM audit_entry; UPDATE audit_checkpoint SET seq = 0, hash = '" + AuditChain.GenesisHash + "'");
        await using (var log = await GroupCommitAuditLog.StartAsync(new SqliteAuditStore(Db)))
            for (var i = 1; i <= 5; i++)
                await log.AppendAsync(Entry(i) with { User = "forged" });
        Assert.True((await VerifySqliteAsync(Db)).Intact);
        var result = await VerifySqliteAsync(Db, anchor);
        Assert.False(result.Intact);
        Assert.Equal(5, result.FirstBadSequence);
    }

    [Fact]
    public async Task Concurrent_appends_are_group_committed_into_a_gap_free_chain()
    {
        const int n = 2000;
        await using var log = await GroupCommitAuditLog.StartAsync(new SqliteAuditStore(Db));
        var receipts = await Task.WhenAll(Enumerable.Range(1, n).Select(i => Task.Run(() => log.AppendAsync(Entry(i)))));
        Assert.Equal(Enumerable.Range(1, n).Select(i => (long)i), receipts.Select(r => r.Sequence).Order());
        var stats = log.Statistics;
        output.WriteLine(stats.ToString());
        Assert.Equal(n, stats.Entries);
        Assert.True(stats.BatchesAboveOne > 0, $"no batch held more than one entry: {stats}");
        Assert.True(stats.Batches < n, $"{stats.Batches} transactions for {n} entries");
        var result = await AuditVerifier.VerifyAsync(log.Store);
        Assert.True(result.Intact, result.Problem);
        Assert.Equal(n, result.Entries);
    }

    [Fact]
    public async Task Throughput_with_and_without_group_commit()
    {
        const int n = 1000;
        var rates = new Dictionary<bool, double>();
        foreach (var group in new[] { false, true })
        {
            var path = Path.Combine(_dir, $"tp-{group}.db");
            await using var log = await GroupCommitAuditLog.StartAsync(new SqliteAuditStore(path), new AuditOptions { GroupCommit = group });
            var next = 0;
            var sw = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) <= n)
                    await log.AppendAsync(Entry(i));
            })));
            sw.Stop();
            rates[group] = n / sw.Elapsed.TotalSeconds;
            output.WriteLine($"group commit {(group ? "on " : "off")}: {rates[group]:F0} entries/s, {log.Statistics}");
            Assert.Equal(group ? 1 : n, group ? Math.Min(1, log.Statistics.BatchesAboveOne) : log.Statistics.Batches);
            Assert.True((await AuditVerifier.VerifyAsync(log.Store)).Intact);
        }
    }

    [Fact]
    public async Task The_owner_lists_accesses_to_its_data_the_contact_point_sees_hits_the_secretariat_only_counts()
    {
        await using var log = await GroupCommitAuditLog.StartAsync(new SqliteAuditStore(Db));
        for (var i = 1; i <= 5; i++)
            await log.AppendAsync(Entry(i));                                   // RO asks BG (2 records) and MD (none)
        await log.AppendAsync(Entry(6, "UA", new AuditCountryAccess("RO", "FULL", "ok", 1, ["RO-1"])));
        await log.AppendAsync(Entry(7, "BG", new AuditCountryAccess("MD", "NONE", "denied", 0, [])));

        var from = T0;
        var to = T0.AddDays(1);
        var bg = await log.ListAccessesAsync("BG", from, to, new AuditPageRequest(2));
        Assert.Equal([1L, 2L], bg.Items.Select(a => a.Sequence));
        Assert.Equal(2, bg.NextAfterSequence);
        Assert.All(bg.Items, a => Assert.Equal("BG", a.Access.Country));      // only BG's part of the request
        var rest = await log.ListAccessesAsync("BG", from, to, new AuditPageRequest(10, bg.NextAfterSequence!.Value));
        Assert.Equal([3L, 4L, 5L], rest.Items.Select(a => a.Sequence));
        Assert.Null(rest.NextAfterSequence);
        Assert.Equal(["BG-3-1", "BG-3-2"], rest.Items[0].Access.IdsDisclosed);

        var md = await log.ListAccessesAsync("MD", from, to, new AuditPageRequest(100));
        Assert.Equal(6, md.Items.Count);
        var mdHits = await log.ListHitsAsync("MD", from, to, new AuditPageRequest(100));
        Assert.Empty(mdHits.Items);
        var roHits = await log.ListHitsAsync("RO", from, to, new AuditPageRequest(100));
        Assert.Equal("UA", Assert.Single(roHits.Items).RequestingCountry);

        var window = await log.ListAccessesAsync("BG", T0.AddMinutes(2), T0.AddMinutes(4), new AuditPageRequest(100));
        Assert.Equal([2L, 3L], window.Items.Select(a => a.Sequence));

        var day = DateOnly.FromDateTime(T0.UtcDateTime);
        var agg = await log.AggregateAsync(day, day);
        var roBg = agg.Where(a => a.RequestingCountry == "RO" && a.OwningCountry == "BG").ToList();
        Assert.Equal(5, roBg.Sum(a => a.Requests));
        Assert.Equal(10, roBg.Sum(a => a.Records));
        Assert.Contains(agg, a => a is { RequestingCountry: "UA", OwningCountry: "RO", Requests: 1, Hits: 1 });
        Assert.Contains(agg, a => a is { RequestingCountry: "BG", OwningCountry: "MD", Requests: 1, Hits: 0 });
        Assert.Empty(await log.AggregateAsync(day.AddDays(1), day.AddDays(3)));
    }
}
