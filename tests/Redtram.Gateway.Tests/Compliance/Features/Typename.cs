using GraphQL;
using Redtram.Gateway.Tests.Compliance.Harness;
using Xunit.Abstractions;
using static Redtram.Gateway.Tests.Compliance.Harness.Data;

namespace Redtram.Gateway.Tests.Compliance.Features;

/// <summary>__typename at the root, on entities, interfaces, unions, with aliases and inside fragments.</summary>
public sealed class Typename : Feature
{
    public override string Name => "typename";

    public override IEnumerable<Subgraph> Subgraphs()
    {
        yield return new Subgraph("zoo", """
            type Query { animals: [Animal!]!  star: Star }
            interface Animal { name: String! }
            type Owl implements Animal @key(fields: "name") { name: String! }
            type Seal implements Animal @key(fields: "name") { name: String! }
            union Star = Owl | Seal
            """)
            .Query("animals", _ => new[] { Obj("Owl", new { name = "Hedda" }), Obj("Seal", new { name = "Rolf" }) })
            .Query("star", _ => Obj("Seal", new { name = "Rolf" }));
        yield return new Subgraph("keepers", """
            type Owl @key(fields: "name") { name: String!  keeper: String }
            type Seal @key(fields: "name") { name: String!  keeper: String }
            """)
            .Entity("Owl", rep => Merge(Obj("Owl", new { keeper = "Ada" }), rep))
            .Entity("Seal", rep => Merge(Obj("Seal", new { keeper = "Bo" }), rep));
    }
}

[Trait("Category", "Compliance")]
public sealed class TypenameTests(ComplianceFixture<Typename> fixture, ITestOutputHelper output) : ComplianceTest<Typename>(fixture, output)
{
    public static TheoryData<string> Cases => CasesOf("typename");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case(string name) => RunCase(name);
}
