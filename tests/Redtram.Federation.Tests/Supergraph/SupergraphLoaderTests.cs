using Redtram.Federation.Supergraph;

namespace Redtram.Federation.Tests.SupergraphLoading;

public class SupergraphLoaderTests
{
    [Fact]
    public void Reports_every_problem_of_a_bad_supergraph_at_once()
    {
        var ex = Assert.Throws<SupergraphException>(() => SupergraphLoader.Load("""
            schema @link(url: "https://specs.apollo.dev/link/v1.0") @link(url: "https://specs.apollo.dev/join/v0.3", for: EXECUTION) { query: Query }
            enum join__Graph { A @join__graph(name: "a", url: "http://a") B }
            type Query @join__type(graph: A) @join__type(graph: C) { x: Int @join__field(graph: D) }
            """));
        Assert.Contains(ex.Problems, p => p.Contains("'B' has no @join__graph", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.Contains("names the graph 'C'", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.Contains("names the graph 'D'", StringComparison.Ordinal));
        Assert.Equal(3, ex.Problems.Count);
    }

    [Fact]
    public void Refuses_a_schema_that_is_not_a_supergraph_and_invalid_syntax()
    {
        var notComposed = Assert.Throws<SupergraphException>(() => SupergraphLoader.Load("type Query { a: Int }"));
        Assert.Contains(notComposed.Problems, p => p.Contains("join specification", StringComparison.Ordinal));

        var syntax = Assert.Throws<SupergraphException>(() => SupergraphLoader.Load("type Query {"));
        Assert.StartsWith("The supergraph is not valid GraphQL", Assert.Single(syntax.Problems), StringComparison.Ordinal);

        var version = Assert.Throws<SupergraphException>(() => SupergraphLoader.Load("""
            schema @link(url: "https://specs.apollo.dev/join/v0.9") { query: Query }
            enum join__Graph { A @join__graph(name: "a", url: "http://a") }
            type Query { a: Int }
            """));
        Assert.Contains(version.Problems, p => p.Contains("join v0.9", StringComparison.Ordinal));
    }

    [Fact]
    public void The_api_schema_hides_inaccessible_elements_and_join_types()
    {
        var sg = SupergraphLoader.Load("""
            schema @link(url: "https://specs.apollo.dev/link/v1.0") @link(url: "https://specs.apollo.dev/join/v0.3", for: EXECUTION) @link(url: "https://specs.apollo.dev/inaccessible/v0.2", for: SECURITY) { query: Query }
            directive @inaccessible on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION
            directive @join__graph(name: String!, url: String!) on ENUM_VALUE
            directive @join__type(graph: join__Graph!, key: join__FieldSet, extension: Boolean! = false, resolvable: Boolean! = true, isInterfaceObject: Boolean! = false) repeatable on OBJECT | INTERFACE | UNION | ENUM | INPUT_OBJECT | SCALAR
            scalar join__FieldSet
            enum join__Graph { A @join__graph(name: "a", url: "http://a") }
            enum Level @join__type(graph: A) { LOW HIGH SECRET @inaccessible }
            type Secret @join__type(graph: A) @inaccessible { code: String }
            type Query @join__type(graph: A) { a(level: Level, internal: Int @inaccessible): Int hidden: String @inaccessible }
            """);
        Assert.Null(sg.ApiSchema.GetType("Secret"));
        Assert.Null(sg.ApiSchema.GetType("join__Graph"));
        Assert.Equal(["LOW", "HIGH"], sg.ApiSchema.Type("Level").EnumValues.Select(v => v.Name));
        Assert.Equal(["a"], sg.ApiSchema.Type("Query").FieldList.Select(f => f.Name));
        Assert.Equal(["level"], sg.ApiSchema.Type("Query").GetField("a")!.Arguments.Select(a => a.Name));
        Assert.NotNull(sg.Schema.GetType("Secret"));
    }
}
