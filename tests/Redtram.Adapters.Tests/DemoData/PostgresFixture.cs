using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Redtram.Adapters.Tests.DemoData;

/// <summary>
/// A throwaway PostgreSQL 15 cluster on a free loopback port. Missing binaries make the tests FAIL (not skip).
/// Honours REDTRAM_PG_BIN to point at another bin directory.
/// </summary>
public sealed class PostgresFixture : IDisposable
{
    public string ConnectionString { get; } = "";
    public string? Error { get; }
    private readonly string _dir = "";
    private readonly string _bin = "";

    public PostgresFixture()
    {
        _bin = Environment.GetEnvironmentVariable("REDTRAM_PG_BIN") ?? "/usr/lib/postgresql/15/bin";
        if (!File.Exists(Path.Combine(_bin, "initdb")) || !File.Exists(Path.Combine(_bin, "pg_ctl")))
        {
            Error = $"PostgreSQL binaries not found in {_bin} (install postgresql-15 or set REDTRAM_PG_BIN)";
            return;
        }
        try
        {
            int port = FreePort();
            _dir = Path.Combine(Path.GetTempPath(), "redtram-demodata-pg-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(_dir);
            bool root = Environment.UserName == "root";
            if (root) Run("chown", "postgres", _dir);
            Pg(root, "initdb", "-D", _dir, "-U", "postgres", "--auth=trust", "-E", "UTF8");
            Pg(root, "pg_ctl", "-D", _dir, "-o", $"-p {port} -c listen_addresses=127.0.0.1 -k {_dir}", "-w", "start");
            ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
        }
        catch (Exception e)
        {
            Error = "could not start PostgreSQL: " + e.Message;
        }
    }

    private void Pg(bool root, string tool, params string[] args)
    {
        var exe = Path.Combine(_bin, tool);
        if (root) Run("runuser", ["-u", "postgres", "--", exe, .. args]);
        else Run(exe, args);
    }

    private static void Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}: {stderr}{stdout.Result}");
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public void Dispose()
    {
        if (_dir.Length == 0 || Error is not null && ConnectionString.Length == 0 && !Directory.Exists(_dir)) return;
        try
        {
            if (ConnectionString.Length > 0) Pg(Environment.UserName == "root", "pg_ctl", "-D", _dir, "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException) { }
        try { Directory.Delete(_dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
