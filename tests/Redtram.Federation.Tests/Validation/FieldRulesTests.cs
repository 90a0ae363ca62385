using static Redtram.Federation.Tests.Validation.ValidationTestSchema;

namespace Redtram.Federation.Tests.Validation;

/// <summary>Field and argument rules (spec 5.3, 5.4).</summary>
public class FieldRulesTests
{
    [Theory]
    [InlineData("{ dog { name nickname __typename } }")]
    [InlineData("{ pet { name ... on Dog { barkVolume } } }")]
    [InlineData("{ catOrDog { __typename ... on Cat { meowVolume } } }")]
    [InlineData("{ __schema { types { name } } __type(name: \"Dog\") { name } }")]
    [InlineData("{ alias: dog { otherAlias: name } }")]
    public void Fields_on_correct_type_valid(string q) => AssertValid(q);

    [Fact]
    public void Fields_on_correct_type_invalid()
    {
        AssertError("{ dog { meowVolume } }", "Cannot query field \"meowVolume\" on type \"Dog\". Did you mean \"barkVolume\"?", (1, 9));
        AssertError("{ dog { xyz } }", "Cannot query field \"xyz\" on type \"Dog\".", (1, 9));
        AssertError("{ dog { nicknam } }", "Cannot query field \"nicknam\" on type \"Dog\". Did you mean \"nickname\"?", (1, 9));
        AssertError("{ catOrDog { name } }", "Cannot query field \"name\" on type \"CatOrDog\". Did you mean to use an inline fragment on \"Pet\", \"Cat\", or \"Dog\"?", (1, 14));
        AssertError("{ pet { meowVolume } }", "Cannot query field \"meowVolume\" on type \"Pet\". Did you mean to use an inline fragment on \"Cat\"?", (1, 9));
        AssertError("{ dog { __schema { types { name } } } }", "Cannot query field \"__schema\" on type \"Dog\".", (1, 9));
        AssertError("mutation { __type(name: \"x\") { name } setName(name: \"x\") { id } }", "Cannot query field \"__type\" on type \"Mutation\".", (1, 12));
    }

    [Fact]
    public void Unknown_fields_inside_unknown_fields_are_not_reported_twice() =>
        AssertErrors("{ unknown { alsoUnknown } }", "Cannot query field \"unknown\" on type \"Query\".");

    [Theory]
    [InlineData("{ dog { ...F } } fragment F on Dog { name name }")]
    [InlineData("{ dog { name: nickname } human { name: name } }")]
    [InlineData("{ dog { doesKnowCommand(dogCommand: SIT) doesKnowCommand(dogCommand: SIT) } }")]
    [InlineData("{ catOrDog { ... on Dog { x: barkVolume } ... on Cat { x: meowVolume } } }")]
    [InlineData("{ pet { ... on Dog { name } ... on Cat { name } } }")]
    [InlineData("query($c: DogCommand!) { dog { doesKnowCommand(dogCommand: $c) doesKnowCommand(dogCommand: $c) } }")]
    [InlineData("{ dog { owner { name } owner { id } } }")]
    public void Field_selection_merging_valid(string q) => AssertValid(q);

    [Fact]
    public void Field_selection_merging_different_fields()
    {
        AssertError(
            "{ dog { name: nickname name } }",
            "Fields \"name\" conflict because \"nickname\" and \"name\" are different fields. Use different aliases on the fields to fetch both if this was intentional.",
            (1, 9),
            (1, 24));
    }

    [Fact]
    public void Field_selection_merging_differing_arguments()
    {
        AssertError(
            "{ dog { doesKnowCommand(dogCommand: SIT) doesKnowCommand(dogCommand: HEEL) } }",
            "Fields \"doesKnowCommand\" conflict because they have differing arguments. Use different aliases on the fields to fetch both if this was intentional.",
            (1, 9),
            (1, 42));
        AssertError(
            "{ dog { name name(surname: true) } }",
            "Fields \"name\" conflict because they have differing arguments. Use different aliases on the fields to fetch both if this was intentional.");
    }

    [Fact]
    public void Field_selection_merging_conflicting_return_types()
    {
        AssertError(
            "{ catOrDog { ... on Dog { x: barkVolume } ... on Cat { x: nickname } } }",
            "Fields \"x\" conflict because they return conflicting types \"Int\" and \"String!\". Use different aliases on the fields to fetch both if this was intentional.",
            (1, 27),
            (1, 56));
    }

    [Fact]
    public void Field_selection_merging_subfields_and_fragments()
    {
        var q = """
            {
              dog { owner { x: name } }
              dog { owner { x: id } }
            }
            """;
        AssertError(
            q,
            "Fields \"dog\" conflict because subfields \"owner\" conflict because subfields \"x\" conflict because \"name\" and \"id\" are different fields. Use different aliases on the fields to fetch both if this was intentional.",
            (2, 3),
            (2, 9),
            (2, 17),
            (3, 3),
            (3, 9),
            (3, 17));

        AssertError(
            "{ dog { ...A ...B } } fragment A on Dog { x: name } fragment B on Dog { x: nickname }",
            "Fields \"x\" conflict because \"name\" and \"nickname\" are different fields. Use different aliases on the fields to fetch both if this was intentional.",
            (1, 43),
            (1, 73));
        AssertError(
            "{ dog { x: id ...A } } fragment A on Dog { x: name }",
            "Fields \"x\" conflict because \"id\" and \"name\" are different fields. Use different aliases on the fields to fetch both if this was intentional.");
    }

