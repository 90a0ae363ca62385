using Redtram.Federation.Schema;

namespace Redtram.Federation.Tests.Schema;

public class SchemaBuilderTests
{
    [Fact]
    public void Merges_type_extensions_and_knows_possible_types()
    {
        var schema = SchemaBuilder.Build("""
            type Query { node: Node }
            interface Node { id: ID! }
            type User implements Node { id: ID! }
            extend type User { name: String }
            union Thing = User
            """);

        Assert.Equal(["id", "name"], schema.Type("User").FieldList.Select(f => f.Name));
        Assert.Equal(["User"], schema.PossibleTypes("Node"));
        Assert.Equal(["User"], schema.PossibleTypes("Thing"));
        Assert.True(schema.IsPossibleType("Node", "User"));
        Assert.Equal("Query", schema.QueryType);
        Assert.Null(schema.MutationType);
        Assert.NotNull(schema.GetType("__Schema"));
        Assert.Equal("[String!]!", TypeRef.Parse("[String!]!").ToString());
    }

    [Fact]
    public void Reports_a_missing_query_type()
    {
        var ex = Assert.Throws<SchemaException>(() => SchemaBuilder.Build("type Foo { a: Int }"));
        Assert.Contains(ex.Problems, p => p.Contains("'Query'", StringComparison.Ordinal));
    }
}
