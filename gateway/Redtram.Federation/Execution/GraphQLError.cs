using System.Text.Json.Nodes;

namespace Redtram.Federation.Execution;

/// <summary>A location in a GraphQL document (1-based line and column).</summary>
public readonly record struct ErrorLocation(int Line, int Column);

/// <summary>A GraphQL error in the shape the specification defines.</summary>
public sealed class GraphQLError
{
    public GraphQLError(string message, string? code = null)
    {
        Message = message;
        if (code is not null)
        {
            Extensions = new JsonObject { ["code"] = code };
        }
    }

    public string Message { get; }

    public List<ErrorLocation>? Locations { get; set; }

    /// <summary>Path elements: strings for field response keys, ints for list indices.</summary>
    public List<object>? Path { get; set; }

    public JsonObject? Extensions { get; set; }

    public string? Code => Extensions?["code"]?.GetValue<string>();

    public GraphQLError WithLocation(int line, int column)
    {
        (Locations ??= []).Add(new ErrorLocation(line, column));
        return this;
    }

    public GraphQLError WithExtension(string name, JsonNode? value)
    {
        (Extensions ??= [])[name] = value;
        return this;
    }

    public override string ToString() => Code is null ? Message : $"{Message} [{Code}]";
}

/// <summary>Stable error codes used in <c>extensions.code</c>.</summary>
public static class ErrorCodes
{
    public const string ParseFailed = "GRAPHQL_PARSE_FAILED";
    public const string ValidationFailed = "GRAPHQL_VALIDATION_FAILED";
    public const string BadUserInput = "BAD_USER_INPUT";
    public const string OperationNotFound = "OPERATION_NOT_FOUND";
    public const string OperationResolutionFailure = "OPERATION_RESOLUTION_FAILURE";
    public const string SubscriptionsNotSupported = "SUBSCRIPTIONS_NOT_SUPPORTED";
    public const string SubgraphError = "SUBGRAPH_ERROR";
    public const string DownstreamServiceError = "DOWNSTREAM_SERVICE_ERROR";
    public const string SubgraphUnavailable = "SUBREQUEST_HTTP_ERROR";
    public const string SubgraphTimeout = "SUBGRAPH_TIMEOUT";
    public const string SubgraphInvalidResponse = "SUBGRAPH_INVALID_RESPONSE";
    public const string QueryPlanningFailed = "QUERY_PLANNING_FAILED";
    public const string InternalServerError = "INTERNAL_SERVER_ERROR";
    public const string PersistedQueryNotFound = "PERSISTED_QUERY_NOT_FOUND";
    public const string RequestTooLarge = "REQUEST_TOO_LARGE";
    public const string AccessDenied = "ACCESS_DENIED";
}
