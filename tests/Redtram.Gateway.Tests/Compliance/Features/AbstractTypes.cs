using GraphQL;
using Redtram.Gateway.Tests.Compliance.Harness;
using Xunit.Abstractions;
using static Redtram.Gateway.Tests.Compliance.Harness.Data;

namespace Redtram.Gateway.Tests.Compliance.Features;

/// <summary>Interfaces and unions whose members live in different subgraphs; __typename and fragments on them.</summary>
public sealed class AbstractTypes : Feature
{
    public override string Name => "abstract-types";

    public override IEnumerable<Subgraph> Subgraphs()
    {
        var items = new[] { Obj("Book", new { id = "k1", title = "Ice Roads", pages = 320 }), Obj("Film", new { id = "f1", title = "Low Sun", minutes = 101 }) };
        yield return new Subgraph("library", """
            type Query { shelf: [Item!]!  lookup(id: ID!): Found }
            interface Item { id: ID!  title: String! }
            type Book implements Item @key(fields: "id") { id: ID!  title: String!  pages: Int! }
            type Film implements Item @key(fields: "id") { id: ID!  title: String!  minutes: Int! }
            union Found = Book | Film
            """)
            .Query("shelf", _ => items)
            .Query("lookup", c => items.FirstOrDefault(i => (string?)i["id"] == c.GetArgument<string>("id")))
            .Entity("Book", "id", items.Where(i => (string?)i["__typename"] == "Book"))
            .Entity("Film", "id", items.Where(i => (string?)i["__typename"] == "Film"));
        yield return new Subgraph("ratings", """
            type Book @key(fields: "id") { id: ID!  stars: Int! }
            type Film @key(fields: "id") { id: ID!  stars: Int!  ageLimit: Int }
            """)
            .Entity("Book", rep => Merge(Obj("Book", new { stars = 4 }), rep))
            .Entity("Film", rep => Merge(Obj("Film", new { stars = 3, ageLimit = 12 }), rep));
    }
}

[Trait("Category", "Compliance")]
public sealed class AbstractTypesTests(ComplianceFixture<AbstractTypes> fixture, ITestOutputHelper output) : ComplianceTest<AbstractTypes>(fixture, output)
{
    public static TheoryData<string> Cases => CasesOf("abstract-types");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case(string name) => RunCase(name);
}
