using System.Text.Json.Nodes;

namespace Redtram.Federation.Execution;

/// <summary>A GraphQL request as received from a client (GraphQL over HTTP).</summary>
public sealed record GraphQLRequest
{
    public string? Query { get; init; }

    public string? OperationName { get; init; }

    public JsonObject? Variables { get; init; }

    public JsonObject? Extensions { get; init; }
}
