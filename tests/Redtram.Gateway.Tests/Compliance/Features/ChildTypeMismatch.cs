using GraphQL;
using Redtram.Gateway.Tests.Compliance.Harness;
using Xunit.Abstractions;
using static Redtram.Gateway.Tests.Compliance.Harness.Data;

namespace Redtram.Gateway.Tests.Compliance.Features;

/// <summary>
/// Sibling fragments on union/interface members whose same-named fields differ in nullability in one subgraph
/// (nullable in the supergraph): the subgraph query must alias the clashing fields, at every nesting level.
/// </summary>
public sealed class ChildTypeMismatch : Feature
{
    public override string Name => "child-type-mismatch";

    public override IEnumerable<Subgraph> Subgraphs()
    {
        var museum = Obj("Museum", new { name = "Nasjonalmuseet" });
        var collector = Obj("Collector", new { name = "Rolf" });
        Dictionary<string, object?>[] exhibits =
        [
            Obj("Painting", new { id = "p1", title = "Skrik", owner = museum, details = Obj("PaintingDetails", new { size = 91, medium = "tempera" }) }),
            Obj("Sculpture", new { id = (string?)null, title = "Sinnataggen", owner = collector, details = Obj("SculptureDetails", new { size = (int?)null, medium = "bronze" }) }),
            Obj("Sculpture", new { id = "s2", title = "Monolitten", owner = museum, details = Obj("SculptureDetails", new { size = 1400, medium = (string?)null }) }),
        ];
        yield return new Subgraph("gallery", """
            type Query { exhibits: [Exhibit!]!  pieces: [Piece!]! }
            union Exhibit = Painting | Sculpture
            union Owner = Museum | Collector
            interface Piece { title: String }
            type Painting implements Piece @shareable { id: ID!  title: String  owner: Owner  details: PaintingDetails }
            type Sculpture implements Piece @shareable { id: ID  title: String!  owner: Owner  details: SculptureDetails }
            type PaintingDetails @shareable { size: Int!  medium: String }
            type SculptureDetails @shareable { size: Int  medium: String! }
            type Museum @shareable { name: String! }
            type Collector @shareable { name: String }
            """)
            .Query("exhibits", _ => exhibits)
            .Query("pieces", _ => exhibits.Reverse().ToArray())
            .Field("SculptureDetails", "medium", c => c.Get("medium") ?? "unknown");
        yield return new Subgraph("archive", """
            type Query { spotlight: Exhibit }
            union Exhibit = Painting | Sculpture
            union Owner = Museum | Collector
            type Painting @shareable { id: ID  title: String  owner: Owner  details: PaintingDetails }
            type Sculpture @shareable { id: ID  title: String  owner: Owner  details: SculptureDetails }
            type PaintingDetails @shareable { size: Int  medium: String }
            type SculptureDetails @shareable { size: Int  medium: String }
            type Museum @shareable { name: String }
            type Collector @shareable { name: String }
            """)
            .Query("spotlight", _ => Obj("Sculpture", new { id = "s9", title = "Ukjent", owner = Obj("Collector", new { name = (string?)null }), details = Obj("SculptureDetails", new { size = 30, medium = "granite" }) }));
    }
}

[Trait("Category", "Compliance")]
public sealed class ChildTypeMismatchTests(ComplianceFixture<ChildTypeMismatch> fixture, ITestOutputHelper output) : ComplianceTest<ChildTypeMismatch>(fixture, output)
{
    public static TheoryData<string> Cases => CasesOf("child-type-mismatch");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case(string name) => RunCase(name);
}
