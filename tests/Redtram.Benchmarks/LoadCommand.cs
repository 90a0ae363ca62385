using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Redtram.Federation.Supergraph;
using Redtram.Gateway;

namespace Redtram.Benchmarks;

/// <summary>
/// <c>load</c>: drives POST /graphql over HTTP with N concurrent workers against the gateway (in-process by default,
/// or an external one with <c>--gateway-url</c>), the subgraphs being minimal in-process Kestrel servers.
/// </summary>
public static class LoadCommand
{
    private const string Usage = """
        usage: load [--duration <s>=20] [--warmup <s>=5] [--concurrency <n>=32] [--query shop|requires|root]
                    [--max-requests <n>=10000000] [--gateway-url <url> [--gateway-pid <pid>]]
                    [--subgraphs-only [--subgraph-base-port <port>] [--lifetime <s>=3600]]
        Every URL must be on 127.0.0.1 / localhost.
        """;

    internal sealed class Options
    {
        /// <summary>Authorization header value sent with every request (audit-load), or null.</summary>
        public string? Authorization { get; set; }

        public double Duration { get; set; } = 20;
        public double Warmup { get; set; } = 5;
        public int Concurrency { get; set; } = 32;
        public string Query { get; set; } = "shop";
        public long MaxRequests { get; set; } = 10_000_000;
        public string? GatewayUrl { get; set; }
        public int? GatewayPid { get; set; }
        public bool SubgraphsOnly { get; set; }
        public int SubgraphBasePort { get; set; }
        public double Lifetime { get; set; } = 3600;
    }

    public static int Run(string[] args)
    {
        Options o;
        try
        {
            o = ParseArgs(args);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or IndexOutOfRangeException)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }

