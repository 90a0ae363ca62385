using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Redtram.Gateway.Audit;

namespace Redtram.Cli;

/// <summary>
/// <c>redtram audit verify --sqlite FILE | --postgres CONNSTRING [--anchor SEQ:HASH]</c>: walks the hash chain.
/// Exit 0 "N entries, chain intact", exit 1 with the first edited, removed or reordered entry, exit 2 on bad usage.
/// Hidden: <c>redtram audit append-load</c> writes synthetic entries (crash test, throughput measurement).
/// </summary>
public static class AuditCommand
{
    public static Command Create()
    {
        var sqlite = new Option<string?>("--sqlite") { Description = "The SQLite audit database file." };
        var postgres = new Option<string?>("--postgres") { Description = "A PostgreSQL connection string." };
        var anchor = new Option<string?>("--anchor") { Description = "An externally kept head 'SEQ:HASH' that the log must still contain." };
        var verify = new Command("verify", "Walk the audit chain and report the first edited, removed or reordered entry.") { sqlite, postgres, anchor };
        verify.SetAction((parse, ct) => VerifyAsync(parse.GetValue(sqlite), parse.GetValue(postgres), parse.GetValue(anchor), Console.Out, ct));

        var lSqlite = new Option<string?>("--sqlite") { Description = "The SQLite audit database file." };
        var lPostgres = new Option<string?>("--postgres") { Description = "A PostgreSQL connection string." };
        var count = new Option<int>("--count") { Description = "Entries to append.", DefaultValueFactory = _ => 1000 };
        var concurrency = new Option<int>("--concurrency") { Description = "Concurrent appenders.", DefaultValueFactory = _ => 64 };
        var noGroup = new Option<bool>("--no-group-commit") { Description = "One transaction per entry." };
        var quiet = new Option<bool>("--quiet") { Description = "Do not print each acknowledged sequence number." };
        var load = new Command("append-load", "Append synthetic entries, printing each sequence number once committed.")
        {
            lSqlite, lPostgres, count, concurrency, noGroup, quiet,
        };
        load.Hidden = true;
        load.SetAction((parse, ct) => AppendLoadAsync(parse.GetValue(lSqlite), parse.GetValue(lPostgres), parse.GetValue(count),
            parse.GetValue(concurrency), !parse.GetValue(noGroup), parse.GetValue(quiet), Console.Out, Console.Error, ct));

        return new Command("audit", "The audit log.") { verify, load };
    }

    private static AuditOptions? Options(string? sqlite, string? postgres, TextWriter output)
    {
        if (string.IsNullOrWhiteSpace(sqlite) == string.IsNullOrWhiteSpace(postgres))
        {
            output.WriteLine("error: give exactly one of --sqlite <file> or --postgres <connection string>.");
            return null;
        }
        return new AuditOptions { SqlitePath = sqlite ?? "", PostgresConnectionString = postgres };
    }

    public static async Task<int> VerifyAsync(string? sqlite, string? postgres, string? anchorText, TextWriter stdout, CancellationToken ct = default)
    {
        var options = Options(sqlite, postgres, stdout);
        if (options is null)
            return 2;
        if (sqlite is not null && !File.Exists(sqlite))
        {
            await stdout.WriteLineAsync($"error: '{sqlite}' does not exist.").ConfigureAwait(false);
            return 2;
        }
        AuditAnchor? anchor = null;
        if (anchorText is not null)
        {
            if (!AuditAnchor.TryParse(anchorText, out var a))
            {
                await stdout.WriteLineAsync("error: --anchor must be SEQ:HASH (64 hex digits).").ConfigureAwait(false);
                return 2;
            }
            anchor = a;
        }
        await using var store = options.CreateStore();
        var result = await AuditVerifier.VerifyAsync(store, anchor, ct).ConfigureAwait(false);
        await stdout.WriteLineAsync(result.ToString()).ConfigureAwait(false);
        return result.Intact ? 0 : 1;
    }

    public static async Task<int> AppendLoadAsync(string? sqlite, string? postgres, int count, int concurrency, bool groupCommit, bool quiet,
        TextWriter stdout, TextWriter stderr, CancellationToken ct = default)
    {
        var options = Options(sqlite, postgres, stderr);
        if (options is null)
            return 2;
        options.GroupCommit = groupCommit;
        await using var log = await options.OpenAsync(ct).ConfigureAwait(false);
        var next = 0;
        var sw = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Math.Max(1, concurrency)).Select(w => Task.Run(async () =>
        {
            while (true)
            {
                var i = Interlocked.Increment(ref next);
                if (i > count)
                    return;
                var receipt = await log.AppendAsync(Synthetic(i), ct).ConfigureAwait(false);
                if (!quiet)
                {
                    lock (stdout)
                    {
                        stdout.WriteLine(receipt.Sequence.ToString(CultureInfo.InvariantCulture));
                        stdout.Flush();
                    }
                }
            }
        }, ct)).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        sw.Stop();
        var s = log.Statistics;
        await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{count} entries in {sw.Elapsed.TotalMilliseconds:F0} ms = {count / sw.Elapsed.TotalSeconds:F0} entries/s; group commit {(groupCommit ? "on" : "off")}, {s.Batches} transactions, largest batch {s.LargestBatch}")).ConfigureAwait(false);
        return 0;
    }

    private static readonly string[] Countries = ["RO", "BG", "MD", "UA"];

    private static AuditEntry Synthetic(int i) => new(
        DateTimeOffset.UtcNow,
        $"req-{i}",
        $"user-{i % 17}",
        Countries[i % Countries.Length],
        "prosecutor",
        "investigation",
        "Art. 5(1)",
        $"CASE-{i % 101}",
        "sha256:0f1e2d",
        "SearchPersons",
        [
            new AuditCountryAccess(Countries[(i + 1) % Countries.Length], "SUMMARY", "ok", i % 3, [.. Enumerable.Range(0, i % 3).Select(k => $"P-{i}-{k}")]),
            new AuditCountryAccess(Countries[(i + 2) % Countries.Length], "HIT", "ok", 0, []),
        ]);
}
