using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQLParser;
using Redtram.Federation.Introspection;
using Redtram.Federation.Operations;
using Redtram.Federation.Schema;

namespace Redtram.Federation.Tests.Introspection;

internal static class IntrospectionTestHelpers
{
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Normalises <paramref name="query"/> and resolves each root <c>__schema</c>/<c>__type</c> field,
    /// returning an object keyed by the root response keys.
    /// </summary>
    public static JsonObject Run(GraphSchema schema, string query, JsonObject? variables = null)
    {
        var doc = Parser.Parse(query);
        var op = OperationNormalizer.SelectOperation(doc, null, out var error);
        Assert.Null(error);
        var normalized = OperationNormalizer.Normalize(schema, doc, op!);
        var result = new JsonObject();
        foreach (var sel in normalized.SelectionSet.Selections)
        {
            if (sel is FieldNode f && IntrospectionResolver.IsIntrospectionField(f.Name))
            {
                result[f.ResponseKey] = IntrospectionResolver.Resolve(schema, f, variables);
            }
        }

        return result;
    }

    public static string Json(JsonNode? node) => node is null ? "null" : node.ToJsonString(JsonOptions);

    public static string RunJson(GraphSchema schema, string query, JsonObject? variables = null) => Json(Run(schema, query, variables));
}
