using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Redtram.Gateway.Tests.Compliance.Harness;

/// <summary>
/// Serves one <see cref="Subgraph"/> over real HTTP (Kestrel, 127.0.0.1, random port): POST /graphql.
/// Counts the GraphQL requests it receives. POST /__reset rebuilds the subgraph (fresh data) and zeroes the
/// counter; GET /__count returns the counter (both used by the fixture oracle).
/// </summary>
public sealed class SubgraphHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<Subgraph> _factory;
    private ISchema _schema;
    private int _requests;

    private SubgraphHost(WebApplication app, Func<Subgraph> factory, ISchema schema)
    {
        _app = app;
        _factory = factory;
        _schema = schema;
    }

    public string Name { get; private init; } = "";
    public string Url { get; private set; } = "";
    public int RequestCount => Volatile.Read(ref _requests);

    public void Reset()
    {
        _schema = BuildSchema(_factory(), _app.Services);
        Interlocked.Exchange(ref _requests, 0);
    }

    public static async Task<SubgraphHost> StartAsync(Func<Subgraph> factory)
    {
        var subgraph = factory();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddGraphQL(b => b.AddSystemTextJson());
        var app = builder.Build();
        var host = new SubgraphHost(app, factory, BuildSchema(subgraph, app.Services)) { Name = subgraph.Name };
        app.MapPost("/graphql", host.HandleAsync);
        app.MapPost("/__reset", () => { host.Reset(); return Results.Json(new { ok = true }); });
        app.MapGet("/__count", () => Results.Json(new { requests = host.RequestCount }));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.Url = address.TrimEnd('/') + "/graphql";
        return host;
    }

    private static ISchema BuildSchema(Subgraph subgraph, IServiceProvider appServices)
    {
        // Each subgraph gets its own GraphQL.NET service provider so that AddFederation applies to its schema only.
        var services = new ServiceCollection();
        services.AddGraphQL(b =>
        {
            b.AddSchema(sp => subgraph.BuildSchema(sp)).AddSystemTextJson();
            if (subgraph.FederationVersion is { } version)
                b.AddFederation(version, link =>
                {
                    foreach (var import in subgraph.Imports)
                        link.Imports.Add(import, import);
                });
            else
                b.AddFederation("1.0");
        });
        var provider = services.BuildServiceProvider();
        var schema = provider.GetRequiredService<ISchema>();
        schema.Initialize();
        return schema;
    }

    private async Task HandleAsync(HttpContext http)
    {
        Interlocked.Increment(ref _requests);
        var serializer = _app.Services.GetRequiredService<IGraphQLTextSerializer>();
        var executer = _app.Services.GetRequiredService<IDocumentExecuter>();
        var request = await serializer.ReadAsync<GraphQLRequest>(http.Request.Body, http.RequestAborted);
        var schema = _schema;
        var result = await executer.ExecuteAsync(o =>
        {
            o.Schema = schema;
            o.Query = request?.Query;
            o.Variables = request?.Variables;
            o.OperationName = request?.OperationName;
            o.RequestServices = http.RequestServices;
            o.CancellationToken = http.RequestAborted;
        });
        http.Response.ContentType = "application/json";
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
