using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Redtram.Gateway.Audit;
using Xunit.Abstractions;
using static Redtram.Gateway.Tests.Audit.AuditTestSupport;

namespace Redtram.Gateway.Tests.Audit;

/// <summary>
/// SIGKILL during load: a child <c>redtram audit append-load</c> prints each sequence number once its append has
/// completed (= committed). After K acknowledgements the child is killed; every acknowledged entry must be in
/// the log, and the chain must be intact and writable.
/// </summary>
public sealed class AuditCrashTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = TempDir();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Sigkill_during_load_loses_no_acknowledged_entry()
    {
        var db = Path.Combine(_dir, "audit.db");
        const int acknowledgementsBeforeKill = 300;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { CliDll(), "audit", "append-load", "--sqlite", db, "--count", "1000000", "--concurrency", "32" })
            psi.ArgumentList.Add(a);

        var acknowledged = new List<long>();
        using (var child = Process.Start(psi) ?? throw new InvalidOperationException("could not start the CLI"))
        {
            var stderr = child.StandardError.ReadToEndAsync();
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                while (acknowledged.Count < acknowledgementsBeforeKill)
                {
                    var line = await child.StandardOutput.ReadLineAsync(timeout.Token);
                    if (line is null)
                    {
                        await child.WaitForExitAsync(timeout.Token);
                        var err = await stderr;
                        Assert.Fail($"append-load exited ({child.ExitCode}) after {acknowledged.Count} acknowledgements: {err}" +
                            (err.Contains("audit", StringComparison.Ordinal) ? " — is AuditCommand registered in gateway/Redtram.Cli/Program.cs?" : ""));
                    }
                    if (!long.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
                    {
                        var more = await child.StandardOutput.ReadToEndAsync(timeout.Token);
                        Assert.Fail($"append-load did not print sequence numbers: {line}\n{more}{await stderr}\n" +
                            "Is AuditCommand registered in gateway/Redtram.Cli/Program.cs (root.Subcommands.Add(AuditCommand.Create());) and the CLI rebuilt?");
                    }
                    acknowledged.Add(seq);
                }
            }
            finally
            {
                if (!child.HasExited)
                    child.Kill(entireProcessTree: true); // SIGKILL on Unix
            }
            await child.WaitForExitAsync();
            // Lines already written before the kill were acknowledged too.
            string? rest;
            while ((rest = await child.StandardOutput.ReadLineAsync()) is not null)
                if (long.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var s))
                    acknowledged.Add(s);
            Assert.NotEqual(0, child.ExitCode);
        }

        await using var store = new SqliteAuditStore(db);
        var result = await AuditVerifier.VerifyAsync(store);
        output.WriteLine($"{acknowledged.Count} acknowledged, {result}");
        Assert.True(result.Intact, result.Problem);
        Assert.True(acknowledged.Max() <= result.Head.Sequence, $"acknowledged {acknowledged.Max()} but the log ends at {result.Head.Sequence}");
        var stored = new HashSet<long>();
        await foreach (var row in store.ReadAllAsync())
            stored.Add(row.Sequence);
        Assert.All(acknowledged, s => Assert.Contains(s, stored));
        Assert.True(result.Head.Sequence < 1_000_000, "the child finished before it was killed");

        // The log carries on after the crash.
        await using var log = await GroupCommitAuditLog.StartAsync(new SqliteAuditStore(db));
        Assert.Equal(result.Head.Sequence + 1, (await log.AppendAsync(Entry(1))).Sequence);
        Assert.True((await AuditVerifier.VerifyAsync(log.Store)).Intact);
    }
}
