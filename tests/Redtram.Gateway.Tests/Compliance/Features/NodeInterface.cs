using GraphQL;
using Redtram.Gateway.Tests.Compliance.Harness;
using Xunit.Abstractions;
using static Redtram.Gateway.Tests.Compliance.Harness.Data;

namespace Redtram.Gateway.Tests.Compliance.Features;

/// <summary>A Relay-style Node interface: one subgraph resolves node(id:) to types whose other fields live elsewhere.</summary>
public sealed class NodeInterface : Feature
{
    public override string Name => "node-interface";

    public override IEnumerable<Subgraph> Subgraphs()
    {
        yield return new Subgraph("nodes", """
            type Query { node(id: ID!): Node  nodes(ids: [ID!]!): [Node]! }
            interface Node { id: ID! }
            type Ship implements Node @key(fields: "id") { id: ID! }
            type Crate implements Node @key(fields: "id") { id: ID! }
            """)
            .Query("node", c => Lookup(c.GetArgument<string>("id")))
            .Query("nodes", c => c.GetArgument<List<string>>("ids").Select(Lookup).ToList());
        yield return new Subgraph("ships", """
            type Ship @key(fields: "id") { id: ID!  flag: String! }
            """)
            .Entity("Ship", rep => Merge(Obj("Ship", new { flag = "NO" }), rep));
        yield return new Subgraph("crates", """
            type Crate @key(fields: "id") { id: ID!  kilos: Int!  ship: Ship }
            type Ship @key(fields: "id", resolvable: false) { id: ID! }
            """)
            .Entity("Crate", rep => Merge(Obj("Crate", new { kilos = 700, ship = Obj("Ship", new { id = "ship-1" }) }), rep));
    }

    private static Dictionary<string, object?>? Lookup(string id) => id switch
    {
        _ when id.StartsWith("ship-", StringComparison.Ordinal) => Obj("Ship", new { id }),
        _ when id.StartsWith("crate-", StringComparison.Ordinal) => Obj("Crate", new { id }),
        _ => null,
    };
}

[Trait("Category", "Compliance")]
public sealed class NodeInterfaceTests(ComplianceFixture<NodeInterface> fixture, ITestOutputHelper output) : ComplianceTest<NodeInterface>(fixture, output)
{
    public static TheoryData<string> Cases => CasesOf("node-interface");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case(string name) => RunCase(name);
}
