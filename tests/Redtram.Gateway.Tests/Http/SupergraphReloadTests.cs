using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Redtram.Gateway.Tests.Http;

/// <summary>Composing the supergraph at start-up from a subgraph config, and swapping only to a supergraph that composes.</summary>
public sealed class SupergraphReloadTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "redtram-reload-" + Guid.NewGuid().ToString("N"));
    private ClassicSubgraphs _subgraphs = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        foreach (var f in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Http", "classic-subgraphs")))
        {
            File.Copy(f, Path.Combine(_dir, Path.GetFileName(f)));
        }

        _subgraphs = await ClassicSubgraphs.StartAsync();
        File.WriteAllText(Path.Combine(_dir, "supergraph.yaml"), $"""
            federation_version: =2.3.0
            subgraphs:
              products:
                routing_url: {_subgraphs.Products.Url}
                schema:
                  file: ./products.graphql
              inventory:
                routing_url: {_subgraphs.Inventory.Url}
                schema:
                  file: ./inventory.graphql
              reviews:
                routing_url: {_subgraphs.Reviews.Url}
                schema:
                  file: ./reviews.graphql
            """);
    }

    public async Task DisposeAsync()
    {
        await _subgraphs.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<(WebApplication App, HttpClient Client)> StartAsync(TimeSpan? poll)
    {
        var app = GatewayApp.Build(new GatewayOptions
        {
            SubgraphsConfigPath = Path.Combine(_dir, "supergraph.yaml"),
            Urls = "http://127.0.0.1:0",
            PollInterval = poll,
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new HttpClient { BaseAddress = new Uri(address) });
    }

    private static async Task<JsonObject> Query(HttpClient client, string query)
    {
        using var res = await client.PostAsync("/graphql", new StringContent(new JsonObject { ["query"] = query }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        return (JsonObject)JsonNode.Parse(await res.Content.ReadAsStringAsync())!;
    }

    [Fact]
    public async Task Composes_the_subgraphs_at_start_up_and_serves_them()
    {
        var (app, client) = await StartAsync(null);
        await using var _ = app;
        var body = await Query(client, "{ topProducts { name shippingEstimate reviews { body } } }");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"data":{"topProducts":[
              {"name":"Mesa","shippingEstimate":100,"reviews":[{"body":"Buena 1"}]},
              {"name":"Silla","shippingEstimate":20,"reviews":[{"body":"Buena 2"}]}]}}
            """), body), body.ToJsonString());
    }

    [Fact]
    public void Subgraphs_that_do_not_compose_stop_start_up_with_every_error()
    {
        File.WriteAllText(Path.Combine(_dir, "inventory.graphql"), """
            extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
            type Product @key(fields: "upc") { upc: String! name: Int inStock: Boolean }
            """);
        var ex = Assert.Throws<CompositionFailedException>(() => GatewayApp.Build(new GatewayOptions { SubgraphsConfigPath = Path.Combine(_dir, "supergraph.yaml"), Urls = "http://127.0.0.1:0" }));
        Assert.Contains(ex.Errors, e => e.Coordinates.Contains("Product.name"));
    }

    [Fact]
    public async Task Swaps_to_a_new_supergraph_only_when_it_composes()
    {
        var (app, client) = await StartAsync(TimeSpan.FromMilliseconds(200));
        await using var _ = app;
        var state = app.Services.GetRequiredService<GatewayState>();
        Assert.Equal(1, state.Version);

        var before = await Query(client, "{ topProducts { color } }");
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", (string?)before["errors"]![0]!["extensions"]!["code"]);

        File.WriteAllText(Path.Combine(_dir, "products.graphql"), File.ReadAllText(Path.Combine(_dir, "products.graphql")).Replace("  weight: Int\n", "  weight: Int\n  color: String\n", StringComparison.Ordinal));
        await WaitUntil(() => state.Version == 2);
        var after = await Query(client, "{ topProducts { name color } }");
        Assert.Null(after["errors"]);
        Assert.Equal("Mesa", (string?)after["data"]!["topProducts"]![0]!["name"]);

        // A subgraph that no longer composes: the last good supergraph stays in service.
        File.WriteAllText(Path.Combine(_dir, "inventory.graphql"), "type Product @key(fields: \"upc\") { upc: String! name: Int }");
        await Task.Delay(1000);
        Assert.Equal(2, state.Version);
        var still = await Query(client, "{ topProducts { name color shippingEstimate } }");
        Assert.Null(still["errors"]);
        Assert.Equal(100, (int)still["data"]!["topProducts"]![0]!["shippingEstimate"]!);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not become true within 15 s");
            await Task.Delay(50);
        }
    }
}
