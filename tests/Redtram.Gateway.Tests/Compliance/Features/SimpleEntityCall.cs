using Redtram.Gateway.Tests.Compliance.Harness;
using Xunit.Abstractions;
using static Redtram.Gateway.Tests.Compliance.Harness.Data;

namespace Redtram.Gateway.Tests.Compliance.Features;

/// <summary>Root field in one subgraph, entity fields from another through a single _entities call.</summary>
public sealed class SimpleEntityCall : Feature
{
    public override string Name => "simple-entity-call";

    public override IEnumerable<Subgraph> Subgraphs()
    {
        yield return new Subgraph("crew", """
            type Query { captain: Sailor  crew: [Sailor!]! }
            type Sailor @key(fields: "id") { id: ID!  rank: String! }
            """)
            .Query("captain", _ => Obj("Sailor", new { id = "s1", rank = "captain" }))
            .Query("crew", _ => new[] { Obj("Sailor", new { id = "s1", rank = "captain" }), Obj("Sailor", new { id = "s2", rank = "bosun" }), Obj("Sailor", new { id = "s3", rank = "deckhand" }) });

        Dictionary<string, object?>[] sailors =
        [
            Obj("Sailor", new { id = "s1", name = "Ingrid Holm", age = 51 }),
            Obj("Sailor", new { id = "s2", name = "Tomas Vik", age = 38 }),
            Obj("Sailor", new { id = "s3", name = "Lena Berg", age = 22 }),
        ];
        yield return new Subgraph("registry", """
            type Sailor @key(fields: "id") { id: ID!  name: String!  age: Int }
            """)
            .Entity("Sailor", "id", sailors);
    }
}

[Trait("Category", "Compliance")]
public sealed class SimpleEntityCallTests(ComplianceFixture<SimpleEntityCall> fixture, ITestOutputHelper output)
    : ComplianceTest<SimpleEntityCall>(fixture, output)
{
    public static TheoryData<string> Cases => CasesOf("simple-entity-call");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case(string name) => RunCase(name);
}
