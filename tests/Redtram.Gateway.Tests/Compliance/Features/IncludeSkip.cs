using GraphQL;
using Redtram.Gateway.Tests.Compliance.Harness;
using Xunit.Abstractions;
using static Redtram.Gateway.Tests.Compliance.Harness.Data;

namespace Redtram.Gateway.Tests.Compliance.Features;

/// <summary>@skip/@include with literals and variables, on fields, fragments and entity fields.</summary>
public sealed class IncludeSkip : Feature
{
    public override string Name => "include-skip";

    public override IEnumerable<Subgraph> Subgraphs()
    {
        Dictionary<string, object?>[] boats = [Obj("Boat", new { id = "bt1", name = "Måke" }), Obj("Boat", new { id = "bt2", name = "Terne" })];
        yield return new Subgraph("fleet", """
            type Query { boats: [Boat!]! }
            type Boat @key(fields: "id") { id: ID!  name: String! }
            """)
            .Query("boats", _ => boats)
            .Entity("Boat", "id", boats);
        yield return new Subgraph("berths", """
            type Boat @key(fields: "id") { id: ID!  berth: String!  length: Int @requires(fields: "name")  name: String! @external }
            """)
            .Entity("Boat", rep => Merge(Obj("Boat", new { berth = "B-" + rep["id"] }), rep))
            .Field("Boat", "length", c => ((string)c.Get("name")!).Length * 3);
    }
}

[Trait("Category", "Compliance")]
public sealed class IncludeSkipTests(ComplianceFixture<IncludeSkip> fixture, ITestOutputHelper output) : ComplianceTest<IncludeSkip>(fixture, output)
{
    public static TheoryData<string> Cases => CasesOf("include-skip");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case(string name) => RunCase(name);
}
