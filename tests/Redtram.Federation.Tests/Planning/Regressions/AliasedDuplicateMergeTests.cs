using System.Text.Json.Nodes;
using Redtram.Federation.Composition;

namespace Redtram.Federation.Tests.Planning.Regressions;

/// <summary>
/// One field selected through an interface and through an implementation's fragment, declared with the interface as
/// its type on the one and the object type on the other, with different sub-selections: GraphQL merges the two, so
/// the answer holds the sub-fields of both, however the fetch spells them.
/// </summary>
public class AliasedDuplicateMergeTests
{
    private const string Stock = """
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

        type Query {
          featured: Piece
        }

        interface Piece {
          id: ID!
          sibling: Piece
        }

        type Record implements Piece @key(fields: "id") {
          id: ID!
          sibling: Record
          artist: String!
        }

        type Poster implements Piece @key(fields: "id") {
          id: ID!
          sibling: Piece
        }
        """;

    private const string Prices = """
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

        type Record @key(fields: "id") {
          id: ID!
          cents: Int!
        }
        """;

    private static readonly Supergraph.SupergraphDefinition Supergraph = RegressionHarness.Compose(
        new SubgraphSource("stock", "http://stock.example/graphql", Stock),
        new SubgraphSource("prices", "http://prices.example/graphql", Prices));

    private const string Query = "{ featured { sibling { id } ... on Record { sibling { artist cents } } } }";

    [Fact]
    public void Both_selections_of_the_field_are_fetched()
    {
        var plan = RegressionHarness.Plan(Supergraph, Query);
        Assert.Equal("""
            QueryPlan {
              Sequence {
                Fetch(service: "stock") {
                  query { featured { __typename sibling { __typename id } ... on Record { sibling { __typename artist id } } } }
                },
                Flatten(path: "featured.sibling") {
                  Fetch(service: "prices") {
                    { ... on Record { __typename id } } =>
                    query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Record { cents } } }
                  }
                }
              }
            }
            """, plan.ToString());
    }

    [Fact]
    public async Task Sub_fields_of_both_selections_are_merged()
    {
        var client = new CannedSubgraphClient(new Dictionary<string, CannedSubgraph>
        {
            ["stock"] = new(Stock, new JsonObject
            {
                ["featured"] = new JsonObject
                {
                    ["__typename"] = "Record",
                    ["id"] = "r-1",
                    ["artist"] = "Nina Simone",
                    ["sibling"] = new JsonObject { ["__typename"] = "Record", ["id"] = "r-2", ["artist"] = "Etta James", ["sibling"] = null },
                },
            }),
            ["prices"] = new(Prices, [], rep => new JsonObject { ["__typename"] = "Record", ["cents"] = (string)rep["id"]! == "r-2" ? 1999 : 2499 }),
        });

        var result = await RegressionHarness.ExecuteAsync(Supergraph, client, Query);

        Assert.Equal("""
            {"data":{"featured":{"sibling":{"id":"r-2","artist":"Etta James","cents":1999}}}}
            """, result);
        Assert.Equal("""
            prices: [{"__typename":"Record","id":"r-2"}] => { ... on Record { cents } }
            stock: query { featured { __typename sibling { __typename id } ... on Record { sibling { __typename artist id } } } }
            """, client.Received);
    }
}