    [Fact]
    public void Field_selection_merging_mutually_exclusive_parents()
    {
        // Different object types: names may differ, shapes may not; exclusivity is inherited by subfields.
        AssertValid("{ catOrDog { ... on Dog { owner { pets { ... on Dog { x: name } } } } ... on Cat { owner { pets { ... on Dog { x: nickname } } } } } }");
        AssertError(
            "{ catOrDog { ... on Dog { x: name } ... on Cat { x: meowVolume } } }",
            "Fields \"x\" conflict because they return conflicting types \"String\" and \"Int\". Use different aliases on the fields to fetch both if this was intentional.");

        // An abstract parent is not exclusive with its implementations.
        AssertError(
            "{ pet { ... on Dog { x: name } ... on Pet { x: name(surname: true) } } }",
            "Fields \"x\" conflict because they have differing arguments. Use different aliases on the fields to fetch both if this was intentional.",
            (1, 22),
            (1, 45));
        var errors = Validate("{ dog { owner { x: name } } dog { ... on Dog { owner { x: id } } } }");
        var e = Assert.Single(errors);
        Assert.Equal(
            "Fields \"dog\" conflict because subfields \"owner\" conflict because subfields \"x\" conflict because \"name\" and \"id\" are different fields. Use different aliases on the fields to fetch both if this was intentional.",
            e.Message);
    }

    [Fact]
    public void Field_selection_merging_conflict_inside_a_fragment_is_reported_once()
    {
        var errors = Validate("{ dog { ...F } } fragment F on Dog { x: name x: nickname }");
        var e = Assert.Single(errors);
        Assert.Equal("Fields \"x\" conflict because \"name\" and \"nickname\" are different fields. Use different aliases on the fields to fetch both if this was intentional.", e.Message);
    }

    [Fact]
    public void Field_selection_merging_reports_each_conflict_once()
    {
        var errors = Validate("{ dog { name: nickname name } }");
        Assert.Single(errors);
    }

    [Theory]
    [InlineData("{ dog { name barkVolume color } }")]
    [InlineData("{ human { relatives { name } } }")]
    public void Leaf_field_selections_valid(string q) => AssertValid(q);

    [Fact]
    public void Leaf_field_selections_invalid()
    {
        AssertError("{ dog }", "Field \"dog\" of type \"Dog\" must have a selection of subfields. Did you mean \"dog { ... }\"?", (1, 3));
        AssertError("{ human { relatives } }", "Field \"relatives\" of type \"[Human!]!\" must have a selection of subfields. Did you mean \"relatives { ... }\"?", (1, 11));
        AssertError("{ dog { name { length } } }", "Field \"name\" must not have a selection since type \"String\" has no subfields.", (1, 14));
        AssertError("{ color { x } }", "Field \"color\" must not have a selection since type \"Color\" has no subfields.", (1, 9));
    }

    [Theory]
    [InlineData("{ dog { doesKnowCommand(dogCommand: SIT) isHouseTrained(atOtherHomes: true) } }")]
    [InlineData("{ dog { name @include(if: true) @skip(if: false) } }")]
    [InlineData("{ complicatedArgs { multipleOpts multipleReqs(req2: 1, req1: 2) } }")]
    public void Argument_names_valid(string q) => AssertValid(q);

    [Fact]
    public void Argument_names_invalid()
    {
        AssertError("{ dog { doesKnowCommand(dogCommand: SIT, dogCommnd: SIT) } }", "Unknown argument \"dogCommnd\" on field \"Dog.doesKnowCommand\". Did you mean \"dogCommand\"?", (1, 42));
        AssertError("{ dog { name @skip(unless: true) } }", "Unknown argument \"unless\" on directive \"@skip\".", (1, 20));
    }

    [Fact]
    public void Argument_uniqueness_invalid() =>
        AssertError("{ dog { isHouseTrained(atOtherHomes: true, atOtherHomes: false) } }", "There can be only one argument named \"atOtherHomes\".", (1, 24), (1, 44));

    [Theory]
    [InlineData("{ complicatedArgs { multipleOpts(opt1: 1) nonNullBoolWithDefault } }")]
    [InlineData("{ dog { isHouseTrained } }")]
    public void Required_arguments_valid(string q) => AssertValid(q);

    [Fact]
    public void Required_arguments_invalid()
    {
        AssertError("{ complicatedArgs { multipleReqs(req1: 1) } }", "Field \"multipleReqs\" argument \"req2\" of type \"Int!\" is required, but it was not provided.", (1, 21));
        AssertError("{ dog { name @include } }", "Directive \"@include\" argument \"if\" of type \"Boolean!\" is required, but it was not provided.", (1, 14));
        AssertError("{ complicatedArgs { nonNullIntArgField(nonNullIntArg: null) } }", "Expected value of type \"Int!\", found null.", (1, 55));
    }
}
