using System.Text.Json.Nodes;
using Redtram.Federation.Composition;

namespace Redtram.Federation.Tests.Planning.Regressions;

/// <summary>
/// A custom executable directive composed into the supergraph with a default argument value: the fetch forwards the
/// directive with the default spelled out, so a subgraph sees what the client meant whatever its own default.
/// </summary>
public class DirectiveDefaultArgumentsTests
{
    private const string Events = """
        extend schema
          @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@composeDirective"])
          @link(url: "https://redtram.example/clock/v1.0", import: ["@clock"])
          @composeDirective(name: "@clock")

        directive @clock(zone: String = "UTC", hours: Int = 24) on FIELD

        type Query {
          nextEvent: Event
        }

        type Event @key(fields: "id") {
          id: ID!
          startsAt: String!
        }
        """;

    private const string Venues = """
        extend schema
          @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@composeDirective"])
          @link(url: "https://redtram.example/clock/v1.0", import: ["@clock"])
          @composeDirective(name: "@clock")

        directive @clock(zone: String = "UTC", hours: Int = 24) on FIELD

        type Event @key(fields: "id") {
          id: ID!
          doorsOpen: String!
        }
        """;

    private static readonly Supergraph.SupergraphDefinition Supergraph = RegressionHarness.Compose(
        new SubgraphSource("events", "http://events.example/graphql", Events),
        new SubgraphSource("venues", "http://venues.example/graphql", Venues));

    private const string Query = """{ nextEvent { startsAt @clock doorsOpen @clock(hours: 12) } }""";

    [Fact]
    public void Forwarded_directive_carries_the_default_arguments()
    {
        var plan = RegressionHarness.Plan(Supergraph, Query);
        Assert.Equal("""
            QueryPlan {
              Sequence {
                Fetch(service: "events") {
                  query { nextEvent { __typename startsAt @clock(zone: "UTC", hours: 24) id } }
                },
                Flatten(path: "nextEvent") {
                  Fetch(service: "venues") {
                    { ... on Event { __typename id } } =>
                    query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Event { doorsOpen @clock(hours: 12, zone: "UTC") } } }
                  }
                }
              }
            }
            """, plan.ToString());
    }

    [Fact]
    public async Task Subgraphs_receive_the_default_arguments()
    {
        var client = new CannedSubgraphClient(new Dictionary<string, CannedSubgraph>
        {
            ["events"] = new(Events, new JsonObject
            {
                ["nextEvent"] = new JsonObject { ["__typename"] = "Event", ["id"] = "ev-3", ["startsAt"] = "20:00" },
            }),
            ["venues"] = new(Venues, [], rep => new JsonObject { ["__typename"] = "Event", ["doorsOpen"] = "7pm" }),
        });

        var result = await RegressionHarness.ExecuteAsync(Supergraph, client, Query);

        Assert.Equal("""
            {"data":{"nextEvent":{"startsAt":"20:00","doorsOpen":"7pm"}}}
            """, result);
        Assert.Equal("""
            events: query { nextEvent { __typename startsAt @clock(zone: "UTC", hours: 24) id } }
            venues: [{"__typename":"Event","id":"ev-3"}] => { ... on Event { doorsOpen @clock(hours: 12, zone: "UTC") } }
            """, client.Received);
    }
}
