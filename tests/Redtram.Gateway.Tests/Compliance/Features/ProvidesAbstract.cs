using GraphQL;
using Redtram.Gateway.Tests.Compliance.Harness;
using Xunit.Abstractions;
using static Redtram.Gateway.Tests.Compliance.Harness.Data;

namespace Redtram.Gateway.Tests.Compliance.Features;

/// <summary>@provides through interface and union typed fields, and nested @provides.</summary>
public sealed class ProvidesAbstract : Feature
{
    public override string Name => "provides-abstract";

    public override IEnumerable<Subgraph> Subgraphs()
    {
        Dictionary<string, object?>[] all =
        [
            Obj("Ferry", new { id = "v1", name = "Nordstjerna", cars = 120 }),
            Obj("Tug", new { id = "v2", name = "Bamse", pull = 60 }),
        ];
        yield return new Subgraph("vessels", """
            interface Vessel { id: ID!  name: String! }
            type Ferry implements Vessel @key(fields: "id") { id: ID!  name: String! @shareable  cars: Int! }
            type Tug implements Vessel @key(fields: "id") { id: ID!  name: String! @shareable  pull: Int! }
            """)
            .Entity("Ferry", "id", all)
            .Entity("Tug", "id", all);
        yield return new Subgraph("port", """
            type Query { docked: [Vessel!]! @provides(fields: "... on Ferry { name } ... on Tug { name }")  anyVessel: Ship @provides(fields: "... on Ferry { name } ... on Tug { name }")  berth: Berth @provides(fields: "occupant { name }") }
            interface Vessel { id: ID!  name: String! }
            type Ferry implements Vessel @key(fields: "id") { id: ID!  name: String! @external }
            type Tug implements Vessel @key(fields: "id") { id: ID!  name: String! @external }
            union Ship = Ferry | Tug
            type Berth { code: String!  occupant: Ferry }
            """)
            .Query("docked", _ => new[] { Obj("Ferry", new { id = "v1", name = "Nordstjerna (port)" }), Obj("Tug", new { id = "v2", name = "Bamse (port)" }) })
            .Query("anyVessel", _ => Obj("Tug", new { id = "v2", name = "Bamse (port)" }))
            .Query("berth", _ => Obj("Berth", new { code = "K3", occupant = Obj("Ferry", new { id = "v1", name = "Nordstjerna (port)" }) }))
            .Entity("Ferry", rep => Merge(Obj("Ferry"), rep))
            .Entity("Tug", rep => Merge(Obj("Tug"), rep));
    }
}

[Trait("Category", "Compliance")]
public sealed class ProvidesAbstractTests(ComplianceFixture<ProvidesAbstract> fixture, ITestOutputHelper output) : ComplianceTest<ProvidesAbstract>(fixture, output)
{
    public static TheoryData<string> Cases => CasesOf("provides-abstract");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case(string name) => RunCase(name);
}
