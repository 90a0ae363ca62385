using Redtram.Federation.Composition;

namespace Redtram.Federation.Tests.Composition;

/// <summary>Shapes the reference composition accepts that ours wrongly rejected (or looped on), found by composing a public gateway-compatibility suite.</summary>
public class CompositionRegressionTests
{
    private const string Link = """extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires", "@provides", "@shareable", "@inaccessible"])""";

    private static CompositionResult Compose(params (string Name, string Sdl)[] subgraphs) =>
        Composer.Compose(subgraphs.Select(s => new SubgraphSource(s.Name, $"http://{s.Name}/graphql", Link + "\n" + s.Sdl)).ToList());

    private static void AssertComposes(CompositionResult r) =>
        Assert.True(r.Succeeded, string.Join("\n", r.Errors.Select(e => $"{e.Code} {e.Message}")));

    [Fact]
    public async Task A_type_that_provides_fields_of_itself_in_a_cycle_composes_and_terminates()
    {
        var task = Task.Run(() => Compose(
            ("shelf", """
                type Query { book: Book }
                type Book @key(fields: "id") { id: ID! cheaper: Book @provides(fields: "price") price: Float @external }
                """),
            ("pricing", """type Book @key(fields: "id") { id: ID! price: Float }""")));
        var done = await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(20)));
        Assert.True(done == task, "composition did not terminate");
        AssertComposes(await task);
    }

    [Fact]
    public void Requires_may_select_external_subfields_under_a_local_field()
    {
        AssertComposes(Compose(
            ("posts", """
                type Query { posts: [Post] }
                type Post @key(fields: "id") { id: ID! comments: [Comment] @shareable }
                type Comment @key(fields: "id") { id: ID! authorId: ID }
                """),
            ("stats", """
                type Post @key(fields: "id") { id: ID! comments: [Comment] @shareable commenters: Int @requires(fields: "comments { authorId }") }
                type Comment @key(fields: "id") { id: ID! authorId: ID @external }
                """)));
    }

    [Fact]
    public void External_on_a_type_makes_its_fields_external()
    {
        AssertComposes(Compose(
            ("catalog", """
                type Query { items: [Item] }
                type Item @key(fields: "sku") { sku: ID! group: Group }
                type Group { average(currency: String!): Int }
                """),
            ("rules", """
                type Item @key(fields: "sku") { sku: ID! group: Group @external premium: Boolean @requires(fields: "group { average(currency: \"USD\") }") }
                type Group @external { average(currency: String!): Int }
                """)));
    }

    [Fact]
    public void Fields_nested_in_a_key_are_shareable()
    {
        AssertComposes(Compose(
            ("a", """
                type Query { things: [Thing] }
                type Thing @key(fields: "ref { one two }") { ref: Ref! name: String }
                type Ref { one: ID! two: ID! }
                """),
            ("b", """
                type Thing @key(fields: "ref { one two }") { ref: Ref! size: Int }
                type Ref { one: ID! two: ID! }
                """)));
    }

    [Fact]
    public void An_inaccessible_enum_value_defined_in_only_some_subgraphs_composes()
    {
        AssertComposes(Compose(
            ("a", """
                type Query { users(kind: Kind): [User] }
                type User @key(fields: "id") { id: ID! kind: Kind }
                enum Kind { ADMIN REGULAR }
                """),
            ("b", """
                type Query { count(kind: Kind): Int }
                enum Kind { ADMIN REGULAR ANONYMOUS @inaccessible }
                """)));
    }

    [Fact]
    public void A_field_reached_through_a_parent_entity_where_its_type_is_a_value_composes()
    {
        AssertComposes(Compose(
            ("a", """
                type Query { products: [Product] }
                type Product @key(fields: "id") { id: ID! category: Category @shareable }
                type Category @key(fields: "id") { id: ID! name: String @shareable }
                """),
            ("c", """
                type Product @key(fields: "id") { id: ID! category: Category @shareable }
                type Category { details: String }
                """)));
    }
}
