using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Redtram.Federation.Schema;
using Xunit.Abstractions;
using static Redtram.Federation.Tests.Introspection.IntrospectionTestHelpers;

namespace Redtram.Federation.Tests.Introspection;

public class FullIntrospectionQueryTests(ITestOutputHelper output)
{
    /// <summary>graphql-js 16 <c>getIntrospectionQuery</c> with every option on (what GraphiQL sends).</summary>
    public const string IntrospectionQuery = """
        query IntrospectionQuery {
          __schema {
            description
            queryType { name kind }
            mutationType { name kind }
            subscriptionType { name kind }
            types {
              ...FullType
            }
            directives {
              name
              description
              isRepeatable
              locations
              args(includeDeprecated: true) {
                ...InputValue
              }
            }
          }
        }

        fragment FullType on __Type {
          kind
          name
          description
          specifiedByURL
          isOneOf
          fields(includeDeprecated: true) {
            name
            description
            args(includeDeprecated: true) {
              ...InputValue
            }
            type {
              ...TypeRef
            }
            isDeprecated
            deprecationReason
          }
          inputFields(includeDeprecated: true) {
            ...InputValue
          }
          interfaces {
            ...TypeRef
          }
          enumValues(includeDeprecated: true) {
            name
            description
            isDeprecated
            deprecationReason
          }
          possibleTypes {
            ...TypeRef
          }
        }

        fragment InputValue on __InputValue {
          name
          description
          type { ...TypeRef }
          defaultValue
          isDeprecated
          deprecationReason
        }

        fragment TypeRef on __Type {
          kind
          name
          ofType {
            name
            kind
            ofType {
              name
              kind
              ofType {
                name
                kind
                ofType {
                  name
                  kind
                  ofType {
                    name
                    kind
                    ofType {
                      name
                      kind
                      ofType {
                        name
                        kind
                        ofType {
                          name
                          kind
                          ofType {
                            name
                            kind
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
        """;

    [Fact]
    public void Full_introspection_query_returns_every_type_and_directive()
    {
        var schema = SchemaBuilder.Build(LargeSdl(objects: 20));
        var result = Run(schema, IntrospectionQuery)["__schema"]!;

        Assert.Equal(schema.TypeList.Select(t => t.Name), result["types"]!.AsArray().Select(t => (string?)t!["name"]));
        Assert.Equal(schema.DirectiveList.Select(d => d.Name), result["directives"]!.AsArray().Select(d => (string?)d!["name"]));
        Assert.Equal("""{"name":"Query","kind":"OBJECT"}""", Json(result["queryType"]));
        Assert.Equal("""{"name":"Mutation","kind":"OBJECT"}""", Json(result["mutationType"]));
        Assert.Null(result["subscriptionType"]);
        Assert.Contains(result["types"]!.AsArray(), t => (string?)t!["name"] == "__Schema" && (string?)t["kind"] == "OBJECT");
        Assert.Contains(result["types"]!.AsArray(), t => (string?)t!["name"] == "__TypeKind" && t["enumValues"]!.AsArray().Count == 8);

        // Every type carries every FullType key, with null where the kind does not apply.
        foreach (var type in result["types"]!.AsArray())
        {
            Assert.Equal(
                ["kind", "name", "description", "specifiedByURL", "isOneOf", "fields", "inputFields", "interfaces", "enumValues", "possibleTypes"],
                type!.AsObject().Select(p => p.Key));
        }

        var o3 = result["types"]!.AsArray().Single(t => (string?)t!["name"] == "O3")!;
        Assert.Equal(
            """{"kind":"NON_NULL","name":null,"ofType":{"name":null,"kind":"LIST","ofType":{"name":null,"kind":"NON_NULL","ofType":{"name":"O4","kind":"OBJECT","ofType":null}}}}""",
            Json(o3["fields"]!.AsArray().Single(f => (string?)f!["name"] == "list")!["type"]));

        // Dev-only hook: dump the result so graphql-js's buildClientSchema can check it.
        if (Environment.GetEnvironmentVariable("REDTRAM_INTROSPECTION_DUMP") is { Length: > 0 } path)
        {
            File.WriteAllText(path, Json(new JsonObject { ["__schema"] = result.DeepClone() }));
            File.WriteAllText(path + ".graphql", LargeSdl(objects: 20));
        }
    }

    [Fact]
    public void Full_introspection_of_a_200_type_schema_takes_a_few_milliseconds()
    {
        var schema = SchemaBuilder.Build(LargeSdl(objects: 110));
        Assert.True(schema.TypeList.Count >= 200, $"only {schema.TypeList.Count} types");
        var doc = GraphQLParser.Parser.Parse(IntrospectionQuery);
        var op = Operations.OperationNormalizer.SelectOperation(doc, null, out _)!;
        var field = (Operations.FieldNode)Operations.OperationNormalizer.Normalize(schema, doc, op).SelectionSet.Selections[0];

        for (var i = 0; i < 5; i++)
        {
            Federation.Introspection.IntrospectionResolver.Resolve(schema, field, null);
        }

        const int runs = 20;
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < runs; i++)
        {
            Federation.Introspection.IntrospectionResolver.Resolve(schema, field, null);
        }

        var perRun = sw.Elapsed.TotalMilliseconds / runs;
        output.WriteLine($"{schema.TypeList.Count} types: {perRun:F2} ms per full introspection");

        // Generous bound so a loaded CI machine does not flake; typical runs are a few ms.
        Assert.True(perRun < 100, $"{perRun:F2} ms per run");
    }

    /// <summary>A schema with objects, interfaces, unions, enums, input objects and custom scalars.</summary>
    internal static string LargeSdl(int objects)
    {
        var sb = new StringBuilder();
        sb.AppendLine("type Query {");
        for (var i = 0; i < objects; i++)
        {
            sb.AppendLine($"  o{i}(id: ID!, filter: F{i % 20} = {{a: {i}, s: \"x\", e: V1, l: [1, 2]}}, first: Int = 10): O{i}");
        }

        sb.AppendLine("  search(text: String = \"abc\" @deprecated): [U0!]!");
        sb.AppendLine("}");
        sb.AppendLine("type Mutation { set(input: F0!): O0 }");
        for (var i = 0; i < 20; i++)
        {
            sb.AppendLine($"\"Interface {i}.\" interface I{i} {{ id: ID! n{i}: String }}");
            sb.AppendLine($"union U{i} = O{i} | O{(i + 1) % objects}");
            sb.AppendLine($"enum E{i} {{ V0 V1 V2 @deprecated(reason: \"old\") }}");
            sb.AppendLine($"input F{i} {{ a: Int s: String = \"d\" e: E{i} = V0 l: [Int!] old: Int @deprecated }}");
            sb.AppendLine($"scalar S{i} @specifiedBy(url: \"https://example.com/s{i}\")");
        }

        sb.AppendLine("input One @oneOf { a: Int b: String }");
        for (var i = 0; i < objects; i++)
        {
            sb.AppendLine($$"""
                "Object {{i}}."
                type O{{i}} implements I{{i % 20}} & I{{(i + 1) % 20}} {
                  id: ID!
                  n{{i % 20}}: String
                  n{{(i + 1) % 20}}: String
                  count(by: E{{i % 20}} = V1, one: One): Int @deprecated(reason: "use total")
                  total: Int!
                  at: S{{i % 20}}
                  list: [O{{(i + 1) % objects}}!]!
                  matrix: [[Float!]]
                  u: U{{i % 20}}
                }
                """);
        }

        sb.AppendLine("directive @cached(ttl: Int = 60) repeatable on FIELD | QUERY");
        return sb.ToString();
    }
}
