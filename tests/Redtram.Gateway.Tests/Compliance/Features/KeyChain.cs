using GraphQL;
using Redtram.Gateway.Tests.Compliance.Harness;
using Xunit.Abstractions;
using static Redtram.Gateway.Tests.Compliance.Harness.Data;

namespace Redtram.Gateway.Tests.Compliance.Features;

/// <summary>
/// Keys that differ per subgraph: reaching a field needs key fields gathered from other subgraphs first
/// (id → id code → id code section { id tag }), plus an entity whose key goes through a list.
/// </summary>
public sealed class KeyChain : Feature
{
    public override string Name => "key-chain";

    public override IEnumerable<Subgraph> Subgraphs()
    {
        Dictionary<string, object?>[] parcels =
        [
            Obj("Parcel", new { id = "pa1", weight = 3 }),
            Obj("Parcel", new { id = "pa2", weight = 12 }),
            Obj("Parcel", new { id = "pa3", weight = 1 }),
        ];
        Dictionary<string, object?>[] crates =
        [
            Obj("Crate", new { label = "C-1", items = new[] { Obj("Item", new { sku = "apple", qty = 4 }), Obj("Item", new { sku = "pear", qty = 2 }) } }),
            Obj("Crate", new { label = "C-2", items = new[] { Obj("Item", new { sku = "plum", qty = 9 }) } }),
        ];
        yield return new Subgraph("intake", """
            type Query { parcels(first: Int): [Parcel!]!  crates: [Crate!]! }
            type Parcel @key(fields: "id") { id: ID!  weight: Int! }
            type Crate @key(fields: "items { sku qty }") { label: String!  items: [Item!]! }
            type Item @shareable { sku: ID!  qty: Int! }
            """)
            .Query("parcels", c => parcels.Take(c.Arg<int?>("first") ?? parcels.Length).ToArray())
            .Query("crates", _ => crates)
            .Entity("Parcel", "id", parcels)
            .Entity("Crate", rep => crates.FirstOrDefault(c => ItemsKey(c["items"]) == ItemsKey(rep["items"])));
        yield return new Subgraph("sorting", """
            type Parcel @key(fields: "id") { id: ID!  code: String! @shareable }
            """)
            .Entity("Parcel", rep => Merge(Obj("Parcel", new { code = "N-" + rep["id"] }), rep));
        yield return new Subgraph("routing", """
            type Parcel @key(fields: "id code") { id: ID!  code: String!  section: Section! @shareable }
            type Section @shareable { id: ID!  tag: String! }
            """)
            .Entity("Parcel", rep => Merge(Obj("Parcel", new { section = Obj("Section", new { id = "sec-" + ((string)rep["code"]!).Length, tag = ((string)rep["id"]!).EndsWith('2') ? "heavy" : "light" }) }), rep));
        yield return new Subgraph("delivery", """
            type Parcel @key(fields: "id code section { id tag }") { id: ID!  code: String!  section: Section!  eta: String! }
            type Section @shareable { id: ID!  tag: String! }
            type Crate @key(fields: "items { sku qty }") { items: [Item!]!  insured: Int! }
            type Item @shareable { sku: ID!  qty: Int! }
            """)
            .Entity("Parcel", rep => Merge(Obj("Parcel"), rep))
            .Field("Parcel", "eta", c => $"{c.Get("code")}@{((IDictionary<string, object?>)c.Get("section")!)["tag"]}")
            .Entity("Crate", rep => Merge(Obj("Crate"), rep))
            .Field("Crate", "insured", c => ((IEnumerable<object?>)c.Get("items")!).Sum(i => Convert.ToInt32(((IDictionary<string, object?>)i!)["qty"])) * 10);
    }

    private static string ItemsKey(object? items)
        => string.Join(";", ((IEnumerable<object?>)items!).Select(i => (IDictionary<string, object?>)i!).Select(i => $"{i["sku"]}:{i["qty"]}"));
}

[Trait("Category", "Compliance")]
public sealed class KeyChainTests(ComplianceFixture<KeyChain> fixture, ITestOutputHelper output) : ComplianceTest<KeyChain>(fixture, output)
{
    public static TheoryData<string> Cases => CasesOf("key-chain");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case(string name) => RunCase(name);
}
