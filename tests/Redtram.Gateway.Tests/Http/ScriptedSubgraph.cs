using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Redtram.Gateway.Tests.Http;

/// <summary>A real HTTP server on loopback whose answers a test scripts: to play a subgraph that misbehaves.</summary>
public sealed class ScriptedSubgraph : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private ScriptedSubgraph(WebApplication app) => _app = app;

    public delegate Task<(int Status, string ContentType, string Body)> Responder(JsonObject request);

    public string Url { get; private set; } = "";

    public int Requests => _requests;

    public JsonObject? LastRequest { get; private set; }

    public IReadOnlyDictionary<string, string> LastHeaders { get; private set; } = new Dictionary<string, string>();

    public static async Task<ScriptedSubgraph> StartAsync(Responder responder)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var sub = new ScriptedSubgraph(app);
        app.MapPost("/graphql", async (HttpContext ctx) =>
        {
            Interlocked.Increment(ref sub._requests);
            var body = (JsonObject)(await JsonNode.ParseAsync(ctx.Request.Body))!;
            sub.LastRequest = body;
            sub.LastHeaders = ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var (status, type, text) = await responder(body);
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = type;
            await ctx.Response.WriteAsync(text);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        sub.Url = address + "/graphql";
        return sub;
    }

    public static Task<(int, string, string)> Json(string body) => Task.FromResult((200, "application/json", body));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Our gateway, built in-process and served over real HTTP on loopback.</summary>
public sealed class RunningGateway : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningGateway(WebApplication app, string url)
    {
        _app = app;
        Url = url;
        // A long 100-continue wait: a request the gateway refuses by its headers (413) never sends its body, even
        // on a busy machine.
        Client = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) }) { BaseAddress = new Uri(url) };
    }

    public string Url { get; }

    public HttpClient Client { get; }

    public static async Task<RunningGateway> StartAsync(
        string supergraphPath,
        IReadOnlyDictionary<string, string> urls,
        TimeSpan? timeout = null,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? partitions = null,
        TimeSpan? partitionTimeout = null)
    {
        var app = GatewayApp.Build(new GatewayOptions
        {
            SupergraphPath = supergraphPath,
            SubgraphUrls = urls,
            Urls = "http://127.0.0.1:0",
            SubgraphTimeout = timeout ?? TimeSpan.FromSeconds(5),
            Partitions = partitions ?? new Dictionary<string, IReadOnlyDictionary<string, string>>(),
            PartitionTimeout = partitionTimeout ?? TimeSpan.FromSeconds(5),
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningGateway(app, address);
    }

    public async Task<(HttpStatusCode Status, string? ContentType, JsonObject Body)> PostAsync(string json, string? accept = null, string contentType = "application/json", bool expectContinue = false)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(json) };
        req.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        req.Headers.ExpectContinue = expectContinue;
        if (accept is not null)
        {
            req.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var res = await Client.SendAsync(req);
        var text = await res.Content.ReadAsStringAsync();
        return (res.StatusCode, res.Content.Headers.ContentType?.MediaType, (JsonObject)JsonNode.Parse(text)!);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
