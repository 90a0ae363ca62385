using GraphQL;
using Redtram.Gateway.Tests.Compliance.Harness;
using Xunit.Abstractions;
using static Redtram.Gateway.Tests.Compliance.Harness.Data;

namespace Redtram.Gateway.Tests.Compliance.Features;

/// <summary>A field moved to another subgraph with @override, and an override of a field in use by @requires.</summary>
public sealed class Override : Feature
{
    public override string Name => "override";

    public override IEnumerable<Subgraph> Subgraphs()
    {
        Dictionary<string, object?>[] lamps =
        [
            Obj("Lamp", new { id = "l1", watts = 40, label = "old-label-1" }),
            Obj("Lamp", new { id = "l2", watts = 60, label = "old-label-2" }),
        ];
        yield return new Subgraph("legacy", """
            type Query { lamps: [Lamp!]! }
            type Lamp @key(fields: "id") { id: ID!  watts: Int!  label: String! }
            """)
            .Query("lamps", _ => lamps)
            .Entity("Lamp", "id", lamps);
        yield return new Subgraph("modern", """
            type Lamp @key(fields: "id") { id: ID!  label: String! @override(from: "legacy")  lumens: Int! @requires(fields: "watts")  watts: Int! @external }
            """)
            .Entity("Lamp", rep => Merge(Obj("Lamp", new { label = "LAMP-" + rep["id"] }), rep))
            .Field("Lamp", "lumens", c => Convert.ToInt32(c.Get("watts")) * 12);
        yield return new Subgraph("ghost", """
            type Query { spare: Lamp }
            type Lamp @key(fields: "id") { id: ID!  colour: String @override(from: "nowhere") }
            """)
            .Query("spare", _ => Obj("Lamp", new { id = "l2", colour = "amber" }))
            .Entity("Lamp", rep => Merge(Obj("Lamp", new { colour = "white" }), rep));
    }
}

[Trait("Category", "Compliance")]
public sealed class OverrideTests(ComplianceFixture<Override> fixture, ITestOutputHelper output) : ComplianceTest<Override>(fixture, output)
{
    public static TheoryData<string> Cases => CasesOf("override");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case(string name) => RunCase(name);
}
