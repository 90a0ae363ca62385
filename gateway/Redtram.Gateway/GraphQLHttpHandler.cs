using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Redtram.Federation.Execution;

namespace Redtram.Gateway;

/// <summary>
/// GraphQL over HTTP (https://graphql.github.io/graphql-over-http/): POST with <c>application/json</c>, GET for
/// queries, responses in <c>application/graphql-response+json</c> or <c>application/json</c> as the client accepts.
/// </summary>
internal sealed class GraphQLHttpHandler(GatewayState state, GatewayOptions options, Security.TokenValidator? validator = null, Security.PolicyStore? policy = null, Security.GrantHeaders? grants = null, Audit.RequestAuditor? auditor = null)
{
    private const string GraphQLResponse = "application/graphql-response+json";
    private const string Json = "application/json";
    private readonly HashSet<string> _nationalSubgraphs = [.. options.Partitions.Keys];

    public async Task HandlePostAsync(HttpContext ctx)
    {
        var mediaType = NegotiateMediaType(ctx.Request);
        if (mediaType is null)
        {
            await WriteErrorAsync(ctx, StatusCodes.Status406NotAcceptable, Json, "The Accept header allows neither application/graphql-response+json nor application/json.", "NOT_ACCEPTABLE");
            return;
        }

        var contentType = ctx.Request.ContentType;
        if (contentType is null || !contentType.StartsWith(Json, StringComparison.OrdinalIgnoreCase))
        {
            await WriteErrorAsync(ctx, StatusCodes.Status415UnsupportedMediaType, mediaType, "POST requests must have Content-Type: application/json.", "UNSUPPORTED_MEDIA_TYPE");
            return;
        }

        GraphQLRequest? request;
        try
        {
            if (ctx.Request.ContentLength > options.MaxRequestBytes)
            {
                await WriteErrorAsync(ctx, StatusCodes.Status413PayloadTooLarge, mediaType, $"The request body is larger than {options.MaxRequestBytes} bytes.", ErrorCodes.RequestTooLarge);
                return;
            }

            var node = await JsonNode.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted);
            request = ParseBody(node, out var problem);
            if (request is null)
            {
                await WriteErrorAsync(ctx, StatusCodes.Status400BadRequest, mediaType, problem!, ErrorCodes.BadUserInput);
                return;
            }
        }
        catch (JsonException)
        {
            await WriteErrorAsync(ctx, StatusCodes.Status400BadRequest, mediaType, "The request body is not valid JSON.", ErrorCodes.BadUserInput);
            return;
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await WriteErrorAsync(ctx, StatusCodes.Status413PayloadTooLarge, mediaType, $"The request body is larger than {options.MaxRequestBytes} bytes.", ErrorCodes.RequestTooLarge);
            return;
        }

