using GraphQL;
using Redtram.Gateway.Tests.Compliance.Harness;
using Xunit.Abstractions;
using static Redtram.Gateway.Tests.Compliance.Harness.Data;

namespace Redtram.Gateway.Tests.Compliance.Features;

/// <summary>@requires of several fields, and @provides on a root field returning entities.</summary>
public sealed class RequiresProvides : Feature
{
    public override string Name => "requires-provides";

    public override IEnumerable<Subgraph> Subgraphs()
    {
        Dictionary<string, object?>[] parcels =
        [
            Obj("Parcel", new { id = "p1", weightGrams = 1200, sizeClass = "S" }),
            Obj("Parcel", new { id = "p2", weightGrams = 5400, sizeClass = "L" }),
        ];
        yield return new Subgraph("parcels", """
            type Query { parcels: [Parcel!]! }
            type Parcel @key(fields: "id") { id: ID!  weightGrams: Int!  sizeClass: String! }
            """)
            .Query("parcels", _ => parcels)
            .Entity("Parcel", "id", parcels);
        yield return new Subgraph("shipping", """
            type Parcel @key(fields: "id") {
              id: ID!
              weightGrams: Int! @external
              sizeClass: String! @external
              postage: Int! @requires(fields: "weightGrams sizeClass")
              carrier: Carrier
            }
            type Carrier @key(fields: "id") { id: ID!  name: String! @shareable }
            """)
            .Entity("Parcel", rep => Merge(Obj("Parcel", new { carrier = Obj("Carrier", new { id = "c1", name = "Polar Post" }) }), rep))
            .Field("Parcel", "postage", c => Convert.ToInt32(c.Get("weightGrams")) / 100 + ((string?)c.Get("sizeClass") == "L" ? 20 : 5))
            .Entity("Carrier", rep => Merge(Obj("Carrier", new { name = "Polar Post" }), rep));
        Dictionary<string, object?>[] carriers = [Obj("Carrier", new { id = "c1", name = "Polar Post" }), Obj("Carrier", new { id = "c2", name = "Fjell Freight" })];
        yield return new Subgraph("carriers", """
            type Query { cheapestCarrier: Carrier @provides(fields: "name")  carriers: [Carrier!]! }
            type Carrier @key(fields: "id") { id: ID!  name: String! @external  phone: String }
            """)
            .Query("cheapestCarrier", _ => Obj("Carrier", new { id = "c2", name = "Fjell Freight", phone = "+47 100" }))
            .Query("carriers", _ => carriers.Select(c => Obj("Carrier", new { id = c["id"], phone = "+47 200" })).ToList())
            .Entity("Carrier", rep => Merge(Obj("Carrier", new { phone = "+47 300" }), rep));
    }
}

[Trait("Category", "Compliance")]
public sealed class RequiresProvidesTests(ComplianceFixture<RequiresProvides> fixture, ITestOutputHelper output) : ComplianceTest<RequiresProvides>(fixture, output)
{
    public static TheoryData<string> Cases => CasesOf("requires-provides");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case(string name) => RunCase(name);
}
