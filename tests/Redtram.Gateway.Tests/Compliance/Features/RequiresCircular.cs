using GraphQL;
using Redtram.Gateway.Tests.Compliance.Harness;
using Xunit.Abstractions;
using static Redtram.Gateway.Tests.Compliance.Harness.Data;

namespace Redtram.Gateway.Tests.Compliance.Features;

/// <summary>
/// @requires going back and forth between two subgraphs (kitchen → staff → kitchen), and a @requires whose
/// required fields live on a nested entity that needs its own entity call first.
/// </summary>
public sealed class RequiresCircular : Feature
{
    public override string Name => "requires-circular";

    public override IEnumerable<Subgraph> Subgraphs()
    {
        Dictionary<string, object?>[] dishes =
        [
            Obj("Dish", new { id = "d1", name = "Fårikål", baseCost = 80, supplier = Obj("Supplier", new { id = "su1" }) }),
            Obj("Dish", new { id = "d2", name = "Lapskaus", baseCost = 50, supplier = Obj("Supplier", new { id = "su2" }) }),
        ];
        yield return new Subgraph("kitchen", """
            type Query { dishes: [Dish!]!  dish(id: ID!): Dish }
            type Dish @key(fields: "id") { id: ID!  name: String!  baseCost: Int!  supplier: Supplier!  prepMinutes: Int! @external  price: Int! @requires(fields: "prepMinutes") }
            type Supplier @key(fields: "id") { id: ID! }
            """)
            .Query("dishes", _ => dishes)
            .Query("dish", c => dishes.FirstOrDefault(d => (string?)d["id"] == c.Arg<string>("id")))
            .Entity("Dish", "id", dishes)
            .Field("Dish", "price", c => Convert.ToInt32(c.Get("baseCost")) + Convert.ToInt32(c.Get("prepMinutes")) * 2);
        yield return new Subgraph("staff", """
            type Dish @key(fields: "id") { id: ID!  baseCost: Int! @external  prepMinutes: Int! @requires(fields: "baseCost") }
            """)
            .Entity("Dish", rep => Merge(Obj("Dish"), rep))
            .Field("Dish", "prepMinutes", c => Convert.ToInt32(c.Get("baseCost")) / 2);
        yield return new Subgraph("suppliers", """
            type Supplier @key(fields: "id") { id: ID!  name: String!  rating: Int! }
            """)
            .Entity("Supplier", rep => Merge(Obj("Supplier", new { name = (string?)rep["id"] == "su1" ? "Gården" : "Fjordfisk", rating = (string?)rep["id"] == "su1" ? 5 : 3 }), rep));
        yield return new Subgraph("tax", """
            type Dish @key(fields: "id") { id: ID!  supplier: Supplier! @external  surcharge: Int! @requires(fields: "supplier { rating }") }
            type Supplier @key(fields: "id") { id: ID!  rating: Int! @external }
            """)
            .Entity("Dish", rep => Merge(Obj("Dish"), rep))
            .Field("Dish", "surcharge", c => 10 - 2 * Convert.ToInt32(((IDictionary<string, object?>)c.Get("supplier")!)["rating"]));
    }
}

[Trait("Category", "Compliance")]
public sealed class RequiresCircularTests(ComplianceFixture<RequiresCircular> fixture, ITestOutputHelper output) : ComplianceTest<RequiresCircular>(fixture, output)
{
    public static TheoryData<string> Cases => CasesOf("requires-circular");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case(string name) => RunCase(name);
}
