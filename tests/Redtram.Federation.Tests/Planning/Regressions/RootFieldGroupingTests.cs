using System.Text.Json.Nodes;
using Redtram.Federation.Composition;

namespace Redtram.Federation.Tests.Planning.Regressions;

/// <summary>Two shareable root fields that one subgraph serves both: one fetch to that subgraph, not one per field.</summary>
public class RootFieldGroupingTests
{
    private const string Harbour = """
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@shareable"])

        type Query {
          tideHeight: Float @shareable
        }
        """;

    private const string Lighthouse = """
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@shareable"])

        type Query {
          tideHeight: Float @shareable
          windSpeed: Int @shareable
        }
        """;

    private const string Weather = """
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@shareable"])

        type Query {
          windSpeed: Int @shareable
        }
        """;

    private static readonly Supergraph.SupergraphDefinition Supergraph = RegressionHarness.Compose(
        new SubgraphSource("harbour", "http://harbour.example/graphql", Harbour),
        new SubgraphSource("lighthouse", "http://lighthouse.example/graphql", Lighthouse),
        new SubgraphSource("weather", "http://weather.example/graphql", Weather));

    private const string Query = "{ tideHeight windSpeed }";

    [Fact]
    public void One_subgraph_serving_both_fields_gets_one_fetch()
    {
        var plan = RegressionHarness.Plan(Supergraph, Query);
        Assert.Equal("""
            QueryPlan {
              Fetch(service: "lighthouse") {
                query { tideHeight windSpeed }
              }
            }
            """, plan.ToString());
    }

    [Fact]
    public async Task Only_that_subgraph_is_called()
    {
        var client = new CannedSubgraphClient(new Dictionary<string, CannedSubgraph>
        {
            ["harbour"] = new(Harbour, new JsonObject { ["tideHeight"] = 1.5 }),
            ["lighthouse"] = new(Lighthouse, new JsonObject { ["tideHeight"] = 2.25, ["windSpeed"] = 14 }),
            ["weather"] = new(Weather, new JsonObject { ["windSpeed"] = 9 }),
        });

        var result = await RegressionHarness.ExecuteAsync(Supergraph, client, Query);

        Assert.Equal("""
            {"data":{"tideHeight":2.25,"windSpeed":14}}
            """, result);
        Assert.Equal("""
            lighthouse: query { tideHeight windSpeed }
            """, client.Received);
    }
}
