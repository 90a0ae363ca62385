using System.Text.Encodings.Web;
using System.Text.Json;

namespace Redtram.Federation.Execution;

/// <summary>JSON settings for GraphQL responses: compact, and text written as UTF-8 without needless escaping (names with accents stay readable).</summary>
public static class GraphQLJson
{
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = false,
        SkipValidation = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static readonly JsonSerializerOptions SerializerOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
