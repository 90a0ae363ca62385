using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Redtram.Federation.Composition;
using Redtram.Gateway;

namespace Redtram.Benchmarks;

/// <summary>
/// <c>fanout [--countries 20] [--delay 20] [--requests 300] [--concurrency 1]</c>: one partitioned subgraph served by
/// N country endpoints that each answer after a fixed delay; prints the gateway's latency for a search that asks every
/// country (the target: p50 close to one country's delay, not the sum).
/// </summary>
public static class FanoutCommand
{
    private const string National = """
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
        type Query { searchPersons(name: String!, countries: [String!]): [Person!]! }
        type Person @key(fields: "id") { id: ID! name: String }
        """;

    private static readonly string[] Codes = ["AR", "BO", "BR", "CL", "CO", "CR", "DO", "EC", "ES", "GT", "HN", "MX", "NI", "PA", "PE", "PT", "PY", "SV", "UY", "VE", "TT", "CW", "AW"];

    public static int Run(string[] args)
    {
        int countries = 20, delay = 20, requests = 300, concurrency = 1;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var v = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--countries": countries = Math.Min(v, Codes.Length); break;
                case "--delay": delay = v; break;
                case "--requests": requests = v; break;
                case "--concurrency": concurrency = v; break;
            }
        }

        return RunAsync(countries, delay, requests, concurrency).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int countries, int delay, int requests, int concurrency)
    {
        var dir = Directory.CreateTempSubdirectory("redtram-fanout").FullName;
        var servers = new List<WebApplication>();
        try
        {
            var composed = Composer.Compose([new SubgraphSource("national", "http://national.invalid/graphql", National)]);
            var supergraph = Path.Combine(dir, "supergraph.graphql");
            await File.WriteAllTextAsync(supergraph, composed.SupergraphSdl);
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var cc in Codes.Take(countries))
            {
                var (app, url) = await StartCountryAsync(cc, delay);
                servers.Add(app);
                map[cc] = url;
            }

            var gateway = GatewayApp.Build(new GatewayOptions
            {
                SupergraphPath = supergraph,
                Urls = "http://127.0.0.1:0",
                Partitions = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["national"] = map },
            });
            await gateway.StartAsync();
            servers.Add(gateway);
            var gatewayUrl = Address(gateway) + "/graphql";
            using var http = new HttpClient();
            var body = new JsonObject { ["query"] = "{ searchPersons(name: \"ana\") { id name } }" };
            for (var i = 0; i < 20; i++)
            {
                using var warm = await http.PostAsJsonAsync(gatewayUrl, body);
                var text = await warm.Content.ReadAsStringAsync();
                if (JsonNode.Parse(text)?["data"]?["searchPersons"] is not JsonArray list || list.Count != countries * 2)
                {
                    Console.Error.WriteLine("unexpected response: " + text);
                    return 1;
                }
            }

            var latencies = new List<double>();
            var gate = new Lock();
            var next = 0;
            var workers = Enumerable.Range(0, concurrency).Select(async _ =>
            {
                while (Interlocked.Increment(ref next) <= requests)
                {
                    var start = Stopwatch.GetTimestamp();
                    using var res = await http.PostAsJsonAsync(gatewayUrl, body);
                    await res.Content.ReadAsStringAsync();
                    var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    lock (gate)
                    {
                        latencies.Add(ms);
                    }
                }
            });
            await Task.WhenAll(workers);
            latencies.Sort();
            double P(double q) => latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];
            Console.WriteLine($"fan-out over {countries} countries answering in {delay} ms, {requests} requests, concurrency {concurrency}");
            Console.WriteLine($"latency ms   p50 {P(0.5):0.0}  p90 {P(0.9):0.0}  p99 {P(0.99):0.0}  max {latencies[^1]:0.0}");
            return 0;
        }
        finally
        {
            foreach (var s in servers)
            {
                await s.StopAsync();
                await s.DisposeAsync();
            }

            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<(WebApplication App, string Url)> StartCountryAsync(string country, int delay)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var answer = new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["searchPersons"] = new JsonArray(
                    new JsonObject { ["id"] = country + ":1", ["name"] = "Ana " + country },
                    new JsonObject { ["id"] = country + ":2", ["name"] = "Rosa " + country }),
            },
        }.ToJsonString();
        app.MapPost("/graphql", async (HttpContext ctx) =>
        {
            await Task.Delay(delay);
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(answer);
        });
        await app.StartAsync();
        return (app, Address(app) + "/graphql");
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
}
