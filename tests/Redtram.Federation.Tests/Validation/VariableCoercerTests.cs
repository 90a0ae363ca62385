using System.Text.Json.Nodes;
using GraphQLParser;
using GraphQLParser.AST;
using Redtram.Federation.Execution;
using Redtram.Federation.Validation;

namespace Redtram.Federation.Tests.Validation;

public class VariableCoercerTests
{
    private static (JsonObject? Result, List<GraphQLError> Errors) Coerce(string query, string? variablesJson)
    {
        var doc = Parser.Parse(query);
        var op = doc.Definitions.OfType<GraphQLOperationDefinition>().First();
        var variables = variablesJson is null ? null : JsonNode.Parse(variablesJson)!.AsObject();
        var errors = new List<GraphQLError>();
        var result = VariableCoercer.Coerce(ValidationTestSchema.Schema, op, variables, errors);
        return (result, errors);
    }

    private static JsonObject Ok(string query, string? variablesJson)
    {
        var (result, errors) = Coerce(query, variablesJson);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => e.Message)));
        return Assert.IsType<JsonObject>(result);
    }

    private static void Fails(string query, string? variablesJson, params string[] messages)
    {
        var (result, errors) = Coerce(query, variablesJson);
        Assert.Null(result);
        Assert.Equal(messages, errors.Select(e => e.Message));
        Assert.All(errors, e => Assert.Equal(ErrorCodes.BadUserInput, e.Code));
    }

    [Fact]
    public void Scalars_are_coerced()
    {
        var r = Ok(
            "query($i: Int, $f: Float, $s: String, $b: Boolean, $id: ID, $id2: ID, $j: JSON, $whole: Int) { dog { name } }",
            """{"i": 5, "f": 2, "s": "x", "b": true, "id": 7, "id2": "abc", "j": {"any": [1, "two"]}, "whole": 3.0}""");
        Assert.Equal("""{"i":5,"f":2,"s":"x","b":true,"id":"7","id2":"abc","j":{"any":[1,"two"]},"whole":3}""", r.ToJsonString());
    }

    [Fact]
    public void Only_defined_variables_are_returned_and_absent_ones_stay_absent()
    {
        var r = Ok("query($a: Int, $b: String) { dog { name } }", """{"a": 1, "other": 2}""");
        Assert.Equal("""{"a":1}""", r.ToJsonString());
        Assert.Equal("{}", Ok("{ dog { name } }", null).ToJsonString());
        Assert.Equal("""{"a":null}""", Ok("query($a: Int) { dog { name } }", """{"a": null}""").ToJsonString());
    }

    [Fact]
    public void Default_values_apply()
    {
        var r = Ok("query($a: Int = 3, $c: Color = GREEN, $l: [Int] = 1, $p: Point = {y: 2}) { dog { name } }", "{}");
        Assert.Equal("""{"a":3,"c":"GREEN","l":[1],"p":{"y":2,"x":0,"label":"origin"}}""", r.ToJsonString());
        Assert.Equal("""{"a":null}""", Ok("query($a: Int = 3) { dog { name } }", """{"a": null}""").ToJsonString());
    }

    [Fact]
    public void Missing_required_and_null_for_non_null()
    {
        Fails("query($id: ID!) { dog { name } }", null, "Variable \"$id\" of required type \"ID!\" was not provided.");
        Fails("query($id: ID!) { dog { name } }", """{"id": null}""", "Variable \"$id\" of non-null type \"ID!\" must not be null.");
    }

    [Fact]
    public void Wrong_scalars()
    {
        Fails("query($n: Int) { dog { name } }", """{"n": "abc"}""", "Variable \"$n\" got invalid value \"abc\"; Int cannot represent non-integer value: \"abc\"");
        Fails("query($n: Int) { dog { name } }", """{"n": 1.5}""", "Variable \"$n\" got invalid value 1.5; Int cannot represent non-integer value: 1.5");
        Fails("query($n: Int) { dog { name } }", """{"n": 2147483648}""", "Variable \"$n\" got invalid value 2147483648; Int cannot represent non 32-bit signed integer value: 2147483648");
        Fails("query($f: Float) { dog { name } }", """{"f": "1"}""", "Variable \"$f\" got invalid value \"1\"; Float cannot represent non numeric value: \"1\"");
        Fails("query($s: String) { dog { name } }", """{"s": 1}""", "Variable \"$s\" got invalid value 1; String cannot represent a non string value: 1");
        Fails("query($b: Boolean) { dog { name } }", """{"b": "true"}""", "Variable \"$b\" got invalid value \"true\"; Boolean cannot represent a non boolean value: \"true\"");
        Fails("query($id: ID) { dog { name } }", """{"id": true}""", "Variable \"$id\" got invalid value true; ID cannot represent value: true");
    }

    [Fact]
    public void Enums()
    {
        Assert.Equal("""{"c":"RED"}""", Ok("query($c: Color) { dog { name } }", """{"c": "RED"}""").ToJsonString());
        Fails("query($c: Color) { dog { name } }", """{"c": "PURPLE"}""", "Variable \"$c\" got invalid value \"PURPLE\"; Value \"PURPLE\" does not exist in \"Color\" enum.");
        Fails("query($c: Color) { dog { name } }", """{"c": "red"}""", "Variable \"$c\" got invalid value \"red\"; Value \"red\" does not exist in \"Color\" enum. Did you mean \"RED\"?");
        Fails("query($c: Color) { dog { name } }", """{"c": 1}""", "Variable \"$c\" got invalid value 1; Enum \"Color\" cannot represent non-string value: 1.");
    }

    [Fact]
    public void Input_objects_with_nested_defaults()
    {
        var r = Ok("query($in: ComplexInput) { dog { name } }", """{"in": {"requiredField": true, "nested": {"requiredField": false, "color": "BLUE"}}}""");
        Assert.Equal("""{"in":{"requiredField":true,"nonNullField":false,"nested":{"requiredField":false,"nonNullField":false,"color":"BLUE"}}}""", r.ToJsonString());
    }

    [Fact]
    public void Input_object_errors()
    {
        Fails(
            "query($in: ComplexInput) { dog { name } }",
            """{"in": {"requiredField": true, "unknown": 1}}""",
            "Variable \"$in\" got invalid value { requiredField: true, unknown: 1 }; Field \"unknown\" is not defined by type \"ComplexInput\".");
        Fails(
            "query($in: ComplexInput) { dog { name } }",
            """{"in": {"nested": {"requiredField": "no"}, "requiredField": true}}""",
            "Variable \"$in\" got invalid value \"no\" at \"in.nested.requiredField\"; Boolean cannot represent a non boolean value: \"no\"");
        Fails(
            "query($in: ComplexInput) { dog { name } }",
            """{"in": {}}""",
            "Variable \"$in\" got invalid value {}; Field \"requiredField\" of required type \"Boolean!\" was not provided.");
        Fails("query($in: ComplexInput) { dog { name } }", """{"in": 5}""", "Variable \"$in\" got invalid value 5; Expected type \"ComplexInput\" to be an object.");
    }

    [Fact]
    public void OneOf_input_objects()
    {
        Assert.Equal("""{"f":{"id":"1"}}""", Ok("query($f: Filter!) { search(filter: $f) { id } }", """{"f": {"id": 1}}""").ToJsonString());
        Fails(
            "query($f: Filter!) { search(filter: $f) { id } }",
            """{"f": {"id": 1, "name": "x"}}""",
            "Variable \"$f\" got invalid value { id: 1, name: \"x\" }; Exactly one key must be specified for OneOf type \"Filter\".");
        Fails(
            "query($f: Filter!) { search(filter: $f) { id } }",
            """{"f": {"id": null}}""",
            "Variable \"$f\" got invalid value null at \"f.id\"; Field \"id\" must be non-null.");
    }

    [Fact]
    public void Lists_wrap_single_values_and_check_items()
    {
        Assert.Equal("""{"ids":["5"]}""", Ok("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", """{"ids": 5}""").ToJsonString());
        Assert.Equal("""{"ids":["1","2"]}""", Ok("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", """{"ids": [1, "2"]}""").ToJsonString());
        Fails(
            "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
            """{"ids": [1, null]}""",
            "Variable \"$ids\" got invalid value null at \"ids[1]\"; Expected non-nullable type \"ID!\" not to be null.");
        Assert.Equal("""{"m":[[1],[2,3]]}""", Ok("query($m: [[Int]]) { dog { name } }", """{"m": [1, [2, 3]]}""").ToJsonString());
    }

    [Fact]
    public void Non_input_variable_type_is_an_error()
    {
        Fails("query($d: Dog) { dog { name } }", """{"d": {}}""", "Variable \"$d\" expected value of type \"Dog\" which cannot be used as an input type.");
    }

    [Fact]
    public void Values_built_in_code_are_accepted()
    {
        var doc = Parser.Parse("query($i: Int, $f: Float, $id: ID) { dog { name } }");
        var op = (GraphQLOperationDefinition)doc.Definitions[0];
        var errors = new List<GraphQLError>();
        var vars = new JsonObject { ["i"] = 4L, ["f"] = 1.5m, ["id"] = 12 };
        var result = VariableCoercer.Coerce(ValidationTestSchema.Schema, op, vars, errors);
        Assert.Empty(errors);
        Assert.Equal("""{"i":4,"f":1.5,"id":"12"}""", result!.ToJsonString());
    }

    [Fact]
    public void String_values_backed_by_other_clr_types_are_read()
    {
        var doc = Parser.Parse("query($s: String, $id: ID) { dog { name } }");
        var op = (GraphQLOperationDefinition)doc.Definitions[0];
        var errors = new List<GraphQLError>();
        var guid = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        var vars = new JsonObject { ["s"] = JsonValue.Create(guid), ["id"] = JsonValue.Create('x') };
        var result = VariableCoercer.Coerce(ValidationTestSchema.Schema, op, vars, errors);
        Assert.Empty(errors);
        Assert.Equal("""{"s":"0f8fad5b-d9cb-469f-a165-70867728950e","id":"x"}""", result!.ToJsonString());
    }
}
