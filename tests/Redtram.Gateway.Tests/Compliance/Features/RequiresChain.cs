using GraphQL;
using Redtram.Gateway.Tests.Compliance.Harness;
using Xunit.Abstractions;
using static Redtram.Gateway.Tests.Compliance.Harness.Data;

namespace Redtram.Gateway.Tests.Compliance.Features;

/// <summary>@requires chains: a field requires a field that itself requires a field of a third subgraph; circular hops.</summary>
public sealed class RequiresChain : Feature
{
    public override string Name => "requires-chain";

    public override IEnumerable<Subgraph> Subgraphs()
    {
        Dictionary<string, object?>[] trips = [Obj("Trip", new { id = "t1", km = 120 }), Obj("Trip", new { id = "t2", km = 45 })];
        yield return new Subgraph("trips", """
            type Query { trips: [Trip!]! }
            type Trip @key(fields: "id") { id: ID!  km: Int!  summary: String! @requires(fields: "costEuro")  costEuro: Int! @external }
            """)
            .Query("trips", _ => trips)
            .Entity("Trip", rep => Merge(trips.First(t => (string?)t["id"] == (string?)rep["id"]), rep))
            .Field("Trip", "summary", c => $"{c.Get("km")} km for {c.Get("costEuro")} EUR");
        yield return new Subgraph("fuel", """
            type Trip @key(fields: "id") { id: ID!  km: Int! @external  litres: Int! @requires(fields: "km") }
            """)
            .Entity("Trip", rep => Merge(Obj("Trip"), rep))
            .Field("Trip", "litres", c => Convert.ToInt32(c.Get("km")) / 15);
        yield return new Subgraph("pricing", """
            type Trip @key(fields: "id") { id: ID!  litres: Int! @external  costEuro: Int! @requires(fields: "litres") }
            """)
            .Entity("Trip", rep => Merge(Obj("Trip"), rep))
            .Field("Trip", "costEuro", c => Convert.ToInt32(c.Get("litres")) * 2);
    }
}

[Trait("Category", "Compliance")]
public sealed class RequiresChainTests(ComplianceFixture<RequiresChain> fixture, ITestOutputHelper output) : ComplianceTest<RequiresChain>(fixture, output)
{
    public static TheoryData<string> Cases => CasesOf("requires-chain");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case(string name) => RunCase(name);
}
