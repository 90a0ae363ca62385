using GraphQL;
using Redtram.Gateway.Tests.Compliance.Harness;
using Xunit.Abstractions;
using static Redtram.Gateway.Tests.Compliance.Harness.Data;

namespace Redtram.Gateway.Tests.Compliance.Features;

/// <summary>
/// @interfaceObject subgraphs serving a root list and references: __typename and fragments on concrete types must be
/// resolved by the subgraph that owns the interface; one @interfaceObject has a non-resolvable key.
/// </summary>
public sealed class InterfaceObjectTypes : Feature
{
    public override string Name => "interface-object-types";

    public override IEnumerable<Subgraph> Subgraphs()
    {
        Dictionary<string, object?>[] books =
        [
            Obj("Novel", new { id = "bk1", title = "Sult", genre = "modernism" }),
            Obj("Atlas", new { id = "bk2", title = "Norgesatlas", region = "Norden" }),
            Obj("Novel", new { id = "bk3", title = "Markens grøde", genre = "realism" }),
        ];
        yield return new Subgraph("library", """
            interface Book @key(fields: "id") { id: ID!  title: String! }
            type Novel implements Book @key(fields: "id") { id: ID!  title: String!  genre: String! }
            type Atlas implements Book @key(fields: "id") { id: ID!  title: String!  region: String! }
            """)
            .Entity("Book", "id", books)
            .Entity("Novel", "id", books)
            .Entity("Atlas", "id", books);
        yield return new Subgraph("loans", """
            type Query { loaned: [Book!]!  book(id: ID!): Book }
            type Book @key(fields: "id") @interfaceObject { id: ID!  loans: Int! }
            """) { Imports = ["@interfaceObject"] }
            .Query("loaned", _ => new[] { Obj("Book", new { id = "bk3", loans = 41 }), Obj("Book", new { id = "bk2", loans = 7 }) })
            .Query("book", c => Obj("Book", new { id = c.Arg<string>("id"), loans = 3 }))
            .Entity("Book", rep => Merge(Obj("Book", new { loans = (string?)rep["id"] == "bk1" ? 3 : (string?)rep["id"] == "bk2" ? 7 : 41 }), rep));
        yield return new Subgraph("reviews", """
            type Query { reviews: [Review!]! }
            type Review { stars: Int!  book: Book! }
            type Book @key(fields: "id", resolvable: false) @interfaceObject { id: ID! }
            """) { Imports = ["@interfaceObject"] }
            .Query("reviews", _ => new[]
            {
                Obj("Review", new { stars = 5, book = Obj("Book", new { id = "bk1" }) }),
                Obj("Review", new { stars = 3, book = Obj("Book", new { id = "bk2" }) }),
            });
    }
}

[Trait("Category", "Compliance")]
public sealed class InterfaceObjectTypesTests(ComplianceFixture<InterfaceObjectTypes> fixture, ITestOutputHelper output) : ComplianceTest<InterfaceObjectTypes>(fixture, output)
{
    public static TheoryData<string> Cases => CasesOf("interface-object-types");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case(string name) => RunCase(name);
}
