using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Redtram.Federation.Supergraph;
using Redtram.Gateway;
using Redtram.Gateway.Audit;

namespace Redtram.Benchmarks;

/// <summary>
/// <c>audit-load</c>: the gateway's throughput with the audit log on and off, same policy, same token, same query.
/// The gateway runs in its own process (<c>gateway-host</c>, pinned with <c>taskset</c> to <c>--gateway-cpu</c> when
/// given); the subgraphs and the load generator run in this process. Rounds alternate off, on, off, on… and the
/// ratio is mean(on) / mean(off). "Off" is only reachable here: the gateway refuses a policy without audit.
/// After each "on" round the log is checked: one entry per request and the chain intact.
/// </summary>
public static class AuditLoadCommand
{
    private const string Usage = """
        usage: audit-load [--duration <s>=15] [--warmup <s>=5] [--concurrency <n>=32] [--query root|requires|shop]
                          [--rounds <n>=2] [--gateway-cpu <cpu>] [--synchronous FULL|EXTRA|NORMAL]
                          [--commit-delay <ms>=the gateway's default]
        Run it pinned to another core than the gateway, e.g.
          taskset -c 1 dotnet tests/Redtram.Benchmarks/bin/Release/net10.0/Redtram.Benchmarks.dll audit-load --gateway-cpu 0
        """;

    private const string Issuer = "https://idp.benchmark.test";

    public static int Run(string[] args)
    {
        var load = new LoadCommand.Options { Duration = 15, Warmup = 5, Query = "root" };
        var rounds = 2;
        string? gatewayCpu = null;
        var synchronous = "FULL";
        string? commitDelay = null;
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                switch (args[i])
                {
                    case "--duration": load.Duration = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--warmup": load.Warmup = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--concurrency": load.Concurrency = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--query": load.Query = Queries.Get(Next()).Name; break;
                    case "--rounds": rounds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--gateway-cpu": gatewayCpu = Next(); break;
                    case "--synchronous": synchronous = Next(); break;
                    case "--commit-delay": commitDelay = double.Parse(Next(), CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture); break;
                    default: throw new ArgumentException($"Unknown option '{args[i]}'.");
                }
            }

