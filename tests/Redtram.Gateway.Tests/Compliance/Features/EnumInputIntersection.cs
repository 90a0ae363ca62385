using GraphQL;
using Redtram.Gateway.Tests.Compliance.Harness;
using Xunit.Abstractions;
using static Redtram.Gateway.Tests.Compliance.Harness.Data;

namespace Redtram.Gateway.Tests.Compliance.Features;

/// <summary>Enums and input objects defined differently in two subgraphs: the supergraph keeps the intersection.</summary>
public sealed class EnumInputIntersection : Feature
{
    public override string Name => "enum-input-intersection";

    public override IEnumerable<Subgraph> Subgraphs()
    {
        yield return new Subgraph("weather", """
            type Query { forecast(where: Place!): Forecast @shareable  sky: Sky  season(s: Season!): String @shareable }
            type Forecast @shareable { sky: Sky  celsius: Int }
            input Place { city: String!  country: String  altitude: Int }
            enum Sky { CLEAR CLOUDY STORM }
            enum Season { WINTER SUMMER SPRING }
            """)
            .Query("forecast", c => { var p = c.GetArgument<Dictionary<string, object?>>("where"); return Obj("Forecast", new { sky = "CLEAR", celsius = (string?)p["city"] == "Tromsø" ? -4 : 8 }); })
            .Query("sky", _ => "STORM")
            .Query("season", c => "weather:" + c.GetArgument<string>("s"));
        yield return new Subgraph("almanac", """
            type Query { forecast(where: Place!): Forecast @shareable  usualSky: Sky  season(s: Season!): String @shareable }
            type Forecast @shareable { sky: Sky  celsius: Int }
            input Place { city: String!  country: String  region: String }
            enum Sky { CLEAR CLOUDY FOG }
            enum Season { WINTER SUMMER AUTUMN }
            """)
            .Query("forecast", c => Obj("Forecast", new { sky = "CLEAR", celsius = 8 }))
            .Query("usualSky", _ => "FOG")
            .Query("season", c => "almanac:" + c.GetArgument<string>("s"));
    }
}

[Trait("Category", "Compliance")]
public sealed class EnumInputIntersectionTests(ComplianceFixture<EnumInputIntersection> fixture, ITestOutputHelper output) : ComplianceTest<EnumInputIntersection>(fixture, output)
{
    public static TheoryData<string> Cases => CasesOf("enum-input-intersection");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case(string name) => RunCase(name);
}
