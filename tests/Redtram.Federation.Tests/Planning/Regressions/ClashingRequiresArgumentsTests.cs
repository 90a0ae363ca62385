using System.Text.Json.Nodes;
using Redtram.Federation.Composition;

namespace Redtram.Federation.Tests.Planning.Regressions;

/// <summary>
/// Two fields of one entity require the same external field with different arguments. A representation holds a field
/// once, so each requirement goes in its own entity fetch carrying its own argument's value.
/// </summary>
public class ClashingRequiresArgumentsTests
{
    private const string Catalog = """
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

        type Query {
          tickets: [Ticket!]!
        }

        type Ticket @key(fields: "id") {
          id: ID!
          route: String!
        }
        """;

    private const string Fees = """
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

        enum Currency {
          USD
          EUR
        }

        type Ticket @key(fields: "id") {
          id: ID!
          fee(currency: Currency!): Int!
        }
        """;

    private const string Checkout = """
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires"])

        enum Currency {
          USD
          EUR
        }

        type Ticket @key(fields: "id") {
          id: ID!
          fee(currency: Currency!): Int! @external
          dollarLabel: String! @requires(fields: "fee(currency: USD)")
          euroLabel: String! @requires(fields: "fee(currency: EUR)")
        }
        """;

    private static readonly Supergraph.SupergraphDefinition Supergraph = RegressionHarness.Compose(
        new SubgraphSource("catalog", "http://catalog.example/graphql", Catalog),
        new SubgraphSource("fees", "http://fees.example/graphql", Fees),
        new SubgraphSource("checkout", "http://checkout.example/graphql", Checkout));

    private const string Query = "{ tickets { route dollarLabel euroLabel } }";

    [Fact]
    public void Each_requirement_gets_its_own_entity_fetch()
    {
        var plan = RegressionHarness.Plan(Supergraph, Query);
        Assert.Equal("""
            QueryPlan {
              Sequence {
                Fetch(service: "catalog") {
                  query { tickets { __typename route id } }
                },
                Flatten(path: "tickets.@") {
                  Fetch(service: "fees") {
                    { ... on Ticket { __typename id } } =>
                    query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Ticket { fee__required_85ec7722: fee(currency: USD) fee__required_cdabe604: fee(currency: EUR) } } }
                  }
                },
                Parallel {
                  Flatten(path: "tickets.@") {
                    Fetch(service: "checkout") {
                      { ... on Ticket { __typename id fee__required_85ec7722: fee(currency: USD) } } =>
                      query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Ticket { dollarLabel } } }
                    }
                  },
                  Flatten(path: "tickets.@") {
                    Fetch(service: "checkout") {
                      { ... on Ticket { __typename id fee__required_cdabe604: fee(currency: EUR) } } =>
                      query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Ticket { euroLabel } } }
                    }
                  }
                }
              }
            }
            """, plan.ToString());
    }

    [Fact]
    public async Task Each_representation_carries_its_own_arguments_value()
    {
        var fees = new Dictionary<string, (int Usd, int Eur)> { ["t1"] = (12, 11), ["t2"] = (30, 27) };
        var client = new CannedSubgraphClient(new Dictionary<string, CannedSubgraph>
        {
            ["catalog"] = new(Catalog, new JsonObject
            {
                ["tickets"] = new JsonArray(
                    new JsonObject { ["__typename"] = "Ticket", ["id"] = "t1", ["route"] = "Lyon-Turin" },
                    new JsonObject { ["__typename"] = "Ticket", ["id"] = "t2", ["route"] = "Oslo-Bergen" }),
            }),
            ["fees"] = new(Fees, [], rep =>
            {
                var (usd, eur) = fees[(string)rep["id"]!];
                return new JsonObject { ["__typename"] = "Ticket", ["id"] = rep["id"]!.DeepClone(), ["fee(currency: USD)"] = usd, ["fee(currency: EUR)"] = eur };
            }),
            ["checkout"] = new(Checkout, [], rep => new JsonObject
            {
                ["__typename"] = "Ticket",
                ["dollarLabel"] = rep.ContainsKey("fee") ? $"${rep["fee"]}" : "no fee sent",
                ["euroLabel"] = rep.ContainsKey("fee") ? $"{rep["fee"]} EUR" : "no fee sent",
            }),
        });

        var result = await RegressionHarness.ExecuteAsync(Supergraph, client, Query);

        Assert.Equal("""
            {"data":{"tickets":[{"route":"Lyon-Turin","dollarLabel":"$12","euroLabel":"11 EUR"},{"route":"Oslo-Bergen","dollarLabel":"$30","euroLabel":"27 EUR"}]}}
            """, result);
        Assert.Equal("""
            catalog: query { tickets { __typename route id } }
            checkout: [{"__typename":"Ticket","id":"t1","fee":12},{"__typename":"Ticket","id":"t2","fee":30}] => { ... on Ticket { dollarLabel } }
            checkout: [{"__typename":"Ticket","id":"t1","fee":11},{"__typename":"Ticket","id":"t2","fee":27}] => { ... on Ticket { euroLabel } }
            fees: [{"__typename":"Ticket","id":"t1"},{"__typename":"Ticket","id":"t2"}] => { ... on Ticket { fee__required_85ec7722: fee(currency: USD) fee__required_cdabe604: fee(currency: EUR) } }
            """, client.Received);
    }
}
