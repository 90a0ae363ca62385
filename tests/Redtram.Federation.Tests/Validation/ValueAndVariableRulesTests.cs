using static Redtram.Federation.Tests.Validation.ValidationTestSchema;

namespace Redtram.Federation.Tests.Validation;

/// <summary>Values (spec 5.6), directives (5.7) and variables (5.8).</summary>
public class ValueAndVariableRulesTests
{
    [Theory]
    [InlineData("{ complicatedArgs { intArgField(intArg: 2147483647) } }")]
    [InlineData("{ complicatedArgs { intArgField(intArg: -2147483648) } }")]
    [InlineData("{ complicatedArgs { floatArgField(floatArg: 1) } }")]
    [InlineData("{ complicatedArgs { floatArgField(floatArg: 1.5e3) } }")]
    [InlineData("{ complicatedArgs { idArgField(idArg: 1) } }")]
    [InlineData("{ complicatedArgs { idArgField(idArg: \"abc\") } }")]
    [InlineData("{ complicatedArgs { stringArgField(stringArg: \"\"\"block\"\"\") } }")]
    [InlineData("{ complicatedArgs { booleanArgField(booleanArg: false) } }")]
    [InlineData("{ complicatedArgs { enumArgField(enumArg: GREEN) } }")]
    [InlineData("{ complicatedArgs { intArgField(intArg: null) } }")]
    [InlineData("{ complicatedArgs { stringListArgField(stringListArg: [\"a\", null, \"b\"]) } }")]
    [InlineData("{ complicatedArgs { stringListArgField(stringListArg: \"single\") } }")]
    [InlineData("{ complicatedArgs { stringListNonNullArgField(stringListNonNullArg: null) } }")]
    [InlineData("{ complicatedArgs { jsonArg(j: {any: [1, \"x\", {deep: true}], thing: ENUMISH}) } }")]
    [InlineData("{ json(value: 12) }")]
    [InlineData("{ complicatedArgs { complexArgField(complexArg: {requiredField: true, nested: {requiredField: false, color: RED}, stringListField: \"x\"}) } }")]
    [InlineData("{ complicatedArgs { pointArg(p: {y: 1}) } }")]
    [InlineData("{ complicatedArgs { filterArg(f: {id: 1}) } }")]
    [InlineData("{ search(filter: {name: \"x\"}) { id } }")]
    public void Values_of_correct_type_valid(string q) => AssertValid(q);

    [Fact]
    public void Values_of_correct_type_scalars()
    {
        AssertError("{ complicatedArgs { intArgField(intArg: \"3\") } }", "Int cannot represent non-integer value: \"3\"", (1, 41));
        AssertError("{ complicatedArgs { intArgField(intArg: 3.5) } }", "Int cannot represent non-integer value: 3.5");
        AssertError("{ complicatedArgs { intArgField(intArg: 2147483648) } }", "Int cannot represent non 32-bit signed integer value: 2147483648", (1, 41));
        AssertError("{ complicatedArgs { intArgField(intArg: [1]) } }", "Int cannot represent non-integer value: [1]");
        AssertError("{ complicatedArgs { floatArgField(floatArg: true) } }", "Float cannot represent non numeric value: true");
        AssertError("{ complicatedArgs { stringArgField(stringArg: 1) } }", "String cannot represent a non string value: 1");
        AssertError("{ complicatedArgs { stringArgField(stringArg: RED) } }", "String cannot represent a non string value: RED");
        AssertError("{ complicatedArgs { booleanArgField(booleanArg: \"true\") } }", "Boolean cannot represent a non boolean value: \"true\"");
        AssertError("{ complicatedArgs { idArgField(idArg: 1.0) } }", "ID cannot represent a non-string and non-integer value: 1.0");
    }

    [Fact]
    public void Values_of_correct_type_enums_lists_and_objects()
    {
        AssertError("{ complicatedArgs { enumArgField(enumArg: PURPLE) } }", "Value \"PURPLE\" does not exist in \"Color\" enum.", (1, 43));
        AssertError("{ complicatedArgs { enumArgField(enumArg: red) } }", "Value \"red\" does not exist in \"Color\" enum. Did you mean \"RED\"?");
        AssertError("{ complicatedArgs { enumArgField(enumArg: \"RED\") } }", "Enum \"Color\" cannot represent non-enum value: \"RED\". Did you mean \"RED\" or \"GREEN\"?");
        AssertError("{ complicatedArgs { stringListArgField(stringListArg: [\"a\", 2]) } }", "String cannot represent a non string value: 2", (1, 61));
        AssertError("{ complicatedArgs { stringListNonNullArgField(stringListNonNullArg: [\"a\", null]) } }", "Expected value of type \"String!\", found null.");
        AssertError("{ complicatedArgs { complexArgField(complexArg: 1) } }", "Expected value of type \"ComplexInput\", found 1.", (1, 49));
    }