        await ExecuteAsync(ctx, request, mediaType, allowMutation: true);
    }

    public async Task HandleGetAsync(HttpContext ctx)
    {
        var mediaType = NegotiateMediaType(ctx.Request);
        if (mediaType is null)
        {
            await WriteErrorAsync(ctx, StatusCodes.Status406NotAcceptable, Json, "The Accept header allows neither application/graphql-response+json nor application/json.", "NOT_ACCEPTABLE");
            return;
        }

        var q = ctx.Request.Query;
        JsonObject? variables = null;
        JsonObject? extensions = null;
        try
        {
            if (q.TryGetValue("variables", out var v) && !string.IsNullOrEmpty(v))
            {
                variables = JsonNode.Parse(v.ToString()) as JsonObject ?? throw new JsonException();
            }

            if (q.TryGetValue("extensions", out var e) && !string.IsNullOrEmpty(e))
            {
                extensions = JsonNode.Parse(e.ToString()) as JsonObject ?? throw new JsonException();
            }
        }
        catch (JsonException)
        {
            await WriteErrorAsync(ctx, StatusCodes.Status400BadRequest, mediaType, "The variables and extensions parameters must be JSON objects.", ErrorCodes.BadUserInput);
            return;
        }

        var request = new GraphQLRequest
        {
            Query = q["query"].ToString() is { Length: > 0 } s ? s : null,
            OperationName = q["operationName"].ToString() is { Length: > 0 } n ? n : null,
            Variables = variables,
            Extensions = extensions,
        };
        await ExecuteAsync(ctx, request, mediaType, allowMutation: false);
    }

    private async Task ExecuteAsync(HttpContext ctx, GraphQLRequest request, string mediaType, bool allowMutation)
    {
        IAccessScope? access = null;
        if (validator is not null)
        {
            var auth = validator.Validate(ctx.Request.Headers.Authorization.ToString() is { Length: > 0 } h ? h : null, DateTimeOffset.UtcNow);
            if (!auth.Succeeded)
            {
                // No data without a valid token from a trusted national issuer (RFC 6750).
                ctx.Response.Headers.WWWAuthenticate = auth.Failure!.WwwAuthenticate;
                await WriteErrorAsync(ctx, auth.Failure.StatusCode, mediaType, "A valid bearer token from a trusted national issuer is required.", "UNAUTHENTICATED");
                return;
            }

            auditor?.Begin(ctx, auth.Principal, request); // audit: from here on, every answer is audited first

            if (policy is not null)
            {
                var current = policy.Current;
                Security.RequestContext? context = null;
                if (request.Query is not null && TouchesNationalData(request))
                {
                    // Every access to national data declares its purpose, legal basis and requesting case (domain §8).
                    JsonElement? extensions = request.Extensions is null ? null : JsonSerializer.SerializeToElement(request.Extensions);
                    var declared = Security.RequestContext.Parse(extensions, ctx.Request.Headers, auth.Principal!, current);
                    if (!declared.Succeeded)
                    {
                        await WriteErrorAsync(ctx, StatusCodes.Status400BadRequest, mediaType, declared.Error!.Message, ErrorCodes.BadUserInput);
                        return;
                    }

                    context = declared.Context;
                    Audit.RequestAuditor.Declare(ctx, declared.Context); // audit
                }

                // The owner's rules, per country, before any fetch (architecture §4).
                string? userRef = null;
                access = new Security.PolicyAccessScope(current, auth.Principal!, context, DateTimeOffset.UtcNow, _nationalSubgraphs,
                    grants is null ? null : (principal, declared, grant, owner) => grants.For(current, principal, userRef ??= Security.GrantHeaders.UserRef(principal), declared, grant, owner));
            }
        }

        if (string.IsNullOrWhiteSpace(request.Query))
        {
            await WriteErrorAsync(ctx, StatusCodes.Status400BadRequest, mediaType, "The request has no query document.", ErrorCodes.BadUserInput);
            return;
        }

        GatewayResult result;
        var engine = state.Engine!;
        try
        {
            if (!allowMutation && request.Query is not null)
            {
                var (plan, _) = engine.GetPlan(request.Query, request.OperationName);
                if (plan?.Operation.Kind == GraphQLParser.AST.OperationType.Mutation)
                {
                    ctx.Response.Headers.Allow = "POST";
                    await WriteErrorAsync(ctx, StatusCodes.Status405MethodNotAllowed, mediaType, "Mutations can only be sent with POST.", "METHOD_NOT_ALLOWED");
                    return;
                }
            }

            result = await engine.ExecuteAsync(request, access, ctx.RequestAborted);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            if (auditor is not null)
            {
                await auditor.RecordAbortedAsync(ctx);
            }

            return;
        }
        catch (Exception)
        {
            // Never leak internals: the client gets a generic error; details stay in the server's telemetry.
            await WriteErrorAsync(ctx, StatusCodes.Status200OK, mediaType, "An internal error occurred while executing the request.", ErrorCodes.InternalServerError, requestError: false);
            return;
        }

        if (auditor is not null && !await auditor.RecordResultAsync(ctx, result))
        {
            await WriteAuditUnavailableAsync(ctx, mediaType); // no answer without its audit entry
            return;
        }

        var status = result.Kind == ResultKind.RequestError && mediaType == GraphQLResponse ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK;
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = mediaType + "; charset=utf-8";
        var buffer = new ArrayBufferWriter<byte>(4096);
        await using (var w = new Utf8JsonWriter(buffer, GraphQLJson.WriterOptions))
        {
            result.WriteTo(w);
        }

        await ctx.Response.Body.WriteAsync(buffer.WrittenMemory, ctx.RequestAborted);
    }

    /// <summary>Whether the operation's plan asks a partitioned (national) subgraph.</summary>
    private bool TouchesNationalData(GraphQLRequest request)
    {
        var engine = state.Engine!;
        var (plan, _) = engine.GetPlan(request.Query!, request.OperationName);
        return plan?.Root is { } root && options.Partitions.Count > 0 && Touches(root);

        bool Touches(Redtram.Federation.Planning.PlanNode node) => node switch
        {
            Redtram.Federation.Planning.FetchNode f => options.Partitions.ContainsKey(f.Subgraph),
            Redtram.Federation.Planning.FlattenNode fl => Touches(fl.Node),
            Redtram.Federation.Planning.SequenceNode sq => sq.Nodes.Any(Touches),
            Redtram.Federation.Planning.ParallelNode p => p.Nodes.Any(Touches),
            Redtram.Federation.Planning.ConditionNode c => (c.IfClause is not null && Touches(c.IfClause)) || (c.ElseClause is not null && Touches(c.ElseClause)),
            _ => false,
        };
    }

    private static GraphQLRequest? ParseBody(JsonNode? node, out string? problem)
    {
        problem = null;
        if (node is not JsonObject obj)
        {
            problem = "The request body must be a JSON object.";
            return null;
        }

        string? query = null;
        if (obj["query"] is { } q)
        {
            if (q is not JsonValue qv || !qv.TryGetValue<string>(out query))
            {
                problem = "The 'query' parameter must be a string.";
                return null;
            }
        }

        string? opName = null;
        if (obj["operationName"] is { } o)
        {
            if (o is not JsonValue ov || !ov.TryGetValue<string>(out opName))
            {
                problem = "The 'operationName' parameter must be a string.";
                return null;
            }
        }

        var variables = obj["variables"];
        if (variables is not null and not JsonObject)
        {
            problem = "The 'variables' parameter must be an object.";
            return null;
        }

        var extensions = obj["extensions"];
        if (extensions is not null and not JsonObject)
        {
            problem = "The 'extensions' parameter must be an object.";
            return null;
        }

        obj.Remove("variables");
        obj.Remove("extensions");
        return new GraphQLRequest { Query = query, OperationName = opName, Variables = variables as JsonObject, Extensions = extensions as JsonObject };
    }

    /// <summary>Picks the response media type from the Accept header; null when none is acceptable.</summary>
    internal static string? NegotiateMediaType(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        if (string.IsNullOrWhiteSpace(accept))
        {
            return Json;
        }

        string? best = null;
        var bestQ = -1.0;
        foreach (var part in accept.Split(','))
        {
            var pieces = part.Split(';');
            var type = pieces[0].Trim().ToLowerInvariant();
            var quality = 1.0;
            foreach (var p in pieces.Skip(1))
            {
                var kv = p.Trim();
                if (kv.StartsWith("q=", StringComparison.Ordinal) && double.TryParse(kv[2..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var qv))
                {
                    quality = qv;
                }
            }

            var candidate = type switch
            {
                GraphQLResponse => GraphQLResponse,
                Json => Json,
                "application/*" or "*/*" => Json,
                _ => null,
            };
            if (candidate is not null && quality > 0 && (quality > bestQ || (quality == bestQ && candidate == GraphQLResponse && best != GraphQLResponse)))
            {
                best = candidate;
                bestQ = quality;
            }
        }

        return best;
    }

    // ---------- audit ----------

    /// <summary>An error answer; after authentication it is audited first (outcome rejected, or failed for an internal error).</summary>
    private async Task WriteErrorAsync(HttpContext ctx, int status, string mediaType, string message, string code, bool requestError = true)
    {
        if (auditor is not null && !await auditor.RecordRejectionAsync(ctx, code))
        {
            await WriteAuditUnavailableAsync(ctx, mediaType);
            return;
        }

        await WriteErrorBodyAsync(ctx, status, mediaType, message, code, requestError);
    }

    /// <summary>503 AUDIT_UNAVAILABLE, no data: the request's audit entry could not be made durable.</summary>
    private static Task WriteAuditUnavailableAsync(HttpContext ctx, string mediaType)
    {
        ctx.Response.Headers.RetryAfter = "5";
        return WriteErrorBodyAsync(ctx, StatusCodes.Status503ServiceUnavailable, mediaType,
            "The request could not be recorded in the audit log, so it is not answered. Try again later.", "AUDIT_UNAVAILABLE");
    }

    private static async Task WriteErrorBodyAsync(HttpContext ctx, int status, string mediaType, string message, string code, bool requestError = true)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = mediaType + "; charset=utf-8";
        var buffer = new ArrayBufferWriter<byte>(256);
        await using (var w = new Utf8JsonWriter(buffer, GraphQLJson.WriterOptions))
        {
            w.WriteStartObject();
            w.WritePropertyName("errors");
            GatewayResult.WriteErrors(w, [new GraphQLError(message, code)]);
            if (!requestError)
            {
                w.WriteNull("data");
            }

            w.WriteEndObject();
        }

        await ctx.Response.Body.WriteAsync(buffer.WrittenMemory, ctx.RequestAborted);
    }
}
