using static Redtram.Federation.Tests.Validation.ValidationTestSchema;

namespace Redtram.Federation.Tests.Validation;

/// <summary>Document- and operation-level rules (spec 5.1, 5.2, 5.5.1, 5.5.2).</summary>
public class DocumentRulesTests
{
    [Fact]
    public void Executable_definitions_valid() => AssertValid("query Foo { dog { name } } fragment Frag on Dog { name } { ...Frag }".Replace("{ ...Frag }", "query Bar { dog { ...Frag } }"));

    [Fact]
    public void Executable_definitions_rejects_type_and_schema_definitions()
    {
        var q = """
            query Foo { dog { name } }
            type Cow { name: String }
            extend type Dog { color: String }
            schema { query: Query }
            """;
        AssertError(q, "The \"Cow\" definition is not executable.", (2, 1));
        AssertError(q, "The \"Dog\" definition is not executable.", (3, 1));
        AssertError(q, "The schema definition is not executable.", (4, 1));
    }

    [Fact]
    public void Operation_names_unique_valid() => AssertValid("query A { dog { name } } query B { dog { name } } mutation C { setName(name: \"x\") { id } }");

    [Fact]
    public void Operation_names_unique_invalid()
    {
        var q = """
            query Foo { dog { name } }
            mutation Foo { setName(name: "a") { id } }
            """;
        AssertError(q, "There can be only one operation named \"Foo\".", (1, 7), (2, 10));
    }

    [Fact]
    public void Lone_anonymous_operation_valid() => AssertValid("{ dog { name } }");

    [Fact]
    public void Lone_anonymous_operation_invalid()
    {
        var q = """
            { dog { name } }
            query Named { dog { name } }
            """;
        AssertErrors(q, "This anonymous operation must be the only defined operation.");
        AssertError(q, "This anonymous operation must be the only defined operation.", (1, 1));
    }

    [Fact]
    public void Operation_type_must_exist_in_schema()
    {
        var schema = Redtram.Federation.Schema.SchemaBuilder.Build("type Query { a: Int }");
        var errors = Redtram.Federation.Validation.DocumentValidator.Validate(schema, GraphQLParser.Parser.Parse("mutation { a }"));
        Assert.Contains(errors, e => e.Message == "The mutation operation is not supported by the schema.");
    }

    [Theory]
    [InlineData("subscription S { newDog { name } }")]
    [InlineData("subscription S { ...F } fragment F on Subscription { newDog { name } }")]
    [InlineData("subscription S { newDog { name } newDog { id } }")]
    [InlineData("subscription S { ... on Subscription { petAdded { name } } }")]
    public void Subscription_single_root_field_valid(string q) => AssertValid(q);

    [Fact]
    public void Subscription_single_root_field_invalid()
    {
        AssertError("subscription S { newDog { name } petAdded { name } }", "Subscription \"S\" must select only one top level field.", (1, 34));
        AssertError("subscription { newDog { name } ...F } fragment F on Subscription { petAdded { name } }", "Anonymous Subscription must select only one top level field.", (1, 68));
        AssertError("subscription S { __typename }", "Subscription \"S\" must not select an introspection top level field.", (1, 18));
        AssertError(
            "subscription S($b: Boolean!) { newDog @include(if: $b) { name } }",
            "Subscription \"S\" must not use `@skip` or `@include` directives in the top level selection.",
            (1, 39));
    }

    [Fact]
    public void Fragment_names_unique_valid() => AssertValid("{ dog { ...A ...B } } fragment A on Dog { name } fragment B on Dog { id }");

    [Fact]
    public void Fragment_names_unique_invalid()
    {
        var q = """
            { dog { ...A } }
            fragment A on Dog { name }
            fragment A on Dog { id }
            """;
        AssertError(q, "There can be only one fragment named \"A\".", (2, 10), (3, 10));
    }

    [Fact]
    public void Fragment_spread_type_existence_valid() => AssertValid("{ dog { ...F ... on Dog { name } ... { id } } } fragment F on Dog { name }");

    [Fact]
    public void Fragment_spread_type_existence_invalid()
    {
        AssertError("{ dog { ...F } } fragment F on NotInSchema { name }", "Unknown type \"NotInSchema\".", (1, 32));
        AssertError("{ dog { ... on Dgo { name } } }", "Unknown type \"Dgo\". Did you mean \"Dog\"?", (1, 16));
    }

