using Microsoft.Data.Sqlite;
using Redtram.Gateway.Audit;

namespace Redtram.Gateway.Tests.Audit;

internal static class AuditTestSupport
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static AuditEntry Entry(int i, string requester = "RO", params AuditCountryAccess[] countries) => new(
        T0.AddMinutes(i),
        $"req-{i}",
        $"user-{i % 3}",
        requester,
        "prosecutor",
        "investigation",
        "Art. 5(1)",
        $"CASE-{i}",
        "sha256:abc",
        i % 2 == 0 ? "SearchPersons" : null,
        countries.Length > 0 ? countries :
        [
            new AuditCountryAccess("BG", "SUMMARY", "ok", 2, [$"BG-{i}-1", $"BG-{i}-2"]),
            new AuditCountryAccess("MD", "HIT", "ok", 0, []),
        ]);

    /// <summary>The built <c>redtram</c> CLI (gateway/Redtram.Cli/bin/&lt;configuration&gt;/net10.0/redtram.dll).</summary>
    public static string CliDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Redtram.Federation.sln")))
            dir = dir.Parent;
        if (dir is null)
            throw new InvalidOperationException("repository root (Redtram.Federation.sln) not found above " + AppContext.BaseDirectory);
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var dll = Path.Combine(dir.FullName, "gateway", "Redtram.Cli", "bin", configuration, "net10.0", "redtram.dll");
        if (!File.Exists(dll))
            throw new InvalidOperationException($"{dll} not found: build it first (dotnet build gateway/Redtram.Cli -c {configuration}).");
        return dll;
    }

    /// <summary>Runs <c>redtram</c> with <paramref name="args"/>; returns its exit code and standard output.</summary>
    public static async Task<(int ExitCode, string Output)> RunCliAsync(params string[] args)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(CliDll());
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(psi) ?? throw new InvalidOperationException("could not start the CLI");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(timeout.Token);
        return (p.ExitCode, (await stdout) + (await stderr));
    }

    /// <summary>Copies a SQLite database (with its WAL and shared-memory files, if any) to <paramref name="target"/>.</summary>
    public static void CopyDatabase(string source, string target)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            if (File.Exists(source + suffix))
                File.Copy(source + suffix, target + suffix, overwrite: true);
        }
    }

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "redtram-audit-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static async Task<GroupCommitAuditLog> WriteSqliteAsync(string path, int count, AuditOptions? options = null)
    {
        var log = await GroupCommitAuditLog.StartAsync(new SqliteAuditStore(path), options);
        for (var i = 1; i <= count; i++)
            await log.AppendAsync(Entry(i));
        return log;
    }

    /// <summary>Raw SQL as an attacker with the file would run it: the append-only triggers dropped first.</summary>
    public static void Tamper(string path, string sql)
    {
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "DROP TRIGGER IF EXISTS audit_entry_no_update; DROP TRIGGER IF EXISTS audit_entry_no_delete; " + sql;
        cmd.ExecuteNonQuery();
    }

    public static async Task<AuditVerification> VerifySqliteAsync(string path, AuditAnchor? anchor = null)
    {
        await using var store = new SqliteAuditStore(path);
        return await AuditVerifier.VerifyAsync(store, anchor);
    }

    /// <summary>SQL that swaps every column but seq between rows a and b.</summary>
    public static string SwapRowsSql(long a, long b)
    {
        const string cols = "time, request_id, user_id, country, role, purpose, legal_basis, case_ref, op_hash, op_name, countries, prev_hash, hash";
        return $"""
            CREATE TEMP TABLE swap AS SELECT seq, {cols} FROM audit_entry WHERE seq IN ({a}, {b});
            UPDATE audit_entry SET ({cols}) = (SELECT {cols} FROM swap WHERE swap.seq = {b}) WHERE seq = {a};
            UPDATE audit_entry SET ({cols}) = (SELECT {cols} FROM swap WHERE swap.seq = {a}) WHERE seq = {b};
            DROP TABLE swap;
            """;
    }
}
