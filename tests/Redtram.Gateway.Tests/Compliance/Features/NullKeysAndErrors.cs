using GraphQL;
using Redtram.Gateway.Tests.Compliance.Harness;
using Xunit.Abstractions;
using static Redtram.Gateway.Tests.Compliance.Harness.Data;

namespace Redtram.Gateway.Tests.Compliance.Features;

/// <summary>Entities whose key is null (or whose key lookup fails) in one subgraph; errors from subgraphs carry paths.</summary>
public sealed class NullKeysAndErrors : Feature
{
    public override string Name => "null-keys-errors";

    public override IEnumerable<Subgraph> Subgraphs()
    {
        yield return new Subgraph("orders", """
            type Query { orders: [Order!]!  brokenOrder: Order }
            type Order @key(fields: "id") { id: ID!  customer: Customer }
            type Customer @key(fields: "cid") { cid: ID }
            """)
            .Query("orders", _ => new[]
            {
                Obj("Order", new { id = "o1", customer = Obj("Customer", new { cid = "c1" }) }),
                Obj("Order", new { id = "o2", customer = Obj("Customer", new { cid = (string?)null }) }),
                Obj("Order", new { id = "o3", customer = (object?)null }),
                Obj("Order", new { id = "o4", customer = Obj("Customer", new { cid = "c-missing" }) }),
            })
            .Query("brokenOrder", _ => throw new ExecutionError("order service unavailable") { Code = "ORDERS_DOWN" });
        yield return new Subgraph("customers", """
            type Customer @key(fields: "cid") { cid: ID  name: String  vip: Boolean! }
            type Order @key(fields: "id") { id: ID!  total: Int! }
            """)
            .Entity("Customer", rep => (string?)rep["cid"] switch
            {
                "c1" => Obj("Customer", new { cid = "c1", name = "Sigrid", vip = true }),
                _ => null,
            })
            .Entity("Order", rep => (string?)rep["id"] == "o3" ? throw new ExecutionError("total unavailable for o3") : Merge(Obj("Order", new { total = 100 }), rep));
    }
}

[Trait("Category", "Compliance")]
public sealed class NullKeysAndErrorsTests(ComplianceFixture<NullKeysAndErrors> fixture, ITestOutputHelper output) : ComplianceTest<NullKeysAndErrors>(fixture, output)
{
    public static TheoryData<string> Cases => CasesOf("null-keys-errors");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case(string name) => RunCase(name);
}
