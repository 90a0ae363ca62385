using GraphQL;
using Redtram.Gateway.Tests.Compliance.Harness;
using Xunit.Abstractions;
using static Redtram.Gateway.Tests.Compliance.Harness.Data;

namespace Redtram.Gateway.Tests.Compliance.Features;

/// <summary>A nested entity's field needs a call to the subgraph owning its parent (parent entity call).</summary>
public sealed class ParentEntityCall : Feature
{
    public override string Name => "parent-entity-call";

    public override IEnumerable<Subgraph> Subgraphs()
    {
        yield return new Subgraph("shops", """
            type Query { shop: Shop }
            type Shop @key(fields: "id") { id: ID!  name: String! }
            """)
            .Query("shop", _ => Obj("Shop", new { id = "sh1", name = "Kiosken" }))
            .Entity("Shop", rep => Merge(Obj("Shop", new { name = "Kiosken" }), rep));
        yield return new Subgraph("shelves", """
            type Shop @key(fields: "id") { id: ID!  topShelf: Shelf! }
            type Shelf @key(fields: "id") { id: ID!  shop: Shop! }
            """)
            .Entity("Shop", rep => Merge(Obj("Shop", new { topShelf = Obj("Shelf", new { id = "sv1", shop = Obj("Shop", new { id = rep["id"] }) }) }), rep));
        yield return new Subgraph("labels", """
            type Shelf @key(fields: "id") { id: ID!  label: String! }
            """)
            .Entity("Shelf", rep => Merge(Obj("Shelf", new { label = "Top shelf " + rep["id"] }), rep));
    }
}

[Trait("Category", "Compliance")]
public sealed class ParentEntityCallTests(ComplianceFixture<ParentEntityCall> fixture, ITestOutputHelper output) : ComplianceTest<ParentEntityCall>(fixture, output)
{
    public static TheoryData<string> Cases => CasesOf("parent-entity-call");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case(string name) => RunCase(name);
}
