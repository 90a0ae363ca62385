using GraphQL;
using Redtram.Gateway.Tests.Compliance.Harness;
using Xunit.Abstractions;
using static Redtram.Gateway.Tests.Compliance.Harness.Data;

namespace Redtram.Gateway.Tests.Compliance.Features;

/// <summary>@inaccessible fields, types, enum values and arguments: hidden from clients, still used internally.</summary>
public sealed class Inaccessible : Feature
{
    public override string Name => "inaccessible";

    public override IEnumerable<Subgraph> Subgraphs()
    {
        Dictionary<string, object?>[] plants =
        [
            Obj("Plant", new { id = "pl1", name = "Fern", internalCode = "F-77", light = "SHADE" }),
            Obj("Plant", new { id = "pl2", name = "Cactus", internalCode = "C-12", light = "SUN" }),
        ];
        yield return new Subgraph("garden", """
            type Query { plants(filter: LightLevel, secret: String @inaccessible): [Plant!]!  audit: Audit @inaccessible }
            type Plant @key(fields: "id") { id: ID!  name: String!  internalCode: String! @inaccessible  light: LightLevel }
            enum LightLevel { SUN SHADE LAB @inaccessible }
            type Audit @inaccessible { by: String }
            """)
            .Query("plants", c => plants.Where(p => c.GetArgument<string?>("filter") is not { } f || (string?)p["light"] == f).ToList())
            .Entity("Plant", "id", plants);
        yield return new Subgraph("care", """
            type Plant @key(fields: "id") { id: ID!  internalCode: String! @external  wateringDays: Int @requires(fields: "internalCode") }
            """)
            .Entity("Plant", rep => Merge(Obj("Plant"), rep))
            .Field("Plant", "wateringDays", c => ((string)c.Get("internalCode")!).StartsWith('F') ? 3 : 21);
    }
}

[Trait("Category", "Compliance")]
public sealed class InaccessibleTests(ComplianceFixture<Inaccessible> fixture, ITestOutputHelper output) : ComplianceTest<Inaccessible>(fixture, output)
{
    public static TheoryData<string> Cases => CasesOf("inaccessible");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case(string name) => RunCase(name);
}
