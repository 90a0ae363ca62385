using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Redtram.Gateway.Tests.Audit;

/// <summary>
/// A throwaway PostgreSQL 15 server: initdb into a temp directory owned by <c>postgres</c>, started on a free
/// loopback port with trust authentication, stopped (immediate) and deleted on dispose. Needs the PostgreSQL 15
/// binaries and root (to run them as <c>postgres</c> via runuser); without them the tests fail with the reason.
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    private const string BinDir = "/usr/lib/postgresql/15/bin";
    private string? _dataDir;
    private string? _error;
    private int _databases;

    public int Port { get; private set; }

    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";

    public async Task InitializeAsync()
    {
        try
        {
            if (!File.Exists(Path.Combine(BinDir, "initdb")) || !File.Exists(Path.Combine(BinDir, "pg_ctl")))
                throw new InvalidOperationException($"PostgreSQL 15 binaries not found in {BinDir} (install postgresql-15).");
            if (Environment.UserName != "root")
                throw new InvalidOperationException($"the PostgreSQL fixture runs initdb as 'postgres' via runuser, which needs root (running as '{Environment.UserName}').");
            _dataDir = Path.Combine(Path.GetTempPath(), "redtram-pg-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_dataDir);
            await RunAsync("chown", "postgres:postgres", _dataDir);
            await RunAsync("runuser", "-u", "postgres", "--", Path.Combine(BinDir, "initdb"), "-D", _dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8");
            Port = FreePort();
            await RunAsync("runuser", "-u", "postgres", "--", Path.Combine(BinDir, "pg_ctl"), "-D", _dataDir,
                "-l", Path.Combine(_dataDir, "server.log"),
                "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -k {_dataDir}", "-w", "start");
        }
        catch (Exception ex)
        {
            _error = ex.Message;
        }
    }

    /// <summary>A fresh database for one test; throws the fixture's start-up failure, if any.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        if (_error is not null)
            throw new InvalidOperationException("PostgreSQL test server unavailable: " + _error);
        var name = $"audit_{Interlocked.Increment(ref _databases)}";
        await using (var c = new NpgsqlConnection(AdminConnectionString))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = $"CREATE DATABASE {name}";
            await cmd.ExecuteNonQueryAsync();
        }
        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name}";
    }

    public async Task DisposeAsync()
    {
        if (_dataDir is null)
            return;
        try
        {
            NpgsqlConnection.ClearAllPools();
            if (Port != 0)
                await RunAsync("runuser", "-u", "postgres", "--", Path.Combine(BinDir, "pg_ctl"), "-D", _dataDir, "-m", "immediate", "-w", "stop");
        }
        finally
        {
            try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await p.WaitForExitAsync(cts.Token);
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}: {await stderr}{await stdout}");
    }
}
