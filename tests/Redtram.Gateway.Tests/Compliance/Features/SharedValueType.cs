using GraphQL;
using Redtram.Gateway.Tests.Compliance.Harness;
using Xunit.Abstractions;
using static Redtram.Gateway.Tests.Compliance.Harness.Data;

namespace Redtram.Gateway.Tests.Compliance.Features;

/// <summary>
/// A @shareable root field returning a non-entity object whose fields are split between the subgraphs (each one
/// must be asked for its part), and a shareable non-entity object nested under a shareable root field.
/// </summary>
public sealed class SharedValueType : Feature
{
    public override string Name => "shared-value-type";

    public override IEnumerable<Subgraph> Subgraphs()
    {
        yield return new Subgraph("weather", """
            type Query { forecast(city: String!): Forecast @shareable  station: Station @shareable }
            type Forecast @shareable { city: String!  tempC: Int  wind: Int }
            type Station @shareable { name: String!  location: Location! }
            type Location @shareable { lat: Float!  lon: Float! }
            """)
            .Query("forecast", c => Obj("Forecast", new { city = c.Arg<string>("city"), tempC = c.Arg<string>("city") == "Tromsø" ? -4 : 7, wind = 11 }))
            .Query("station", _ => Obj("Station", new { name = "Blindern", location = Obj("Location", new { lat = 59.94, lon = 10.72 }) }));
        yield return new Subgraph("air", """
            type Query { forecast(city: String!): Forecast @shareable  station: Station @shareable }
            type Forecast @shareable { city: String!  aqi: Int  pollen: String }
            type Station @shareable { name: String!  location: Location!  operator: String }
            type Location @shareable { lat: Float!  elevation: Int }
            """)
            .Query("forecast", c => Obj("Forecast", new { city = c.Arg<string>("city"), aqi = c.Arg<string>("city") == "Tromsø" ? 12 : 31, pollen = "birch" }))
            .Query("station", _ => Obj("Station", new { name = "Blindern", @operator = "NILU", location = Obj("Location", new { lat = 59.94, elevation = 94 }) }));
    }
}

[Trait("Category", "Compliance")]
public sealed class SharedValueTypeTests(ComplianceFixture<SharedValueType> fixture, ITestOutputHelper output) : ComplianceTest<SharedValueType>(fixture, output)
{
    public static TheoryData<string> Cases => CasesOf("shared-value-type");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case(string name) => RunCase(name);
}
