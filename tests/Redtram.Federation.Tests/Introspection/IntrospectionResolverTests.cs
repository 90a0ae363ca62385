using System.Text.Json.Nodes;
using Redtram.Federation.Schema;
using static Redtram.Federation.Tests.Introspection.IntrospectionTestHelpers;

namespace Redtram.Federation.Tests.Introspection;

public class IntrospectionResolverTests
{
    private const string Sdl = """
        type Query {
          node(id: ID!): Node
          search(text: String = "abc", limit: Int = 10 @deprecated(reason: "unbounded")): [SearchResult!]!
          color: Color
          at: DateTime
          filter(f: Filter, p: Pick): Int
        }
        "Something with an id."
        interface Node { id: ID! }
        interface Named implements Node { id: ID! name: String }
        "A person."
        type User implements Node & Named {
          id: ID!
          name: String
          old: Int @deprecated(reason: "gone")
          older: Int @deprecated
        }
        type Post implements Node {
          id: ID!
          tags: [String!]!
          authors: [User!]!
          matrix: [[Int]]
        }
        union SearchResult = User | Post
        enum Color { RED GREEN @deprecated(reason: "use RED") BLUE }
        input Inner { a: Int b: String }
        input Filter {
          s: String = "abc"
          q: String = "say \"hi\"\n"
          i: Int = 10
          f: Float = 1.5
          b: Boolean = true
          n: String = null
          e: Color = RED
          l: [Int] = [1, 2]
          o: Inner = {a: 1, b: "x"}
          none: Int
          old: Int = 1 @deprecated(reason: "no")
        }
        input Pick @oneOf { a: Int b: String }
        "An RFC 3339 date-time."
        scalar DateTime @specifiedBy(url: "https://tools.ietf.org/html/rfc3339")
        "Caches a field."
        directive @cached(ttl: Int = 60, scope: String @deprecated) repeatable on FIELD | QUERY
        """;

    private static readonly GraphSchema Schema = SchemaBuilder.Build(Sdl);

    [Fact]
    public void Object_type_with_and_without_deprecated_fields()
    {
        var json = RunJson(Schema, """
            {
              __type(name: "User") {
                kind name description
                fields { name isDeprecated deprecationReason }
                all: fields(includeDeprecated: true) { name isDeprecated deprecationReason }
                interfaces { name }
                possibleTypes { name }
                enumValues { name }
                inputFields { name }
                ofType { name }
                specifiedByURL
                isOneOf
              }
            }
            """);

        Assert.Equal(
            """{"__type":{"kind":"OBJECT","name":"User","description":"A person.","fields":[{"name":"id","isDeprecated":false,"deprecationReason":null},{"name":"name","isDeprecated":false,"deprecationReason":null}],"all":[{"name":"id","isDeprecated":false,"deprecationReason":null},{"name":"name","isDeprecated":false,"deprecationReason":null},"""
            + """{"name":"old","isDeprecated":true,"deprecationReason":"gone"},{"name":"older","isDeprecated":true,"deprecationReason":"No longer supported"}],"interfaces":[{"name":"Node"},{"name":"Named"}],"possibleTypes":null,"enumValues":null,"inputFields":null,"ofType":null,"specifiedByURL":null,"isOneOf":null}}""",
            json);
    }

