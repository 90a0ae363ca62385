using GraphQL;
using Redtram.Gateway.Tests.Compliance.Harness;
using Xunit.Abstractions;
using static Redtram.Gateway.Tests.Compliance.Harness.Data;

namespace Redtram.Gateway.Tests.Compliance.Features;

/// <summary>@interfaceObject: a subgraph adds fields (one with @requires) to an entity interface it sees as an object type.</summary>
public sealed class InterfaceObject : Feature
{
    public override string Name => "interface-object";

    public override IEnumerable<Subgraph> Subgraphs()
    {
        Dictionary<string, object?>[] tracks =
        [
            Obj("Song", new { id = "m1", title = "Nordlys", seconds = 200, artist = "Kari" }),
            Obj("Podcast", new { id = "m2", title = "Fiskeprat", seconds = 3600, host = "Odd" }),
        ];
        yield return new Subgraph("media", """
            type Query { media: [Media!]! }
            interface Media @key(fields: "id") { id: ID!  title: String!  seconds: Int! }
            type Song implements Media @key(fields: "id") { id: ID!  title: String!  seconds: Int!  artist: String! }
            type Podcast implements Media @key(fields: "id") { id: ID!  title: String!  seconds: Int!  host: String! }
            """)
            .Query("media", _ => tracks)
            .Entity("Media", "id", tracks)
            .Entity("Song", "id", tracks)
            .Entity("Podcast", "id", tracks);
        yield return new Subgraph("plays", """
            type Query { mostPlayed: Media }
            type Media @key(fields: "id") @interfaceObject { id: ID!  plays: Int!  seconds: Int! @external  hoursListened: Int! @requires(fields: "seconds") }
            """) { Imports = ["@interfaceObject"] }
            .Query("mostPlayed", _ => Obj("Media", new { id = "m2", plays = 90 }))
            .Entity("Media", rep => Merge(Obj("Media", new { plays = (string?)rep["id"] == "m1" ? 1200 : 90 }), rep))
            .Field("Media", "hoursListened", c => Convert.ToInt32(c.Get("seconds")) * Convert.ToInt32(c.Get("plays")) / 3600);
    }
}

[Trait("Category", "Compliance")]
public sealed class InterfaceObjectTests(ComplianceFixture<InterfaceObject> fixture, ITestOutputHelper output) : ComplianceTest<InterfaceObject>(fixture, output)
{
    public static TheoryData<string> Cases => CasesOf("interface-object");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case(string name) => RunCase(name);
}
