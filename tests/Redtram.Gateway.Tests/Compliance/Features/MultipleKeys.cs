using GraphQL;
using Redtram.Gateway.Tests.Compliance.Harness;
using Xunit.Abstractions;
using static Redtram.Gateway.Tests.Compliance.Harness.Data;

namespace Redtram.Gateway.Tests.Compliance.Features;

/// <summary>An entity with several keys, one composite with a nested object: subgraphs reach it by different keys.</summary>
public sealed class MultipleKeys : Feature
{
    public override string Name => "multiple-keys";

    public override IEnumerable<Subgraph> Subgraphs()
    {
        var maker = Obj("Maker", new { code = "NOR" });
        Dictionary<string, object?>[] bikes =
        [
            Obj("Bike", new { id = "b1", serial = "X-100", maker, model = "Fjord" }),
            Obj("Bike", new { id = "b2", serial = "X-200", maker, model = "Tundra" }),
        ];
        yield return new Subgraph("catalog", """
            type Query { bikes: [Bike!]! }
            type Bike @key(fields: "id") @key(fields: "serial maker { code }") { id: ID!  serial: String!  maker: Maker!  model: String }
            type Maker @shareable { code: String! }
            """)
            .Query("bikes", _ => bikes)
            .Entity("Bike", "id", bikes)
            .Entity("Bike", rep => bikes.FirstOrDefault(b => SameValue(b["serial"], rep["serial"]) && SameValue(b["maker"], rep["maker"])));
        yield return new Subgraph("warranty", """
            type Bike @key(fields: "serial maker { code }") { serial: String!  maker: Maker!  warrantyYears: Int }
            type Maker @shareable { code: String! }
            """)
            .Entity("Bike", rep => Merge(Obj("Bike"), rep))
            .Field("Bike", "warrantyYears", c => (string?)c.Get("serial") == "X-100" ? 2 : 5);
        yield return new Subgraph("stock", """
            type Query { featuredBike: Bike }
            type Bike @key(fields: "id", resolvable: false) { id: ID! }
            """)
            .Query("featuredBike", _ => Obj("Bike", new { id = "b2" }));
    }
}

[Trait("Category", "Compliance")]
public sealed class MultipleKeysTests(ComplianceFixture<MultipleKeys> fixture, ITestOutputHelper output) : ComplianceTest<MultipleKeys>(fixture, output)
{
    public static TheoryData<string> Cases => CasesOf("multiple-keys");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case(string name) => RunCase(name);
}