    [Fact]
    public void Input_object_field_names_uniqueness_and_required_fields()
    {
        AssertError(
            "{ complicatedArgs { complexArgField(complexArg: {requiredField: true, unknownField: 1}) } }",
            "Field \"unknownField\" is not defined by type \"ComplexInput\".",
            (1, 71));
        AssertError(
            "{ complicatedArgs { complexArgField(complexArg: {requiredField: true, intFeld: 1}) } }",
            "Field \"intFeld\" is not defined by type \"ComplexInput\". Did you mean \"intField\"?");
        AssertError(
            "{ complicatedArgs { complexArgField(complexArg: {requiredField: true, requiredField: false}) } }",
            "There can be only one input field named \"requiredField\".",
            (1, 50),
            (1, 71));
        AssertError(
            "{ complicatedArgs { complexArgField(complexArg: {intField: 4}) } }",
            "Field \"ComplexInput.requiredField\" of required type \"Boolean!\" was not provided.",
            (1, 49));
        AssertError(
            "{ complicatedArgs { complexArgField(complexArg: {requiredField: true, nested: {}}) } }",
            "Field \"ComplexInput.requiredField\" of required type \"Boolean!\" was not provided.",
            (1, 79));
    }

    [Fact]
    public void OneOf_input_objects()
    {
        AssertError("{ search(filter: {id: 1, name: \"x\"}) { id } }", "OneOf Input Object \"Filter\" must specify exactly one key.", (1, 18));
        AssertError("{ search(filter: {}) { id } }", "OneOf Input Object \"Filter\" must specify exactly one key.");
        AssertError("{ search(filter: {id: null}) { id } }", "Field \"Filter.id\" must be non-null.", (1, 18));
        AssertValid("query($id: ID!) { search(filter: {id: $id}) { id } }");
        AssertError("query($id: ID) { search(filter: {id: $id}) { id } }", "Variable \"$id\" must be non-nullable to be used for OneOf Input Object \"Filter\".", (1, 38));
    }

    [Theory]
    [InlineData("query @onQuery { dog { name @onField @rep @rep(n: 2) } }")]
    [InlineData("query($v: Int @onVar) { complicatedArgs { intArgField(intArg: $v) } }")]
    [InlineData("{ dog { ...F @withReq(req: \"x\") } } fragment F on Dog { name }")]
    public void Directives_valid(string q) => AssertValid(q);

    [Fact]
    public void Directives_defined_located_and_unique()
    {
        AssertError("{ dog { name @unknown } }", "Unknown directive \"@unknown\".", (1, 14));
        AssertError("query @onField { dog { name } }", "Directive \"@onField\" may not be used on QUERY.", (1, 7));
        AssertError("{ dog { name @onQuery } }", "Directive \"@onQuery\" may not be used on FIELD.", (1, 14));
        AssertError("{ dog { ... @withReq(req: \"x\") { name } } }", "Directive \"@withReq\" may not be used on INLINE_FRAGMENT.", (1, 13));
        AssertError("query($v: Int @onField) { complicatedArgs { intArgField(intArg: $v) } }", "Directive \"@onField\" may not be used on VARIABLE_DEFINITION.", (1, 15));
        AssertError("{ dog { name @onField @onField } }", "The directive \"@onField\" can only be used once at this location.", (1, 14), (1, 23));
        AssertError("{ dog { name @skip(if: 1) } }", "Boolean cannot represent a non boolean value: 1", (1, 24));
    }

    [Fact]
    public void Variable_uniqueness()
    {
        AssertValid("query($a: Int, $b: Int) { complicatedArgs { multipleOpts(opt1: $a, opt2: $b) } }");
        AssertError(
            "query($a: Int, $a: String) { complicatedArgs { intArgField(intArg: $a) } }",
            "There can be only one variable named \"$a\".",
            (1, 8),
            (1, 17));
    }

    [Fact]
    public void Variables_are_input_types()
    {
        AssertValid("query($a: [ComplexInput!], $b: Color, $c: JSON) { dog { name } json(value: [$a, $b, $c]) }");
        AssertError("query($a: Dog) { dog { name } json(value: $a) }", "Variable \"$a\" cannot be non-input type \"Dog\".", (1, 11));
        AssertError("query($a: [Pet!]!) { dog { name } json(value: $a) }", "Variable \"$a\" cannot be non-input type \"[Pet!]!\".", (1, 11));
        AssertError("query($a: Unknown) { dog { name } json(value: $a) }", "Unknown type \"Unknown\".", (1, 11));
    }

