using GraphQL;
using Redtram.Gateway.Tests.Compliance.Harness;
using Xunit.Abstractions;
using static Redtram.Gateway.Tests.Compliance.Harness.Data;

namespace Redtram.Gateway.Tests.Compliance.Features;

/// <summary>
/// An interface field resolved by one subgraph, where one implementing type's field has moved to another subgraph
/// with @override: selecting it through the interface must take that type's value from the new subgraph.
/// </summary>
public sealed class OverrideBehindInterface : Feature
{
    public override string Name => "override-behind-interface";

    public override IEnumerable<Subgraph> Subgraphs()
    {
        // The fleet subgraph still has the old (overridden) values for boats; they must never reach the client.
        Dictionary<string, object?>[] vehicles =
        [
            Obj("Car", new { id = "v1", name = "Taxi", speed = 130 }),
            Obj("Boat", new { id = "v2", name = "Hurtigruten", speed = -1 }),
            Obj("Boat", new { id = "v3", name = "Færja", speed = -1 }),
        ];
        yield return new Subgraph("fleet", """
            type Query { vehicles: [Vehicle!]!  vehicle(id: ID!): Vehicle }
            interface Vehicle { id: ID!  name: String!  speed: Int }
            type Car implements Vehicle @key(fields: "id") { id: ID!  name: String!  speed: Int }
            type Boat implements Vehicle @key(fields: "id") { id: ID!  name: String!  speed: Int }
            """)
            .Query("vehicles", _ => vehicles)
            .Query("vehicle", c => vehicles.FirstOrDefault(v => (string?)v["id"] == c.Arg<string>("id")))
            .Entity("Car", "id", vehicles)
            .Entity("Boat", "id", vehicles);
        yield return new Subgraph("harbour", """
            type Boat @key(fields: "id") { id: ID!  speed: Int @override(from: "fleet")  knots: Int }
            """)
            .Entity("Boat", rep => Merge(Obj("Boat", new { knots = (string?)rep["id"] == "v2" ? 18 : 10 }), rep))
            .Field("Boat", "speed", c => Convert.ToInt32(c.Get("knots")) * 1852 / 1000);
    }
}

[Trait("Category", "Compliance")]
public sealed class OverrideBehindInterfaceTests(ComplianceFixture<OverrideBehindInterface> fixture, ITestOutputHelper output) : ComplianceTest<OverrideBehindInterface>(fixture, output)
{
    public static TheoryData<string> Cases => CasesOf("override-behind-interface");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case(string name) => RunCase(name);
}
