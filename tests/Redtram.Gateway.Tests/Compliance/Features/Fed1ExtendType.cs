using GraphQL;
using Redtram.Gateway.Tests.Compliance.Harness;
using Xunit.Abstractions;
using static Redtram.Gateway.Tests.Compliance.Harness.Data;

namespace Redtram.Gateway.Tests.Compliance.Features;

/// <summary>
/// A Federation 1 subgraph written with the "extend type" syntax (extend type Query, extend type Device @key with
/// @external key and @requires) beside a Federation 2 owner, plus a value type shared without @shareable.
/// GraphQL.NET 8.8.5 prints a type defined only by an extension as "extend type", so the served SDL is its own.
/// </summary>
public sealed class Fed1ExtendType : Feature
{
    public override string Name => "fed1-extend-type";

    public override IEnumerable<Subgraph> Subgraphs()
    {
        Dictionary<string, object?>[] devices =
        [
            Obj("Device", new { serial = "dv1", model = "Sensor A", firmware = "1.4.2", place = Obj("Place", new { city = "Trondheim" }) }),
            Obj("Device", new { serial = "dv2", model = "Sensor B", firmware = "2.0.0", place = Obj("Place", new { city = "Alta" }) }),
        ];
        yield return new Subgraph("devices", """
            type Query { devices: [Device!]!  device(serial: ID!): Device }
            type Device @key(fields: "serial") { serial: ID!  model: String!  firmware: String!  place: Place! }
            type Place @shareable { city: String! }
            """)
            .Query("devices", _ => devices)
            .Query("device", c => devices.FirstOrDefault(d => (string?)d["serial"] == c.Arg<string>("serial")))
            .Entity("Device", "serial", devices);
        yield return new Subgraph("telemetry", """
            extend type Query { topDevice: Device }
            extend type Device @key(fields: "serial") {
              serial: ID! @external
              firmware: String! @external
              battery: Int
              status: String @requires(fields: "firmware")
              lastSeen: Place
            }
            type Place { city: String! }
            """) { FederationVersion = null }
            .Query("topDevice", _ => Obj("Device", new { serial = "dv2", battery = 12, lastSeen = Obj("Place", new { city = "Hammerfest" }) }))
            .Entity("Device", rep => Merge(Obj("Device", new
            {
                battery = (string?)rep["serial"] == "dv1" ? 88 : 12,
                lastSeen = Obj("Place", new { city = (string?)rep["serial"] == "dv1" ? "Trondheim" : "Hammerfest" }),
            }), rep))
            .Field("Device", "status", c => ((string?)c.Get("firmware"))?.StartsWith("2.") == true ? "current" : "outdated");
    }
}

[Trait("Category", "Compliance")]
public sealed class Fed1ExtendTypeTests(ComplianceFixture<Fed1ExtendType> fixture, ITestOutputHelper output) : ComplianceTest<Fed1ExtendType>(fixture, output)
{
    public static TheoryData<string> Cases => CasesOf("fed1-extend-type");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case(string name) => RunCase(name);
}