    [Fact]
    public void Interfaces_list_their_interfaces_and_possible_types()
    {
        var json = RunJson(Schema, """
            {
              node: __type(name: "Node") { kind description interfaces { name } possibleTypes { name kind } fields { name } }
              named: __type(name: "Named") { kind interfaces { name } possibleTypes { name } }
            }
            """);

        var nodeTypes = string.Join(",", Schema.PossibleTypes("Node").Select(n => $$"""{"name":"{{n}}","kind":"OBJECT"}"""));
        Assert.Equal(
            """{"node":{"kind":"INTERFACE","description":"Something with an id.","interfaces":[],"possibleTypes":["""
            + nodeTypes
            + """],"fields":[{"name":"id"}]},"named":{"kind":"INTERFACE","interfaces":[{"name":"Node"}],"possibleTypes":[{"name":"User"}]}}""",
            json);
        Assert.Equal(["Post", "User"], Schema.PossibleTypes("Node").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Unions_list_possible_types_in_member_order()
    {
        var json = RunJson(Schema, """
            { __type(name: "SearchResult") { kind name possibleTypes { kind name } fields { name } interfaces { name } enumValues { name } } }
            """);

        Assert.Equal(
            """{"__type":{"kind":"UNION","name":"SearchResult","possibleTypes":[{"kind":"OBJECT","name":"User"},{"kind":"OBJECT","name":"Post"}],"fields":null,"interfaces":null,"enumValues":null}}""",
            json);
    }

    [Fact]
    public void Enums_with_deprecated_values()
    {
        var json = RunJson(Schema, """
            {
              __type(name: "Color") {
                kind
                enumValues { name isDeprecated deprecationReason }
                all: enumValues(includeDeprecated: true) { name isDeprecated deprecationReason }
                fields { name }
                possibleTypes { name }
              }
            }
            """);

        Assert.Equal(
            """{"__type":{"kind":"ENUM","enumValues":[{"name":"RED","isDeprecated":false,"deprecationReason":null},{"name":"BLUE","isDeprecated":false,"deprecationReason":null}],"all":[{"name":"RED","isDeprecated":false,"deprecationReason":null},{"name":"GREEN","isDeprecated":true,"deprecationReason":"use RED"},"""
            + """{"name":"BLUE","isDeprecated":false,"deprecationReason":null}],"fields":null,"possibleTypes":null}}""",
            json);
    }

    [Fact]
    public void Input_objects_print_defaults_of_every_literal_kind()
    {
        var json = RunJson(Schema, """
            {
              __type(name: "Filter") {
                kind isOneOf fields { name }
                inputFields { name defaultValue }
                all: inputFields(includeDeprecated: true) { name isDeprecated deprecationReason }
              }
            }
            """);

        Assert.Equal(
            """{"__type":{"kind":"INPUT_OBJECT","isOneOf":false,"fields":null,"inputFields":["""
            + """{"name":"s","defaultValue":"\"abc\""},"""
            + """{"name":"q","defaultValue":"\"say \\\"hi\\\"\\n\""},"""
            + """{"name":"i","defaultValue":"10"},"""
            + """{"name":"f","defaultValue":"1.5"},"""
            + """{"name":"b","defaultValue":"true"},"""
            + """{"name":"n","defaultValue":"null"},"""
            + """{"name":"e","defaultValue":"RED"},"""
            + """{"name":"l","defaultValue":"[1, 2]"},"""
            + """{"name":"o","defaultValue":"{a: 1, b: \"x\"}"},"""
            + """{"name":"none","defaultValue":null}],"all":[{"name":"s","isDeprecated":false,"deprecationReason":null},{"name":"q","isDeprecated":false,"deprecationReason":null},"""
            + """{"name":"i","isDeprecated":false,"deprecationReason":null},{"name":"f","isDeprecated":false,"deprecationReason":null},"""
            + """{"name":"b","isDeprecated":false,"deprecationReason":null},{"name":"n","isDeprecated":false,"deprecationReason":null},"""
            + """{"name":"e","isDeprecated":false,"deprecationReason":null},{"name":"l","isDeprecated":false,"deprecationReason":null},"""
            + """{"name":"o","isDeprecated":false,"deprecationReason":null},{"name":"none","isDeprecated":false,"deprecationReason":null},"""
            + """{"name":"old","isDeprecated":true,"deprecationReason":"no"}]}}""",
            json);
    }

    [Fact]
    public void Field_arguments_hide_deprecated_ones_unless_asked()
    {
        var json = RunJson(Schema, """
            {
              __type(name: "Query") {
                fields { name args { name defaultValue } all: args(includeDeprecated: true) { name isDeprecated deprecationReason } }
              }
            }
            """);
        var search = JsonNode.Parse(json)!["__type"]!["fields"]!.AsArray().Single(f => (string?)f!["name"] == "search");

        Assert.Equal(
            """{"name":"search","args":[{"name":"text","defaultValue":"\"abc\""}],"all":[{"name":"text","isDeprecated":false,"deprecationReason":null},{"name":"limit","isDeprecated":true,"deprecationReason":"unbounded"}]}""",
            Json(search));
        Assert.Equal(
            ["node", "search", "color", "at", "filter"],
            JsonNode.Parse(json)!["__type"]!["fields"]!.AsArray().Select(f => (string?)f!["name"]));
    }

    [Fact]
    public void OneOf_input_objects_report_isOneOf()
    {
        var json = RunJson(Schema, """
            { pick: __type(name: "Pick") { kind isOneOf inputFields { name type { kind name } } } str: __type(name: "String") { isOneOf } }
            """);

        Assert.Equal(
            """{"pick":{"kind":"INPUT_OBJECT","isOneOf":true,"inputFields":[{"name":"a","type":{"kind":"SCALAR","name":"Int"}},{"name":"b","type":{"kind":"SCALAR","name":"String"}}]},"str":{"isOneOf":null}}""",
            json);
    }

    [Fact]
    public void Wrapper_types_have_no_name_and_an_inner_type()
    {
        var json = RunJson(Schema, """
            {
              __type(name: "Post") {
                fields {
                  name
                  type { kind name description fields { name } ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }
                }
              }
            }
            """);
        var fields = JsonNode.Parse(json)!["__type"]!["fields"]!.AsArray();
        string TypeOf(string field) => Json(fields.Single(f => (string?)f!["name"] == field)!["type"]);

        Assert.Equal(
            """{"kind":"NON_NULL","name":null,"description":null,"fields":null,"ofType":{"kind":"LIST","name":null,"ofType":{"kind":"NON_NULL","name":null,"ofType":{"kind":"OBJECT","name":"User","ofType":null}}}}""",
            TypeOf("authors"));
        Assert.Equal(
            """{"kind":"NON_NULL","name":null,"description":null,"fields":null,"ofType":{"kind":"LIST","name":null,"ofType":{"kind":"NON_NULL","name":null,"ofType":{"kind":"SCALAR","name":"String","ofType":null}}}}""",
            TypeOf("tags"));
        Assert.Equal(
            """{"kind":"LIST","name":null,"description":null,"fields":null,"ofType":{"kind":"LIST","name":null,"ofType":{"kind":"SCALAR","name":"Int","ofType":null}}}""",
            TypeOf("matrix"));
        Assert.Equal(
            """{"kind":"SCALAR","name":"ID","ofType":null}""",
            Json(fields.Single(f => (string?)f!["name"] == "id")!["type"]!["ofType"]));
        Assert.Equal(
            """{"__type":{"kind":"SCALAR","name":"ID","description":"The `ID` scalar type represents a unique identifier, often used to refetch an object or as key for a cache. The ID type appears in a JSON response as a String; however, it is not intended to be human-readable. When expected as an input type, any string (such as `\"4\"`) or integer (such as `4`) input value will be accepted as an ID."}}""",
            RunJson(Schema, """{ __type(name: "ID") { kind name description } }"""));
    }

    [Fact]
    public void Aliases_are_honoured_and_repeated_fields_merge()
    {
        var json = RunJson(Schema, """
            {
              t: __type(name: "Color") { k: kind n: name vals: enumValues { v: name } }
              u: __type(name: "User") { fields { name } fields { type { kind } } f2: fields { name } }
            }
            """);

        Assert.Equal(
            """{"t":{"k":"ENUM","n":"Color","vals":[{"v":"RED"},{"v":"BLUE"}]},"u":{"fields":[{"name":"id","type":{"kind":"NON_NULL"}},{"name":"name","type":{"kind":"SCALAR"}}],"f2":[{"name":"id"},{"name":"name"}]}}""",
            json);
    }

    [Fact]
    public void Skip_and_include_with_variables_and_variable_arguments()
    {
        const string query = """
            query ($yes: Boolean!, $no: Boolean!, $n: String!, $d: Boolean) {
              __type(name: $n) {
                name @include(if: $yes)
                kind @skip(if: $yes)
                description @include(if: $no)
                ... on __Type @include(if: $yes) { isOneOf }
                ... on __Type @skip(if: $yes) { specifiedByURL }
                fields(includeDeprecated: $d) { name deprecationReason @skip(if: $no) }
              }
            }
            """;

        Assert.Equal(
            """{"__type":{"name":"User","isOneOf":null,"fields":[{"name":"id","deprecationReason":null},{"name":"name","deprecationReason":null},{"name":"old","deprecationReason":"gone"},{"name":"older","deprecationReason":"No longer supported"}]}}""",
            RunJson(Schema, query, new JsonObject { ["yes"] = true, ["no"] = false, ["n"] = "User", ["d"] = true }));

        // An omitted variable gives the argument's default (includeDeprecated: false); conditions flip.
        Assert.Equal(
            """{"__type":{"kind":"OBJECT","description":"A person.","specifiedByURL":null,"fields":[{"name":"id"},{"name":"name"}]}}""",
            RunJson(Schema, query, new JsonObject { ["yes"] = false, ["no"] = true, ["n"] = "User" }));
    }

    [Fact]
    public void Typename_inside_gives_the_introspection_type_names()
    {
        var json = RunJson(Schema, """
            {
              __schema {
                __typename
                queryType { __typename name fields(includeDeprecated: true) { __typename name args { __typename name } } }
                directives { __typename name }
              }
              __type(name: "Color") { t: __typename enumValues { __typename name } }
            }
            """);
        var root = JsonNode.Parse(json)!;

        Assert.Equal("__Schema", (string?)root["__schema"]!["__typename"]);
        Assert.Equal("__Type", (string?)root["__schema"]!["queryType"]!["__typename"]);
        Assert.Equal("__Field", (string?)root["__schema"]!["queryType"]!["fields"]![0]!["__typename"]);
        Assert.Equal("__InputValue", (string?)root["__schema"]!["queryType"]!["fields"]![0]!["args"]![0]!["__typename"]);
        Assert.Equal("__Directive", (string?)root["__schema"]!["directives"]![0]!["__typename"]);
        Assert.Equal(
            """{"t":"__Type","enumValues":[{"__typename":"__EnumValue","name":"RED"},{"__typename":"__EnumValue","name":"BLUE"}]}""",
            Json(root["__type"]));
    }

    [Fact]
    public void Unknown_type_is_null()
    {
        Assert.Equal(
            """{"a":null,"b":null}""",
            RunJson(Schema, """query ($n: String!) { a: __type(name: "Nope") { name } b: __type(name: $n) { name } }""", new JsonObject { ["n"] = "Missing" }));
    }

    [Fact]
    public void Custom_scalars_expose_specifiedByURL()
    {
        Assert.Equal(
            """{"dt":{"kind":"SCALAR","name":"DateTime","description":"An RFC 3339 date-time.","specifiedByURL":"https://tools.ietf.org/html/rfc3339","fields":null,"inputFields":null},"s":{"specifiedByURL":null}}""",
            RunJson(Schema, """
                { dt: __type(name: "DateTime") { kind name description specifiedByURL fields { name } inputFields { name } } s: __type(name: "String") { specifiedByURL } }
                """));
    }

    [Fact]
    public void Directives_include_built_ins_and_custom_ones()
    {
        var json = RunJson(Schema, """
            {
              __schema {
                directives { name isRepeatable locations args { name defaultValue type { kind name ofType { name } } } }
              }
            }
            """);
        var directives = JsonNode.Parse(json)!["__schema"]!["directives"]!.AsArray();

        Assert.Equal(
            ["cached", "deprecated", "include", "oneOf", "skip", "specifiedBy"],
            directives.Select(d => (string?)d!["name"]));
        Assert.Equal(
            """{"name":"cached","isRepeatable":true,"locations":["FIELD","QUERY"],"args":[{"name":"ttl","defaultValue":"60","type":{"kind":"SCALAR","name":"Int","ofType":null}}]}""",
            Json(directives[0]));
        Assert.Equal(
            """{"name":"skip","isRepeatable":false,"locations":["FIELD","FRAGMENT_SPREAD","INLINE_FRAGMENT"],"args":[{"name":"if","defaultValue":null,"type":{"kind":"NON_NULL","name":null,"ofType":{"name":"Boolean"}}}]}""",
            Json(directives[4]));
        Assert.Equal(
            """{"name":"deprecated","isRepeatable":false,"locations":["FIELD_DEFINITION","ARGUMENT_DEFINITION","INPUT_FIELD_DEFINITION","ENUM_VALUE"],"args":[{"name":"reason","defaultValue":"\"No longer supported\"","type":{"kind":"SCALAR","name":"String","ofType":null}}]}""",
            Json(directives[1]));
        Assert.Equal(
            """{"name":"oneOf","isRepeatable":false,"locations":["INPUT_OBJECT"],"args":[]}""",
            Json(directives[3]));
    }

    [Fact]
    public void Schema_roots_and_description()
    {
        var schema = SchemaBuilder.Build("""
            "The API."
            schema { query: Q mutation: M }
            type Q { a: Int }
            type M { b: Int }
            """);

        Assert.Equal(
            """{"__schema":{"description":"The API.","queryType":{"name":"Q","kind":"OBJECT"},"mutationType":{"name":"M"},"subscriptionType":null}}""",
            RunJson(schema, "{ __schema { description queryType { name kind } mutationType { name } subscriptionType { name } } }"));
        Assert.Equal(
            """{"__schema":{"description":null,"mutationType":null}}""",
            RunJson(Schema, "{ __schema { description mutationType { name } } }"));
    }
}
