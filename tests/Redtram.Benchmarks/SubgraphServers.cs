using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Redtram.Federation.Supergraph;

namespace Redtram.Benchmarks;

/// <summary>
/// One minimal Kestrel server per subgraph on 127.0.0.1, answering POST /graphql with <see cref="FakeSubgraphs"/>.
/// Kept cheap so the gateway is what gets measured: the answer to a given request body is computed once and then
/// served from a bounded memo (it is deterministic, so the bytes are exactly what would be computed again).
/// </summary>
public sealed class SubgraphServers : IAsyncDisposable
{
    private const int MemoLimit = 4096;
    private readonly List<WebApplication> _apps = [];

    private SubgraphServers()
    {
    }

    /// <summary>Subgraph name → its GraphQL endpoint URL.</summary>
    public Dictionary<string, string> Urls { get; } = new(StringComparer.Ordinal);

    public static async Task<SubgraphServers> StartAsync(SupergraphDefinition supergraph, int basePort = 0)
    {
        var fake = new FakeSubgraphs(supergraph);
        var servers = new SubgraphServers();
        var port = basePort;
        foreach (var subgraph in supergraph.Subgraphs)
        {
            var name = subgraph.Name;
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls($"http://127.0.0.1:{(basePort == 0 ? 0 : port++)}");
            builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var memo = new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal);
            app.MapPost("/graphql", async (HttpContext ctx) =>
            {
                using var body = new MemoryStream();
                await ctx.Request.Body.CopyToAsync(body, ctx.RequestAborted);
                var text = Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length);
                if (!memo.TryGetValue(text, out var answer))
                {
                    using var doc = JsonDocument.Parse(body.GetBuffer().AsMemory(0, (int)body.Length));
                    var query = doc.RootElement.GetProperty("query").GetString()!;
                    var variables = doc.RootElement.TryGetProperty("variables", out var v) ? v : default;
                    answer = fake.Respond(name, query, variables);
                    if (memo.Count < MemoLimit)
                    {
                        memo.TryAdd(text, answer);
                    }
                }

                ctx.Response.ContentType = "application/json";
                ctx.Response.ContentLength = answer.Length;
                await ctx.Response.Body.WriteAsync(answer, ctx.RequestAborted);
            });
            await app.StartAsync();
            servers._apps.Add(app);
            servers.Urls[name] = BoundAddress(app) + "/graphql";
        }

        return servers;
    }

    /// <summary>The address Kestrel actually bound (port 0 resolved).</summary>
    public static string BoundAddress(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
