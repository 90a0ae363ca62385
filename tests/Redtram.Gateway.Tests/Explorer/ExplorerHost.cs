using System.Text.Json;
using System.Text.RegularExpressions;
using GraphQL;
using GraphQL.SystemTextJson;
using GraphQL.Transport;
using GraphQL.Types;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Redtram.Gateway.Explorer;

namespace Redtram.Gateway.Tests.Explorer;

/// <summary>
/// A tiny web application that maps the explorer on 127.0.0.1 and answers <c>POST /graphql</c> from the canonical
/// national schema (GraphQL.NET, no resolvers: every field is null), so GraphiQL gets a real introspection result.
/// </summary>
internal sealed class ExplorerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _graphqlRequests;

    private ExplorerHost(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>POSTs to /graphql that carried Content-Type application/json.</summary>
    public int GraphQLRequests => Volatile.Read(ref _graphqlRequests);

    public static async Task<ExplorerHost> StartAsync(string? examplesJsonPath = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var host = new ExplorerHost(app);
        var schema = NationalSchema.Value;
        var serializer = new GraphQLSerializer();
        app.MapPost("/graphql", async (HttpContext ctx) =>
        {
            if (ctx.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
            {
                return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
            }

            Interlocked.Increment(ref host._graphqlRequests);
            var request = await serializer.ReadAsync<GraphQLRequest>(ctx.Request.Body, ctx.RequestAborted);
            var result = await new DocumentExecuter().ExecuteAsync(o =>
            {
                o.Schema = schema;
                o.Query = request?.Query;
                o.Variables = request?.Variables;
                o.OperationName = request?.OperationName;
            });
            return Results.Text(serializer.Serialize(result), "application/json");
        });
        app.MapExplorer(examplesJsonPath);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>The repository's root, found from the test's output folder.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The source wwwroot/explorer folder.</summary>
    public static string SourceExplorerFolder => Path.Combine(RepositoryRoot, "gateway", "Redtram.Gateway", "wwwroot", "explorer");

    /// <summary>
    /// schema/national.graphql as an executable GraphQL.NET schema: the federation <c>@link</c> is dropped and
    /// <c>@key</c>/<c>@shareable</c> declared, so validation and introspection see exactly the canonical types.
    /// </summary>
    public static readonly Lazy<ISchema> NationalSchema = new(() =>
    {
        var sdl = File.ReadAllText(Path.Combine(RepositoryRoot, "schema", "national.graphql"));
        sdl = Regex.Replace(sdl, @"extend\s+schema\s+@link\((?:[^()]|\([^()]*\))*\)", string.Empty);
        sdl = """
            directive @key(fields: String!, resolvable: Boolean = true) repeatable on OBJECT | INTERFACE
            directive @shareable repeatable on OBJECT | FIELD_DEFINITION

            """ + sdl;
        var schema = Schema.For(sdl);
        schema.Initialize();
        return schema;
    });

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Redtram.Federation.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Redtram.Federation.sln) is not above " + AppContext.BaseDirectory);
    }

    public static JsonDocument ReadExamples(string path) => JsonDocument.Parse(File.ReadAllBytes(path));
}
