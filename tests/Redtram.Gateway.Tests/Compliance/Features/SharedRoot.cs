using GraphQL;
using Redtram.Gateway.Tests.Compliance.Harness;
using Xunit.Abstractions;
using static Redtram.Gateway.Tests.Compliance.Harness.Data;

namespace Redtram.Gateway.Tests.Compliance.Features;

/// <summary>The same @shareable root field in two subgraphs, plus root fields of each one in a single query.</summary>
public sealed class SharedRoot : Feature
{
    public override string Name => "shared-root";

    public override IEnumerable<Subgraph> Subgraphs()
    {
        foreach (var (name, extra) in new[] { ("north", "tideHeight: Float"), ("south", "windSpeed: Int") })
        {
            var sg = new Subgraph(name, $$"""
                type Query { harbour: Harbour @shareable  harbours: [Harbour!]! @shareable  {{extra}} }
                type Harbour @shareable { name: String!  depth: Int! }
                """)
                .Query("harbour", _ => Obj("Harbour", new { name = "Skagen", depth = 12 }))
                .Query("harbours", _ => new[] { Obj("Harbour", new { name = "Skagen", depth = 12 }), Obj("Harbour", new { name = "Bodø", depth = 9 }) });
            yield return name == "north" ? sg.Query("tideHeight", _ => 1.5) : sg.Query("windSpeed", _ => 14);
        }
    }
}

[Trait("Category", "Compliance")]
public sealed class SharedRootTests(ComplianceFixture<SharedRoot> fixture, ITestOutputHelper output) : ComplianceTest<SharedRoot>(fixture, output)
{
    public static TheoryData<string> Cases => CasesOf("shared-root");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case(string name) => RunCase(name);
}
