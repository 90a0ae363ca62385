using GraphQL;
using Redtram.Gateway.Tests.Compliance.Harness;
using Xunit.Abstractions;
using static Redtram.Gateway.Tests.Compliance.Harness.Data;

namespace Redtram.Gateway.Tests.Compliance.Features;

/// <summary>
/// A union whose members differ between subgraphs, and a shareable field typed as the union in one subgraph and as
/// a single member in the other: fragments on types a subgraph cannot return must not be sent to it.
/// </summary>
public sealed class UnionMemberIntersection : Feature
{
    public override string Name => "union-member-intersection";

    public override IEnumerable<Subgraph> Subgraphs()
    {
        Dictionary<string, object?>[] coupons =
        [
            Obj("Coupon", new { code = "SAVE10", percent = 10, expires = "2031-01-01" }),
            Obj("Coupon", new { code = "SAVE25", percent = 25, expires = "2030-06-30" }),
        ];
        yield return new Subgraph("shop", """
            type Query { offers: [Offer!]!  best: Offer @shareable }
            union Offer = Coupon | Bundle
            type Coupon @key(fields: "code") { code: ID!  percent: Int! }
            type Bundle { name: String!  size: Int! }
            """)
            .Query("offers", _ => new object[] { coupons[0], Obj("Bundle", new { name = "Vinterpakke", size = 3 }), coupons[1] })
            .Query("best", _ => coupons[1])
            .Entity("Coupon", "code", coupons);
        yield return new Subgraph("promo", """
            type Query { deals: [Offer!]!  best: Coupon @shareable }
            union Offer = Coupon | Voucher
            type Coupon @key(fields: "code") { code: ID!  expires: String! }
            type Voucher { amount: Int!  shop: String! }
            """)
            .Query("deals", _ => new object[] { Obj("Voucher", new { amount = 200, shop = "Sport1" }), coupons[0] })
            .Query("best", _ => coupons[1])
            .Entity("Coupon", "code", coupons);
    }
}

[Trait("Category", "Compliance")]
public sealed class UnionMemberIntersectionTests(ComplianceFixture<UnionMemberIntersection> fixture, ITestOutputHelper output) : ComplianceTest<UnionMemberIntersection>(fixture, output)
{
    public static TheoryData<string> Cases => CasesOf("union-member-intersection");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case(string name) => RunCase(name);
}