            if (rounds is < 1 or > 20 || synchronous is not ("FULL" or "EXTRA" or "NORMAL"))
            {
                throw new ArgumentException("1 ≤ rounds ≤ 20; synchronous is FULL, EXTRA or NORMAL.");
            }
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or KeyNotFoundException)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }

        return RunAsync(load, rounds, gatewayCpu, synchronous, commitDelay).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(LoadCommand.Options load, int rounds, string? gatewayCpu, string synchronous, string? commitDelay)
    {
        var dir = Directory.CreateTempSubdirectory("redtram-audit-load").FullName;
        try
        {
            using var key = RSA.Create(2048);
            var policyDir = WritePolicy(dir, key);
            load.Authorization = "Bearer " + Token(key);
            var supergraphPath = Queries.FixturePath(Queries.ShopSupergraphFile);
            await using var subgraphs = await SubgraphServers.StartAsync(SupergraphLoader.Load(File.ReadAllText(supergraphPath)));
            var results = new List<(bool Audit, LoadCommand.LoadResult Result, string Log)>();
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var audit in new[] { false, true })
                {
                    var auditDb = Path.Combine(dir, $"audit-{round}.db");
                    Console.WriteLine($"--- round {round}, audit {(audit ? "on (SQLite synchronous=" + synchronous + ", " + auditDb + ")" : "off")}");
                    using var gateway = StartGateway(supergraphPath, subgraphs.Urls, policyDir, audit ? auditDb : null, synchronous, commitDelay, gatewayCpu, out var url);
                    LoadCommand.LoadResult result;
                    try
                    {
                        load.GatewayUrl = url + "/graphql";
                        result = await LoadCommand.DriveAsync(load, load.GatewayUrl, gateway.Id);
                    }
                    finally
                    {
                        // SIGTERM: the gateway stops, drains its log and prints the group-commit counters.
                        using (var term = Process.Start("kill", ["-TERM", gateway.Id.ToString(CultureInfo.InvariantCulture)]))
                        {
                            await term.WaitForExitAsync();
                        }

                        var rest = await gateway.StandardOutput.ReadToEndAsync();
                        await gateway.WaitForExitAsync();
                        if (rest.Trim() is { Length: > 0 } stats)
                        {
                            Console.WriteLine(stats);
                        }
                    }

                    var log = audit ? await CheckLogAsync(auditDb, result) : "";
                    results.Add((audit, result, log));
                    if (result.ExitCode != 0)
                    {
                        Console.Error.WriteLine("The load run failed; no figures.");
                        return 1;
                    }
                }
            }

            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine();
            Console.WriteLine($"query {load.Query}, {load.Concurrency} workers, {load.Duration:0} s measured per round, gateway CPU {gatewayCpu ?? "not pinned"}, {Environment.ProcessorCount} cores seen by the load side");
            Console.WriteLine("| round | audit | req/s | p50 ms | p99 ms | gateway CPU/req | log |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|---|");
            for (var i = 0; i < results.Count; i++)
            {
                var (audit, r, log) = results[i];
                Console.WriteLine(string.Create(inv, $"| {i / 2 + 1} | {(audit ? "on" : "off")} | {r.RequestsPerSecond:0} | {r.P50Ms:0.0} | {r.P99Ms:0.0} | {r.CpuMicrosecondsPerRequest:0} µs | {log} |"));
            }

            var off = results.Where(r => !r.Audit).Average(r => r.Result.RequestsPerSecond);
            var on = results.Where(r => r.Audit).Average(r => r.Result.RequestsPerSecond);
            var cpuOff = results.Where(r => !r.Audit).Average(r => r.Result.CpuMicrosecondsPerRequest);
            var cpuOn = results.Where(r => r.Audit).Average(r => r.Result.CpuMicrosecondsPerRequest);
            Console.WriteLine(string.Create(inv, $"audit off {off:0} req/s, audit on {on:0} req/s: ratio {on / off:P1} (target ≥ 90 %); gateway CPU per request {cpuOff:0} → {cpuOn:0} µs"));
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>The log after an "on" round: the chain verifies and holds at least one entry per request sent.</summary>
    private static async Task<string> CheckLogAsync(string path, LoadCommand.LoadResult result)
    {
        await using var store = new SqliteAuditStore(path);
        var v = await AuditVerifier.VerifyAsync(store);
        if (!v.Intact || v.Entries < result.Requests)
        {
            throw new InvalidOperationException($"The audit log does not hold every request: {v} for {result.Requests} measured requests.");
        }

        return $"{v.Entries} entries, chain intact";
    }

    private static Process StartGateway(string supergraph, IReadOnlyDictionary<string, string> urls, string policyDir, string? auditDb, string synchronous, string? commitDelay, string? cpu, out string url)
    {
        var self = typeof(AuditLoadCommand).Assembly.Location;
        var psi = new ProcessStartInfo(cpu is null ? "dotnet" : "taskset") { RedirectStandardOutput = true, RedirectStandardError = false, UseShellExecute = false };
        if (cpu is not null)
        {
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(cpu);
            psi.ArgumentList.Add("dotnet");
        }

        foreach (var a in new[] { self, "gateway-host", "--supergraph", supergraph, "--policy", policyDir, "--synchronous", synchronous })
        {
            psi.ArgumentList.Add(a);
        }

        if (auditDb is not null)
        {
            psi.ArgumentList.Add("--audit");
            psi.ArgumentList.Add(auditDb);
        }

        if (commitDelay is not null)
        {
            psi.ArgumentList.Add("--commit-delay");
            psi.ArgumentList.Add(commitDelay);
        }

        foreach (var (name, u) in urls)
        {
            psi.ArgumentList.Add("--subgraph-url");
            psi.ArgumentList.Add($"{name}={u}");
        }

        var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start the gateway");
        var line = p.StandardOutput.ReadLine();
        if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
        {
            p.Kill(entireProcessTree: true);
            throw new InvalidOperationException("the gateway did not start: " + line);
        }

        url = line["listening ".Length..];
        return p;
    }

    /// <summary>
    /// <c>gateway-host</c> (used by <c>audit-load</c>): the gateway with a policy, audited with <c>--audit</c> or, for the
    /// "off" side of the comparison, without audit — which only this benchmark build can ask for.
    /// </summary>
    public static int Host(string[] args)
    {
        string? supergraph = null, policy = null, audit = null;
        var synchronous = "FULL";
        TimeSpan? commitDelay = null;
        var urls = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--supergraph": supergraph = args[i + 1]; break;
                case "--policy": policy = args[i + 1]; break;
                case "--audit": audit = args[i + 1]; break;
                case "--synchronous": synchronous = args[i + 1]; break;
                case "--commit-delay": commitDelay = TimeSpan.FromMilliseconds(double.Parse(args[i + 1], CultureInfo.InvariantCulture)); break;
                case "--subgraph-url": urls[args[i + 1][..args[i + 1].IndexOf('=')]] = args[i + 1][(args[i + 1].IndexOf('=') + 1)..]; break;
            }
        }

        var app = GatewayApp.Build(new GatewayOptions
        {
            SupergraphPath = supergraph,
            SubgraphUrls = urls,
            Urls = "http://127.0.0.1:0",
            PolicyDirectory = policy,
            Explorer = false,
            Audit = audit is null ? null : new AuditOptions { SqlitePath = audit, SqliteSynchronous = synchronous, CommitDelay = commitDelay ?? new AuditOptions().CommitDelay },
            UnauditedForBenchmarks = audit is null,
        });
        app.StartAsync().GetAwaiter().GetResult();
        Console.WriteLine("listening " + SubgraphServers.BoundAddress(app));
        app.WaitForShutdownAsync().GetAwaiter().GetResult();
        if (app.Services.GetService(typeof(IAuditLog)) is GroupCommitAuditLog log)
        {
            var s = log.Statistics;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"group commit: {s.Entries} entries in {s.Batches} transactions ({(double)s.Entries / Math.Max(1, s.Batches):0.0} per transaction, largest {s.LargestBatch})"));
        }

        app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return 0;
    }

    /// <summary>The checked-in policy (schema/policy) with one test issuer for PE whose key set is <paramref name="key"/>.</summary>
    private static string WritePolicy(string dir, RSA key)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "schema", "national.graphql")))
        {
            root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar)) ?? throw new InvalidOperationException("repository root (schema/national.graphql) not found");
        }

        var policyDir = Path.Combine(dir, "policy");
        Directory.CreateDirectory(policyDir);
        foreach (var f in Directory.GetFiles(Path.Combine(root, "schema", "policy"), "*.yaml"))
        {
            if (Path.GetFileName(f) == "issuers.yaml")
            {
                continue;
            }

            File.WriteAllText(Path.Combine(policyDir, Path.GetFileName(f)), File.ReadAllText(f)
                .Replace("schema: ../national.graphql", "schema: " + Path.Combine(root, "schema", "national.graphql"), StringComparison.Ordinal));
        }

        var p = key.ExportParameters(false);
        var jwk = new JsonObject { ["kty"] = "RSA", ["kid"] = "bench-1", ["use"] = "sig", ["alg"] = "RS256", ["n"] = B64(p.Modulus!), ["e"] = B64(p.Exponent!) };
        File.WriteAllText(Path.Combine(policyDir, "bench.jwks.json"), new JsonObject { ["keys"] = new JsonArray(jwk) }.ToJsonString());
        File.WriteAllText(Path.Combine(policyDir, "issuers.yaml"), $"""
            issuers:
              - issuer: {Issuer}
                country: PE
                audience: redtram-gateway
                jwks_file: bench.jwks.json
            """);
        return policyDir;
    }

    /// <summary>A PE prosecutor's RS256 token valid for two hours.</summary>
    private static string Token(RSA key)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = "bench-1" };
        var claims = new JsonObject
        {
            ["iss"] = Issuer, ["sub"] = "bench-user", ["aud"] = "redtram-gateway", ["country"] = "PE",
            ["roles"] = new JsonArray("prosecutor"), ["iat"] = now - 60, ["nbf"] = now - 60, ["exp"] = now + 7200,
        };
        var input = B64(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + B64(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        return input + "." + B64(key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
