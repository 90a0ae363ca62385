using GraphQL;
using Redtram.Gateway.Tests.Compliance.Harness;
using Xunit.Abstractions;
using static Redtram.Gateway.Tests.Compliance.Harness.Data;

namespace Redtram.Gateway.Tests.Compliance.Features;

/// <summary>@requires selecting a field with arguments and fragments on an abstract field.</summary>
public sealed class RequiresArgsFragments : Feature
{
    public override string Name => "requires-args-fragments";

    public override IEnumerable<Subgraph> Subgraphs()
    {
        yield return new Subgraph("rooms", """
            type Query { rooms: [Room!]! }
            type Room @key(fields: "id") { id: ID!  area(unit: AreaUnit = SQM): Float!  heater: Heater }
            enum AreaUnit { SQM SQFT }
            interface Heater { watts: Int! }
            type Radiator implements Heater @shareable { watts: Int!  fins: Int! }
            type Stove implements Heater @shareable { watts: Int!  fuel: String! }
            """)
            .Query("rooms", _ => new[]
            {
                Obj("Room", new { id = "r1", heater = Obj("Radiator", new { watts = 800, fins = 10 }) }),
                Obj("Room", new { id = "r2", heater = Obj("Stove", new { watts = 2000, fuel = "wood" }) }),
            })
            .Field("Room", "area", c => ((string)c.Get("id")! == "r1" ? 20.0 : 35.0) * (c.GetArgument<string>("unit") == "SQFT" ? 10.0 : 1.0))
            .Entity("Room", rep => Merge(Obj("Room", new { heater = (string?)rep["id"] == "r1" ? Obj("Radiator", new { watts = 800, fins = 10 }) : Obj("Stove", new { watts = 2000, fuel = "wood" }) }), rep));
        yield return new Subgraph("energy", """
            type Room @key(fields: "id") {
              id: ID!
              area(unit: AreaUnit = SQM): Float! @external
              heater: Heater @external
              paintLitres: Float! @requires(fields: "area(unit: SQFT)")
              heatingNote: String! @requires(fields: "heater { watts ... on Stove { fuel } ... on Radiator { fins } }")
            }
            enum AreaUnit { SQM SQFT }
            interface Heater { watts: Int! }
            type Radiator implements Heater @shareable { watts: Int!  fins: Int! }
            type Stove implements Heater @shareable { watts: Int!  fuel: String! }
            """)
            .Entity("Room", rep => Merge(Obj("Room"), rep))
            .Field("Room", "paintLitres", c => Convert.ToDouble(c.Get("area")) / 40.0)
            .Field("Room", "heatingNote", c =>
            {
                var h = (IDictionary<string, object?>)c.Get("heater")!;
                return h.TryGetValue("fuel", out var fuel) && fuel is not null ? $"{h["watts"]}W burning {fuel}" : $"{h["watts"]}W over {h["fins"]} fins";
            });
    }
}

[Trait("Category", "Compliance")]
public sealed class RequiresArgsFragmentsTests(ComplianceFixture<RequiresArgsFragments> fixture, ITestOutputHelper output) : ComplianceTest<RequiresArgsFragments>(fixture, output)
{
    public static TheoryData<string> Cases => CasesOf("requires-args-fragments");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case(string name) => RunCase(name);
}
