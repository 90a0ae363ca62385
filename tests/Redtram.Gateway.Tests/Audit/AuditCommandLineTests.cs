using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using static Redtram.Gateway.Tests.Audit.AuditTestSupport;

namespace Redtram.Gateway.Tests.Audit;

/// <summary>The audit options of the gateway's command line, on a real gateway process.</summary>
public sealed class AuditCommandLineTests : IDisposable
{
    private readonly string _dir = TempDir();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _dir };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Redtram.Gateway.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment.Remove("REDTRAM_AUDIT_POSTGRES");
        return Process.Start(psi) ?? throw new InvalidOperationException("could not start the gateway");
    }

    private static async Task<(int Code, string Stderr)> ExitAsync(Process p)
    {
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(timeout.Token);
        return (p.ExitCode, await stderr);
    }

    [Fact]
    public async Task With_a_policy_the_log_defaults_to_audit_db_in_the_working_directory()
    {
        await using var gw = await AuditedGateway.StartAsync(startGateway: false);
        using var p = Start("--supergraph", gw.SupergraphPath, "--policy", gw.PolicyDir, "--urls", "http://127.0.0.1:0",
            "--partition", "national:PE=" + gw.PartitionUrls["PE"]);
        try
        {
            using var startup = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            string? line;
            while ((line = await p.StandardOutput.ReadLineAsync(startup.Token)) is not null && !line.StartsWith("Redtram gateway listening on ", StringComparison.Ordinal))
            {
            }

            Assert.NotNull(line);
            var url = line["Redtram gateway listening on ".Length..].Split(' ', ',')[0];
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            using var res = await http.SendAsync(AuditedGateway.Search(gw.Token("PE", "prosecutor-7", "prosecutor"), "PE:2025-0001"));
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);
            var id = AuditedGateway.RequestId(res);

            await using var store = new Gateway.Audit.SqliteAuditStore(Path.Combine(_dir, "audit.db"));
            var ids = new List<string>();
            await foreach (var e in store.ReadAllAsync())
            {
                ids.Add(e.Entry!.RequestId);
            }

            Assert.Equal([id], ids);
        }
        finally
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task No_audit_is_refused_with_a_policy_and_audit_without_one()
    {
        var supergraph = Http.ClassicSubgraphs.SupergraphPath;
        var policy = Security.SecurityFixture.CheckedInPolicyDir;

        var (code, stderr) = await ExitAsync(Start("--supergraph", supergraph, "--policy", policy, "--no-audit", "--urls", "http://127.0.0.1:0"));
        Assert.Equal(1, code);
        Assert.Contains("--no-audit is not allowed with a policy (--policy)", stderr, StringComparison.Ordinal);

        (code, stderr) = await ExitAsync(Start("--supergraph", supergraph, "--audit", "x.db", "--urls", "http://127.0.0.1:0"));
        Assert.Equal(1, code);
        Assert.Contains("--audit / --audit-postgres need a policy (--policy)", stderr, StringComparison.Ordinal);

        (code, stderr) = await ExitAsync(Start("--supergraph", supergraph, "--policy", policy, "--audit", "a.db", "--audit-postgres", "Host=127.0.0.1", "--urls", "http://127.0.0.1:0"));
        Assert.Equal(2, code);
        Assert.Contains("Give at most one of --audit <file> and --audit-postgres <connection string>.", stderr, StringComparison.Ordinal);

        (code, stderr) = await ExitAsync(Start("--supergraph", supergraph, "--policy", policy, "--audit", Path.Combine(_dir, "missing", "audit.db"), "--urls", "http://127.0.0.1:0"));
        Assert.Equal(1, code);
        Assert.Contains($"The audit log cannot be opened (SQLite file '{Path.Combine(_dir, "missing", "audit.db")}'", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);

        (code, stderr) = await ExitAsync(Start("--supergraph", supergraph, "--policy", policy, "--audit-postgres", "Host=127.0.0.1;Port=1;Database=audit;Password=s3cret;Timeout=2", "--urls", "http://127.0.0.1:0"));
        Assert.Equal(1, code);
        Assert.Contains("The audit log cannot be opened (PostgreSQL database 'audit' on 127.0.0.1:1)", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", stderr, StringComparison.Ordinal);
    }
}