    [Fact]
    public void Fragments_on_composite_types_valid() => AssertValid("{ catOrDog { ...F ... on Pet { name } } } fragment F on CatOrDog { __typename }");

    [Fact]
    public void Fragments_on_composite_types_invalid()
    {
        AssertError("{ dog { ...F } } fragment F on Boolean { name }", "Fragment \"F\" cannot condition on non composite type \"Boolean\".", (1, 32));
        AssertError("{ dog { ... on ComplexInput { name } } }", "Fragment cannot condition on non composite type \"ComplexInput\".", (1, 16));
    }

    [Fact]
    public void Fragments_must_be_used_valid() => AssertValid("{ dog { ...A } } fragment A on Dog { ...B } fragment B on Dog { name }");

    [Fact]
    public void Fragments_must_be_used_invalid()
    {
        var q = """
            { dog { ...A } }
            fragment A on Dog { name }
            fragment Unused on Dog { name }
            """;
        AssertErrors(q, "Fragment \"Unused\" is never used.");
        AssertError(q, "Fragment \"Unused\" is never used.", (3, 1));
    }

    [Fact]
    public void Fragment_spread_target_defined_invalid() =>
        AssertError("{ dog { ...Missing } }", "Unknown fragment \"Missing\".", (1, 12));

    [Fact]
    public void Fragment_cycles_valid() => AssertValid("{ dog { ...A } } fragment A on Dog { ...B ...B } fragment B on Dog { name }");

    [Fact]
    public void Fragment_cycles_invalid()
    {
        AssertError("{ dog { ...A } } fragment A on Dog { ...A }", "Cannot spread fragment \"A\" within itself.", (1, 38));
        var q = """
            { dog { ...A } }
            fragment A on Dog { ...B }
            fragment B on Dog { ...C }
            fragment C on Dog { ...A }
            """;
        AssertError(q, "Cannot spread fragment \"A\" within itself via \"B\", \"C\".", (2, 21), (3, 21), (4, 21));
        Assert.Single(Validate(q), e => e.Message.StartsWith("Cannot spread", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{ dog { ...F } } fragment F on Dog { name }")]
    [InlineData("{ dog { ...F } } fragment F on Pet { name }")]
    [InlineData("{ pet { ...F } } fragment F on Dog { name }")]
    [InlineData("{ catOrDog { ...F } } fragment F on Pet { name }")]
    [InlineData("{ pet { ... on CatOrDog { __typename } } }")]
    [InlineData("{ node(id: 1) { ... on Pet { name } } }")]
    public void Fragment_spread_is_possible_valid(string q) => AssertValid(q);

    [Fact]
    public void Fragment_spread_is_possible_invalid()
    {
        AssertError("{ dog { ...F } } fragment F on Cat { meowVolume }", "Fragment \"F\" cannot be spread here as objects of type \"Dog\" can never be of type \"Cat\".", (1, 9));
        AssertError("{ dog { ... on Cat { meowVolume } } }", "Fragment cannot be spread here as objects of type \"Dog\" can never be of type \"Cat\".", (1, 9));
        AssertError("{ humanOrAlien { ... on Pet { name } } }", "Fragment cannot be spread here as objects of type \"HumanOrAlien\" can never be of type \"Pet\".", (1, 18));
        AssertError("{ pet { ...F } } fragment F on HumanOrAlien { __typename }", "Fragment \"F\" cannot be spread here as objects of type \"Pet\" can never be of type \"HumanOrAlien\".", (1, 9));
    }

    [Fact]
    public void Max_errors_stops_validation()
    {
        var q = "{ " + string.Join(" ", Enumerable.Range(0, 50).Select(i => $"f{i}")) + " }";
        Assert.Equal(50, Validate(q).Count);
        Assert.Equal(10, Validate(q, maxErrors: 10).Count);
    }

    [Fact]
    public void Errors_carry_validation_code_and_location()
    {
        var errors = Validate("{\n  dog {\n    unknown\n  }\n}");
        var e = Assert.Single(errors);
        Assert.Equal("Cannot query field \"unknown\" on type \"Dog\".", e.Message);
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", e.Code);
        Assert.Equal([new Redtram.Federation.Execution.ErrorLocation(3, 5)], e.Locations!);
    }
}
