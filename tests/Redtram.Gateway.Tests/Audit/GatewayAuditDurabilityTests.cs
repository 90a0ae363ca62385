using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;
using static Redtram.Gateway.Tests.Audit.AuditTestSupport;

namespace Redtram.Gateway.Tests.Audit;

/// <summary>
/// The log the gateway writes: <c>redtram audit verify</c> finds any edited, removed or reordered entry in it, and a
/// gateway process killed with SIGKILL under load loses no entry of a request it answered — also when the kill comes
/// while the log is stalled behind another process's lock.
/// </summary>
public sealed class GatewayAuditDurabilityTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Redtram_audit_verify_detects_edited_removed_and_reordered_entries_of_a_gateway_log()
    {
        await using var gw = await AuditedGateway.StartAsync();
        var pe = gw.Token("PE", "prosecutor-7", "prosecutor");
        for (var i = 0; i < 4; i++)
        {
            using var res = await gw.Client.SendAsync(AuditedGateway.Search(pe, "PE:2025-0001"));
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        }

        using (var cl = await gw.Client.SendAsync(AuditedGateway.Search(gw.Token("CL", "fiscal-3", "prosecutor"), "CL:RUC-1800123")))
        {
            Assert.Equal(HttpStatusCode.OK, cl.StatusCode);
        }

        await gw.StopGatewayAsync();
        var intact = await RunCliAsync("audit", "verify", "--sqlite", gw.AuditPath);
        Assert.Equal(0, intact.ExitCode);
        Assert.StartsWith("5 entries, chain intact (head 5:", intact.Output, StringComparison.Ordinal);

        var cases = new (string Name, string Sql, string Problem)[]
        {
            ("purpose edited", "UPDATE audit_entry SET purpose = 'PROSECUTION' WHERE seq = 2",
                "chain broken: entry 2 was edited: its content does not match its hash"),
            ("records hidden", "UPDATE audit_entry SET countries = replace(countries, '\"records\":2', '\"records\":0') WHERE seq = 3",
                "chain broken: entry 3 was edited: its content does not match its hash"),
            ("requester changed", "UPDATE audit_entry SET user_id = 'https://idp.pe.test|someone-else' WHERE seq = 1",
                "chain broken: entry 1 was edited: its content does not match its hash"),
            ("outcome changed", "UPDATE audit_entry SET outcome = 'rejected' WHERE seq = 4",
                "chain broken: entry 4 was edited: its content does not match its hash"),
            ("entry removed", "DELETE FROM audit_entry WHERE seq = 3",
                "chain broken: entry 3 is missing (next stored entry is 4): removed"),
            ("entries reordered", SwapRowsSql(2, 4),
                "chain broken: entry 2 does not follow entry 1: its previous-hash does not match (an entry was removed, reordered or replaced)"),
            ("tail removed", "DELETE FROM audit_entry WHERE seq = 5",
                "chain broken: the log ends at entry 4 but the checkpoint records entry 5: the tail was truncated"),
        };
        foreach (var (name, sql, problem) in cases)
        {
            var copy = Path.Combine(gw.Dir, "tampered-" + name.Replace(' ', '-') + ".db");
            CopyDatabase(gw.AuditPath, copy);
            Tamper(copy, sql);
            var (code, text) = await RunCliAsync("audit", "verify", "--sqlite", copy);
            Assert.True(code == 1, $"{name}: exit {code}, {text}");
            Assert.Equal(problem, text.Trim());
        }
    }

    [Fact]
    public async Task Sigkill_of_the_gateway_under_load_loses_no_entry_of_an_answered_request()
    {
        await using var gw = await AuditedGateway.StartAsync(startGateway: false);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = gw.Dir };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Redtram.Gateway.dll"));
        foreach (var a in new[] { "--supergraph", gw.SupergraphPath, "--policy", gw.PolicyDir, "--audit", gw.AuditPath, "--urls", "http://127.0.0.1:0" })
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (country, url) in gw.PartitionUrls)
        {
            psi.ArgumentList.Add("--partition");
            psi.ArgumentList.Add($"national:{country}={url}");
        }

        psi.Environment.Remove("REDTRAM_AUDIT_POSTGRES");
        const int answersBeforeKill = 400;
        var answered = new ConcurrentBag<string>();
        var failures = 0;
        using var gateway = Process.Start(psi) ?? throw new InvalidOperationException("could not start the gateway");
        var stderr = gateway.StandardError.ReadToEndAsync();
        try
        {
            // "Redtram gateway listening on http://127.0.0.1:<port> (POST /graphql, GET /health)"
            using var startup = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            string? line;
            while ((line = await gateway.StandardOutput.ReadLineAsync(startup.Token)) is not null && !line.StartsWith("Redtram gateway listening on ", StringComparison.Ordinal))
            {
            }

            if (line is null)
            {
                Assert.Fail("the gateway exited at start-up: " + await stderr);
            }

            var url = line["Redtram gateway listening on ".Length..].Split(' ', ',')[0];
            var token = gw.Token("PE", "prosecutor-7", "prosecutor");
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32 }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
            using var killed = new CancellationTokenSource();
            var workers = Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
            {
                while (!killed.IsCancellationRequested)
                {
                    try
                    {
                        using var res = await http.SendAsync(AuditedGateway.Search(token, "PE:2025-0001"));
                        var body = await res.Content.ReadAsStringAsync();
                        if (res.StatusCode == HttpStatusCode.OK && body.Contains("\"searchPersons\"", StringComparison.Ordinal))
                        {
                            answered.Add(AuditedGateway.RequestId(res));
                        }
                        else
                        {
                            Interlocked.Increment(ref failures);
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                    {
                        // In flight when the gateway died: not answered.
                    }
                }
            })).ToArray();

            var sw = Stopwatch.StartNew();
            while (answered.Count < answersBeforeKill && sw.Elapsed < TimeSpan.FromSeconds(90) && !gateway.HasExited)
            {
                await Task.Delay(5);
            }

            // Then the log stalls (another process holds its write lock) while the load goes on, and the gateway is
            // killed during the stall: an answer sent ahead of its commit would be lost here.
            using var holder = new SqliteConnection($"Data Source={gw.AuditPath};Pooling=False;Default Timeout=30");
            holder.Open();
            using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE";
                begin.ExecuteNonQuery();
            }

            var beforeStall = answered.Count;
            await Task.Delay(1000);
            var duringStall = answered.Count - beforeStall;
            gateway.Kill(entireProcessTree: true); // SIGKILL
            await killed.CancelAsync();
            await Task.WhenAll(workers);
            await gateway.WaitForExitAsync();
            using (var rollback = holder.CreateCommand())
            {
                rollback.CommandText = "ROLLBACK";
                rollback.ExecuteNonQuery();
            }

            output.WriteLine($"{beforeStall} answered before the stall, {duringStall} during it");
            if (answered.Count < answersBeforeKill)
            {
                Assert.Fail($"only {answered.Count} answers before the deadline; {failures} failures; {await stderr}");
            }

            Assert.Equal(0, failures);
        }
        finally
        {
            if (!gateway.HasExited)
            {
                gateway.Kill(entireProcessTree: true);
            }
        }

        Assert.NotEqual(0, gateway.ExitCode);
        var verification = await VerifySqliteAsync(gw.AuditPath);
        output.WriteLine($"{answered.Count} answered before SIGKILL; log: {verification}");
        Assert.True(verification.Intact, verification.Problem);
        var stored = (await gw.EntriesAsync()).Select(e => e.Entry!.RequestId).ToHashSet(StringComparer.Ordinal);
        var lost = answered.Where(id => !stored.Contains(id)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} of {answered.Count} answered requests have no audit entry");
        Assert.Equal(answered.Count, answered.Distinct().Count());
    }
}
