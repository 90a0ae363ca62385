using System.Text.Json.Nodes;
using Redtram.Federation.Composition;

namespace Redtram.Federation.Tests.Planning.Regressions;

/// <summary>
/// A union served by one subgraph whose members implement an interface only in another subgraph: a fragment on the
/// interface under the union is expanded into the member types the serving subgraph knows, so those objects keep
/// their fields.
/// </summary>
public class AbstractFragmentWithoutInterfaceTests
{
    private const string Search = """
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

        type Query {
          search(term: String!): [Hit!]!
        }

        union Hit = Painter | Painting | Museum

        type Painter @key(fields: "id") {
          id: ID!
          name: String!
        }

        type Painting @key(fields: "id") {
          id: ID!
          title: String!
        }

        type Museum {
          city: String!
        }
        """;

    private const string Registry = """
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

        type Query {
          record(id: ID!): Record
        }

        interface Record {
          id: ID!
        }

        type Painter implements Record @key(fields: "id") {
          id: ID!
        }

        type Painting implements Record @key(fields: "id") {
          id: ID!
        }
        """;

    private static readonly Redtram.Federation.Supergraph.SupergraphDefinition Supergraph = RegressionHarness.Compose(
        new SubgraphSource("search", "http://search.example/graphql", Search),
        new SubgraphSource("registry", "http://registry.example/graphql", Registry));

    private const string Query = """{ search(term: "blue") { __typename ... on Record { id } ... on Painting { title } ... on Museum { city } } }""";

    [Fact]
    public void Interface_fragment_is_expanded_into_the_types_the_subgraph_knows()
    {
        var plan = RegressionHarness.Plan(Supergraph, Query);
        Assert.Equal("""
            QueryPlan {
              Fetch(service: "search") {
                query { search(term: "blue") { __typename ... on Painter { id } ... on Painting { id title } ... on Museum { city } } }
              }
            }
            """, plan.ToString());
    }

    [Fact]
    public async Task Objects_matching_the_interface_keep_their_fields()
    {
        var client = new CannedSubgraphClient(new Dictionary<string, CannedSubgraph>
        {
            ["search"] = new(Search, new JsonObject
            {
                ["search(term: \"blue\")"] = new JsonArray(
                    new JsonObject { ["__typename"] = "Painter", ["id"] = "p-7", ["name"] = "Yves" },
                    new JsonObject { ["__typename"] = "Museum", ["city"] = "Nice" },
                    new JsonObject { ["__typename"] = "Painting", ["id"] = "w-42", ["title"] = "IKB 191" }),
            }),
            ["registry"] = new(Registry, []),
        });

        var result = await RegressionHarness.ExecuteAsync(Supergraph, client, Query);

        Assert.Equal("""{"data":{"search":[{"__typename":"Painter","id":"p-7"},{"__typename":"Museum","city":"Nice"},{"__typename":"Painting","id":"w-42","title":"IKB 191"}]}}""", result);
        Assert.Equal("""search: query { search(term: "blue") { __typename ... on Painter { id } ... on Painting { id title } ... on Museum { city } } }""", client.Received);
    }
}
