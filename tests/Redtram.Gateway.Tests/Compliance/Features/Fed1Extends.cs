using GraphQL;
using Redtram.Gateway.Tests.Compliance.Harness;
using Xunit.Abstractions;
using static Redtram.Gateway.Tests.Compliance.Harness.Data;

namespace Redtram.Gateway.Tests.Compliance.Features;

/// <summary>
/// A Federation 1 subgraph (no @link) that extends an entity with @extends and @external keys, beside a Federation 2 owner.
/// GraphQL.NET prints the type with @extends (it cannot print the "extend type" syntax).
/// </summary>
public sealed class Fed1Extends : Feature
{
    public override string Name => "fed1-extends";

    public override IEnumerable<Subgraph> Subgraphs()
    {
        Dictionary<string, object?>[] routes = [Obj("Route", new { code = "R1", from = "Oslo", to = "Bergen" }), Obj("Route", new { code = "R2", from = "Bodø", to = "Lofoten" })];
        yield return new Subgraph("routes", """
            type Query { routes: [Route!]! }
            type Route @key(fields: "code") { code: ID!  from: String!  to: String! }
            """)
            .Query("routes", _ => routes)
            .Entity("Route", "code", routes);
        yield return new Subgraph("timetable", """
            type Query { nextDeparture: Route }
            type Route @key(fields: "code") @extends { code: ID! @external  departsAt: String!  to: String! @external  banner: String @requires(fields: "to") }
            """) { FederationVersion = null }
            .Query("nextDeparture", _ => Obj("Route", new { code = "R2", departsAt = "07:15" }))
            .Entity("Route", rep => Merge(Obj("Route", new { departsAt = (string?)rep["code"] == "R1" ? "06:00" : "07:15" }), rep))
            .Field("Route", "banner", c => "To " + c.Get("to"));
    }
}

[Trait("Category", "Compliance")]
public sealed class Fed1ExtendsTests(ComplianceFixture<Fed1Extends> fixture, ITestOutputHelper output) : ComplianceTest<Fed1Extends>(fixture, output)
{
    public static TheoryData<string> Cases => CasesOf("fed1-extends");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case(string name) => RunCase(name);
}
