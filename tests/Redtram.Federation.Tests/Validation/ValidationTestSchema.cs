using GraphQLParser;
using Redtram.Federation.Execution;
using Redtram.Federation.Schema;
using Redtram.Federation.Validation;

namespace Redtram.Federation.Tests.Validation;

/// <summary>The schema used by the validation tests and helpers to assert on validation results.</summary>
internal static class ValidationTestSchema
{
    public const string Sdl = """
        schema { query: Query mutation: Mutation subscription: Subscription }

        directive @rep(n: Int) repeatable on FIELD
        directive @onQuery on QUERY
        directive @onField on FIELD
        directive @withReq(req: String!) on FIELD | FRAGMENT_SPREAD
        directive @onVar on VARIABLE_DEFINITION

        scalar JSON

        enum Color { RED GREEN BLUE }
        enum DogCommand { SIT HEEL DOWN }

        interface Node { id: ID! }
        interface Pet { name(surname: Boolean): String owner: Human }

        type Dog implements Pet & Node {
          id: ID!
          name(surname: Boolean): String
          nickname: String
          barkVolume: Int
          doesKnowCommand(dogCommand: DogCommand!): Boolean
          isHouseTrained(atOtherHomes: Boolean = true): Boolean
          owner: Human
          color: Color
        }

        type Cat implements Pet & Node {
          id: ID!
          name(surname: Boolean): String
          meowVolume: Int
          nickname: String!
          owner: Human
        }

        type Human implements Node {
          id: ID!
          name: String
          pets: [Pet]
          relatives: [Human!]!
        }

        type Alien { name: String }

        union CatOrDog = Cat | Dog
        union HumanOrAlien = Human | Alien

        input ComplexInput {
          requiredField: Boolean!
          nonNullField: Boolean! = false
          intField: Int
          stringField: String
          booleanField: Boolean
          stringListField: [String]
          nested: ComplexInput
          color: Color
        }

        input Filter @oneOf { id: ID name: String }

        input Point { x: Int! = 0 y: Int! label: String = "origin" }

        type ComplicatedArgs {
          intArgField(intArg: Int): String
          nonNullIntArgField(nonNullIntArg: Int!): String
          stringArgField(stringArg: String): String
          booleanArgField(booleanArg: Boolean): String
          enumArgField(enumArg: Color): String
          floatArgField(floatArg: Float): String
          idArgField(idArg: ID): String
          stringListArgField(stringListArg: [String]): String
          stringListNonNullArgField(stringListNonNullArg: [String!]): String
          complexArgField(complexArg: ComplexInput): String
          multipleReqs(req1: Int!, req2: Int!): String
          multipleOpts(opt1: Int = 0, opt2: Int = 0): String
          pointArg(p: Point): String
          filterArg(f: Filter): String
          jsonArg(j: JSON): String
          nonNullBoolWithDefault(b: Boolean! = false): String
        }

        type Query {
          dog: Dog
          pet: Pet
          node(id: ID!): Node
          catOrDog: CatOrDog
          human(id: ID): Human
          alien: Alien
          humanOrAlien: HumanOrAlien
          complicatedArgs: ComplicatedArgs
          search(filter: Filter!): [Node!]!
          json(value: JSON): JSON
          color(c: Color): Color
          nodes(ids: [ID!]!): [Node]
        }

        type Mutation { setName(name: String!): Human }

        type Subscription { newDog: Dog petAdded: Pet }
        """;

    public static GraphSchema Schema { get; } = SchemaBuilder.Build(Sdl);

    public static IReadOnlyList<GraphQLError> Validate(string query, int maxErrors = 100) =>
        DocumentValidator.Validate(Schema, Parser.Parse(query, new ParserOptions { MaxDepth = 100_000 }), maxErrors);

    public static void AssertValid(string query)
    {
        var errors = Validate(query);
        Assert.True(errors.Count == 0, "Expected no errors but got:\n" + string.Join("\n", errors.Select(Describe)));
    }

    /// <summary>Asserts that an error with exactly this message exists (and, when given, these locations), and returns it.</summary>
    public static GraphQLError AssertError(string query, string message, params (int Line, int Column)[] locations)
    {
        var errors = Validate(query);
        var match = errors.FirstOrDefault(e => e.Message == message);
        Assert.True(match is not null, $"Expected error \"{message}\" but got:\n" + string.Join("\n", errors.Select(Describe)));
        Assert.Equal(ErrorCodes.ValidationFailed, match!.Code);
        if (locations.Length > 0)
        {
            Assert.Equal(locations.Select(l => new ErrorLocation(l.Line, l.Column)), match.Locations!);
        }

        return match;
    }

    /// <summary>Asserts that the only errors are exactly the given messages (in any order).</summary>
    public static void AssertErrors(string query, params string[] messages)
    {
        var errors = Validate(query);
        Assert.Equal(messages.OrderBy(m => m, StringComparer.Ordinal), errors.Select(e => e.Message).OrderBy(m => m, StringComparer.Ordinal));
    }

    public static string Describe(GraphQLError e) =>
        e.Message + " @ " + string.Join(", ", (e.Locations ?? []).Select(l => $"{l.Line}:{l.Column}"));
}