        return RunAsync(o).GetAwaiter().GetResult();
    }

    private static Options ParseArgs(string[] args)
    {
        var o = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            double Num() => double.Parse(Next(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--duration": o.Duration = Num(); break;
                case "--warmup": o.Warmup = Num(); break;
                case "--concurrency": o.Concurrency = (int)Num(); break;
                case "--query": o.Query = Next(); break;
                case "--max-requests": o.MaxRequests = (long)Num(); break;
                case "--gateway-url": o.GatewayUrl = Next(); break;
                case "--gateway-pid": o.GatewayPid = (int)Num(); break;
                case "--subgraphs-only": o.SubgraphsOnly = true; break;
                case "--subgraph-base-port": o.SubgraphBasePort = (int)Num(); break;
                case "--lifetime": o.Lifetime = Num(); break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }

        if (o.Duration is <= 0 or > 3600 || o.Warmup is < 0 or > 600 || o.Concurrency is < 1 or > 1024 || o.MaxRequests < 1 || o.Lifetime is <= 0 or > 86400)
        {
            throw new ArgumentException("Out of range: 0 < duration ≤ 3600, 0 ≤ warmup ≤ 600, 1 ≤ concurrency ≤ 1024, max-requests ≥ 1, 0 < lifetime ≤ 86400.");
        }

        if (o.GatewayUrl is not null && !IsLoopback(o.GatewayUrl))
        {
            throw new ArgumentException("--gateway-url must be an http URL on 127.0.0.1 or localhost.");
        }

        _ = Queries.Get(o.Query);
        return o;
    }

    private static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttp && (u.Host is "127.0.0.1" or "localhost");

    private static async Task<int> RunAsync(Options o)
    {
        var supergraphPath = Queries.FixturePath(Queries.ShopSupergraphFile);
        var supergraph = SupergraphLoader.Load(File.ReadAllText(supergraphPath));

        if (o.SubgraphsOnly)
        {
            await using var only = await SubgraphServers.StartAsync(supergraph, o.SubgraphBasePort);
            Console.WriteLine("Subgraphs listening (Ctrl+C to stop):");
            foreach (var (name, url) in only.Urls)
            {
                Console.WriteLine($"  {name} {url}");
            }

            Console.WriteLine("Gateway arguments:");
            Console.WriteLine($"  --supergraph {supergraphPath} " + string.Join(" ", only.Urls.Select(u => $"--subgraph-url {u.Key}={u.Value}")));
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(o.Lifetime));
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
            };
            using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, s =>
            {
                s.Cancel = true;
                stop.Cancel();
            });
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }

            return 0;
        }

        SubgraphServers? subgraphs = null;
        WebApplication? gateway = null;
        try
        {
            string gatewayUrl;
            if (o.GatewayUrl is null)
            {
                subgraphs = await SubgraphServers.StartAsync(supergraph);
                gateway = GatewayApp.Build(new GatewayOptions { SupergraphPath = supergraphPath, SubgraphUrls = subgraphs.Urls, Urls = "http://127.0.0.1:0" });
                await gateway.StartAsync();
                gatewayUrl = SubgraphServers.BoundAddress(gateway) + "/graphql";
                Console.WriteLine($"In-process gateway {gatewayUrl}; subgraphs: {string.Join(", ", subgraphs.Urls.Select(u => $"{u.Key}={u.Value}"))}");
            }
            else
            {
                gatewayUrl = o.GatewayUrl;
                Console.WriteLine($"External gateway {gatewayUrl}" + (o.GatewayPid is { } p ? $" (pid {p})" : " (no --gateway-pid: memory/CPU not reported)"));
            }

            return (await DriveAsync(o, gatewayUrl, o.GatewayUrl is null ? Environment.ProcessId : o.GatewayPid)).ExitCode;
        }
        finally
        {
            if (gateway is not null)
            {
                await gateway.StopAsync();
                await gateway.DisposeAsync();
            }

            if (subgraphs is not null)
            {
                await subgraphs.DisposeAsync();
            }
        }
    }

    private sealed class Counters
    {
        public long Issued;
        public long Requests;
        public long Failures;
        public string? FirstFailure;
    }

    /// <summary>What one measured phase gave.</summary>
    internal sealed record LoadResult(int ExitCode, long Requests, double Seconds, double P50Ms, double P99Ms, long Failures, double CpuMicrosecondsPerRequest)
    {
        public double RequestsPerSecond => Seconds > 0 ? Requests / Seconds : 0;
    }

    internal static async Task<LoadResult> DriveAsync(Options o, string url, int? pid)
    {
        var q = Queries.Get(o.Query);
        var body = JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["query"] = q.Query,
            ["operationName"] = q.OperationName,
            ["variables"] = q.Variables(),
        });
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = o.Concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };

        // Reference response: checked for shape once; every later response must be identical to it.
        var (status, first) = await SendAsync(http, url, body, o.Authorization);
        var shapeProblem = status != 200 ? $"HTTP {status}" : CheckShape(q.Name, first);
        if (shapeProblem is not null)
        {
            Console.Error.WriteLine($"The first response is wrong ({shapeProblem}). Request: {Encoding.UTF8.GetString(body)}");
            Console.Error.WriteLine($"Response: {Encoding.UTF8.GetString(first)}");
            return new LoadResult(1, 0, 0, 0, 0, 1, 0);
        }

        var reference = JsonNode.Parse(first);
        Console.WriteLine($"Query '{q.Name}': response {first.Length} bytes, shape OK. Warm-up {o.Warmup:0} s, then {o.Duration:0} s with {o.Concurrency} workers.");

        var warm = new Counters();
        await RunPhaseAsync(http, url, body, o.Authorization, first, reference, o.Concurrency, TimeSpan.FromSeconds(o.Warmup), o.MaxRequests, warm, null);

        using var target = pid is { } id ? Process.GetProcessById(id) : null;
        target?.Refresh();
        var cpuBefore = target?.TotalProcessorTime ?? TimeSpan.Zero;
        long maxRss = 0;
        using var samplerStop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!samplerStop.IsCancellationRequested && target is not null)
            {
                target.Refresh();
                maxRss = Math.Max(maxRss, target.WorkingSet64);
                try
                {
                    await Task.Delay(200, samplerStop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });

        var counters = new Counters();
        var latencies = new List<long>[o.Concurrency];
        var sw = Stopwatch.StartNew();
        await RunPhaseAsync(http, url, body, o.Authorization, first, reference, o.Concurrency, TimeSpan.FromSeconds(o.Duration), o.MaxRequests, counters, latencies);
        var elapsed = sw.Elapsed;
        await samplerStop.CancelAsync();
        await sampler;
        target?.Refresh();

        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        double Pct(double p) => all.Length == 0 ? double.NaN : Ms(all[Math.Clamp((int)Math.Ceiling(p * all.Length) - 1, 0, all.Length - 1)]);
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"requests     {counters.Requests} in {elapsed.TotalSeconds:0.0} s (warm-up {warm.Requests}, {warm.Failures} failed)"));
        Console.WriteLine(string.Create(inv, $"throughput   {counters.Requests / elapsed.TotalSeconds:0} req/s"));
        Console.WriteLine(string.Create(inv, $"latency ms   p50 {Pct(0.50):0.00}  p90 {Pct(0.90):0.00}  p99 {Pct(0.99):0.00}  max {(all.Length == 0 ? double.NaN : Ms(all[^1])):0.00}"));
        Console.WriteLine($"errors       {counters.Failures}" + (counters.FirstFailure is { } f ? $" (first: {f})" : ""));
        var cpuPerRequest = double.NaN;
        if (target is not null)
        {
            var cpu = target.TotalProcessorTime - cpuBefore;
            cpuPerRequest = cpu.TotalMilliseconds * 1000 / Math.Max(1, counters.Requests);
            var scope = o.GatewayUrl is null ? "this process: gateway + subgraphs + load generator" : $"gateway pid {target.Id}";
            Console.WriteLine(string.Create(inv, $"memory       peak working set {target.PeakWorkingSet64 / 1048576.0:0.0} MiB, max sampled RSS during run {maxRss / 1048576.0:0.0} MiB ({scope})"));
            Console.WriteLine(string.Create(inv, $"cpu          {cpu.TotalSeconds:0.00} s during run = {cpu.TotalMilliseconds * 1000 / Math.Max(1, counters.Requests):0} µs/request ({scope})"));
        }

        return new LoadResult(counters.Failures == 0 && warm.Failures == 0 ? 0 : 1, counters.Requests, elapsed.TotalSeconds, Pct(0.50), Pct(0.99), counters.Failures + warm.Failures, cpuPerRequest);
    }

    private static async Task RunPhaseAsync(HttpClient http, string url, byte[] body, string? authorization, byte[] expected, JsonNode? reference, int concurrency, TimeSpan duration, long maxRequests, Counters counters, List<long>[]? latencies)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = new Task[concurrency];
        for (var w = 0; w < concurrency; w++)
        {
            var mine = latencies is null ? null : latencies[w] = new List<long>(1 << 16);
            workers[w] = Task.Run(async () =>
            {
                // Bounded in time (deadline) and in count (maxRequests over all workers).
                while (Stopwatch.GetTimestamp() < deadline && Interlocked.Increment(ref counters.Issued) <= maxRequests)
                {
                    var start = Stopwatch.GetTimestamp();
                    string? problem;
                    try
                    {
                        var (status, bytes) = await SendAsync(http, url, body, authorization);
                        problem = status != 200 ? $"HTTP {status}: {Truncate(bytes)}" : Same(bytes, expected, reference) ? null : $"unexpected body: {Truncate(bytes)}";
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        problem = ex.GetType().Name + ": " + ex.Message;
                    }

                    mine?.Add(Stopwatch.GetTimestamp() - start);
                    Interlocked.Increment(ref counters.Requests);
                    if (problem is not null)
                    {
                        Interlocked.Increment(ref counters.Failures);
                        Interlocked.CompareExchange(ref counters.FirstFailure, problem, null);
                    }
                }
            });
        }

        await Task.WhenAll(workers);
    }

    private static async Task<(int Status, byte[] Body)> SendAsync(HttpClient http, string url, byte[] body, string? authorization)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.TryAddWithoutValidation("Accept", "application/graphql-response+json, application/json");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>Byte-identical to the reference, or (if the gateway ever reorders) structurally equal with no errors.</summary>
    private static bool Same(byte[] bytes, byte[] expected, JsonNode? reference)
    {
        if (bytes.AsSpan().SequenceEqual(expected))
        {
            return true;
        }

        try
        {
            return JsonNode.DeepEquals(JsonNode.Parse(bytes), reference);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Truncate(byte[] bytes) => bytes.Length <= 400 ? Encoding.UTF8.GetString(bytes) : Encoding.UTF8.GetString(bytes, 0, 400) + "…";

    /// <summary>Checks the reference response: no errors and the data shape each query must have.</summary>
    private static string? CheckShape(string query, byte[] body)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(body) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException ex)
        {
            return "invalid JSON: " + ex.Message;
        }

        if (root.ContainsKey("errors"))
        {
            return "errors present";
        }

        if (root["data"] is not JsonObject data || data["topProducts"] is not JsonArray products)
        {
            return "no data.topProducts";
        }

        var expectedCount = query switch { "shop" => 6, "requires" => 8, _ => 5 };
        if (products.Count != expectedCount || products.Any(p => p is not JsonObject po || po["upc"] is null || po["price"] is null))
        {
            return $"topProducts must have {expectedCount} products with upc and price";
        }

        switch (query)
        {
            case "shop":
                if (data["me"]?["address"]?["country"] is null || data["featured"]?["inStock"] is null)
                {
                    return "me.address.country or featured.inStock missing";
                }

                foreach (var p in products.Cast<JsonObject>())
                {
                    var estimate = p["__typename"]?.GetValue<string>() == "Book" ? p["shippingEstimate"] : p["eta"];
                    if (estimate is null || p["reviews"] is not JsonArray reviews || reviews.Count != 2)
                    {
                        return $"product {p["upc"]} lacks its shipping estimate or its 2 reviews";
                    }

                    foreach (var r in reviews)
                    {
                        if (r?["author"] is not JsonObject a || a["email"] is null || a["username"] is null || a["deliveryOptions"] is not JsonArray { Count: 2 })
                        {
                            return $"a review of {p["upc"]} lacks author email/username/2 deliveryOptions";
                        }
                    }
                }

                break;
            case "requires":
                if (products.Any(p => p?["shippingEstimate"] is null || p["inStock"] is null))
                {
                    return "a product lacks shippingEstimate or inStock";
                }

                break;
        }

        return null;
    }
}