    [Fact]
    public void Variable_default_values_are_validated()
    {
        AssertValid("query($a: Int = 1, $b: ComplexInput = {requiredField: true}, $c: [String] = \"x\") { complicatedArgs { intArgField(intArg: $a) complexArgField(complexArg: $b) stringListArgField(stringListArg: $c) } }");
        AssertError("query($a: Int = \"one\") { complicatedArgs { intArgField(intArg: $a) } }", "Int cannot represent non-integer value: \"one\"", (1, 17));
        AssertError("query($a: ComplexInput = {intField: 1}) { complicatedArgs { complexArgField(complexArg: $a) } }", "Field \"ComplexInput.requiredField\" of required type \"Boolean!\" was not provided.");
    }

    [Fact]
    public void All_variable_uses_defined()
    {
        AssertValid("query Q($a: Int) { dog { ...F } } fragment F on Dog { name @rep(n: $a) }");
        AssertError(
            "query Q { complicatedArgs { intArgField(intArg: $a) } }",
            "Variable \"$a\" is not defined by operation \"Q\".",
            (1, 49),
            (1, 1));
        AssertError("{ complicatedArgs { intArgField(intArg: $a) } }", "Variable \"$a\" is not defined.");

        var q = """
            query A($a: Int) { dog { ...F } }
            query B { dog { ...F } }
            fragment F on Dog { name @rep(n: $a) }
            """;
        AssertErrors(q, "Variable \"$a\" is not defined by operation \"B\".");
        AssertError(q, "Variable \"$a\" is not defined by operation \"B\".", (3, 34), (2, 1));
    }

    [Fact]
    public void All_variables_used()
    {
        AssertValid("query($a: Int) { complicatedArgs { jsonArg(j: {x: [$a]}) } }");
        AssertError("query Q($a: Int, $b: Int) { complicatedArgs { intArgField(intArg: $a) } }", "Variable \"$b\" is never used in operation \"Q\".", (1, 18));
        AssertError("query($b: Int) { dog { name } }", "Variable \"$b\" is never used.", (1, 7));
    }

    [Theory]
    [InlineData("query($a: Int!) { complicatedArgs { nonNullIntArgField(nonNullIntArg: $a) } }")]
    [InlineData("query($a: Int = 1) { complicatedArgs { nonNullIntArgField(nonNullIntArg: $a) } }")]
    [InlineData("query($a: Boolean) { complicatedArgs { nonNullBoolWithDefault(b: $a) } }")]
    [InlineData("query($a: Int!) { complicatedArgs { intArgField(intArg: $a) } }")]
    [InlineData("query($a: [String!]!) { complicatedArgs { stringListArgField(stringListArg: $a) } }")]
    [InlineData("query($a: String) { complicatedArgs { stringListArgField(stringListArg: [$a]) } }")]
    [InlineData("query($a: Boolean!) { dog { name @include(if: $a) } }")]
    [InlineData("query($c: Color) { complicatedArgs { complexArgField(complexArg: {requiredField: true, color: $c}) } }")]
    [InlineData("query($b: Boolean) { complicatedArgs { complexArgField(complexArg: {requiredField: true, nonNullField: $b}) } }")]
    public void All_variable_usages_allowed_valid(string q) => AssertValid(q);

    [Fact]
    public void All_variable_usages_allowed_invalid()
    {
        AssertError(
            "query($a: Int) { complicatedArgs { nonNullIntArgField(nonNullIntArg: $a) } }",
            "Variable \"$a\" of type \"Int\" used in position expecting type \"Int!\".",
            (1, 7),
            (1, 70));
        AssertError(
            "query($a: Int = null) { complicatedArgs { nonNullIntArgField(nonNullIntArg: $a) } }",
            "Variable \"$a\" of type \"Int\" used in position expecting type \"Int!\".");
        AssertError(
            "query($a: String) { complicatedArgs { intArgField(intArg: $a) } }",
            "Variable \"$a\" of type \"String\" used in position expecting type \"Int\".");
        AssertError(
            "query($a: [String]) { complicatedArgs { stringListNonNullArgField(stringListNonNullArg: $a) } }",
            "Variable \"$a\" of type \"[String]\" used in position expecting type \"[String!]\".");
        AssertError(
            "query($a: String) { complicatedArgs { stringListNonNullArgField(stringListNonNullArg: [$a]) } }",
            "Variable \"$a\" of type \"String\" used in position expecting type \"String!\".");
        AssertError(
            "query($a: Boolean) { dog { name @include(if: $a) } }",
            "Variable \"$a\" of type \"Boolean\" used in position expecting type \"Boolean!\".");
        AssertError(
            "query($a: Boolean) { dog { ...F } } fragment F on Dog { isHouseTrained(atOtherHomes: $a) doesKnowCommand(dogCommand: $a) }",
            "Variable \"$a\" of type \"Boolean\" used in position expecting type \"DogCommand!\".");
    }
}
