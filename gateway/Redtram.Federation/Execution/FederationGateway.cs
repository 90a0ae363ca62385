using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQLParser;
using GraphQLParser.AST;
using Redtram.Federation.Introspection;
using Redtram.Federation.Operations;
using Redtram.Federation.Planning;
using Redtram.Federation.Supergraph;
using Redtram.Federation.Validation;

namespace Redtram.Federation.Execution;

/// <summary>Limits and behaviour of the engine.</summary>
public sealed record EngineOptions
{
    /// <summary>Maximum nesting depth of a document; deeper documents are refused before validation.</summary>
    public int MaxDepth { get; init; } = 128;

    /// <summary>Number of distinct documents whose validation and plans are kept.</summary>
    public int DocumentCacheSize { get; init; } = 2048;

    /// <summary>Subgraphs served by one endpoint per country; null when none is partitioned.</summary>
    public PartitionMap? Partitions { get; init; }
}

/// <summary>How a request ended, for the transport to choose its status code.</summary>
public enum ResultKind
{
    /// <summary>Execution ran (data present, possibly null, possibly with errors).</summary>
    Executed,

    /// <summary>The request failed before execution (parse, validation, variables): no <c>data</c> key.</summary>
    RequestError,
}

/// <summary>The outcome of one request, ready to be written as a GraphQL response.</summary>
public sealed class GatewayResult
{
    internal GatewayResult(ResultKind kind, List<GraphQLError> errors, JsonObject? data, OperationNode? operation, Action<Utf8JsonWriter>? writeData)
    {
        Kind = kind;
        Errors = errors;
        Data = data;
        Operation = operation;
        _writeData = writeData;
    }

    private readonly Action<Utf8JsonWriter>? _writeData;

    public ResultKind Kind { get; }

    public IReadOnlyList<GraphQLError> Errors { get; }

    /// <summary>The merged data (null when execution did not run or data became null).</summary>
    internal JsonObject? Data { get; }

    public OperationNode? Operation { get; }

    /// <summary>The document's stable hash (SHA-256, hex) when the document parsed.</summary>
    public string? DocumentHash { get; internal init; }

    public QueryPlan? Plan { get; internal init; }

    /// <summary>Per-country outcome when partitioned subgraphs were asked (<c>extensions.countries</c>).</summary>
    public CountryReports? Countries { get; internal init; }

    public void WriteTo(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        if (Errors.Count > 0)
        {
            w.WritePropertyName("errors");
            WriteErrors(w, Errors);
        }

        if (Countries is { Reports.Count: > 0 })
        {
            w.WriteStartObject("extensions");
            w.WritePropertyName("countries");
            Countries.WriteTo(w);
            w.WriteEndObject();
        }

        if (Kind == ResultKind.Executed)
        {
            w.WritePropertyName("data");
            if (_writeData is null)
            {
                w.WriteNullValue();
            }
            else
            {
                _writeData(w);
            }
        }

        w.WriteEndObject();
    }

    public byte[] ToUtf8Bytes()
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, GraphQLJson.WriterOptions))
        {
            WriteTo(w);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public override string ToString() => Encoding.UTF8.GetString(ToUtf8Bytes());

    public static void WriteErrors(Utf8JsonWriter w, IEnumerable<GraphQLError> errors)
    {
        w.WriteStartArray();
        foreach (var e in errors)
        {
            w.WriteStartObject();
            w.WriteString("message", e.Message);
            if (e.Locations is { Count: > 0 })
            {
                w.WriteStartArray("locations");
                foreach (var l in e.Locations)
                {
                    w.WriteStartObject();
                    w.WriteNumber("line", l.Line);
                    w.WriteNumber("column", l.Column);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            if (e.Path is { } path)
            {
                w.WriteStartArray("path");
                foreach (var p in path)
                {
                    if (p is int i)
                    {
                        w.WriteNumberValue(i);
                    }
                    else
                    {
                        w.WriteStringValue(p.ToString());
                    }
                }

                w.WriteEndArray();
            }

            if (e.Extensions is { Count: > 0 })
            {
                w.WritePropertyName("extensions");
                e.Extensions.WriteTo(w);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}

/// <summary>
/// The engine's entry point: parse → validate → plan (cached per document and operation name) → execute → shape.
/// </summary>
public sealed class FederationGateway
{
    private readonly SupergraphDefinition _supergraph;
    private readonly QueryPlanner _planner;
    private readonly PlanExecutor _executor;
    private readonly EngineOptions _options;
    private readonly ConcurrentDictionary<string, CachedDocument> _documents = new(StringComparer.Ordinal);

    public FederationGateway(SupergraphDefinition supergraph, ISubgraphClient client, EngineOptions? options = null)
    {
        _supergraph = supergraph;
        _planner = new QueryPlanner(supergraph);
        _executor = new PlanExecutor(supergraph.Schema, client, options?.Partitions);
        _options = options ?? new EngineOptions();
    }

    public SupergraphDefinition Supergraph => _supergraph;

    private sealed class CachedDocument
    {
        public GraphQLDocument? Document { get; init; }

        public List<GraphQLError>? Errors { get; init; }

        public required string Hash { get; init; }

        public ConcurrentDictionary<string, PreparedOperation> Operations { get; } = new(StringComparer.Ordinal);
    }

    private sealed record PreparedOperation(GraphQLOperationDefinition? Definition, OperationNode? Operation, QueryPlan? Plan, GraphQLError? Error, bool IsRequestError);

    /// <summary>Returns the plan for a document and operation (parsing, validating and planning it as needed).</summary>
    public (QueryPlan? Plan, IReadOnlyList<GraphQLError> Errors) GetPlan(string query, string? operationName)
    {
        var doc = GetDocument(query);
        if (doc.Errors is { Count: > 0 })
        {
            return (null, doc.Errors);
        }

        var prepared = Prepare(doc, operationName);
        return prepared.Error is null ? (prepared.Plan, []) : (null, [prepared.Error]);
    }

    public Task<GatewayResult> ExecuteAsync(GraphQLRequest request, CancellationToken cancellationToken = default)
        => ExecuteAsync(request, null, cancellationToken);

    /// <summary>Executes a request; with <paramref name="access"/>, every fetch to a country of a partitioned subgraph is
    /// specialised to what the request may see there (see <see cref="IAccessScope"/>).</summary>
    public async Task<GatewayResult> ExecuteAsync(GraphQLRequest request, IAccessScope? access, CancellationToken cancellationToken = default)
    {
        using var activity = FederationTelemetry.Source.StartActivity("graphql.request");
        FederationTelemetry.Requests.Add(1);
        if (string.IsNullOrWhiteSpace(request.Query))
        {
            return RequestError(new GraphQLError("The request has no query document.", ErrorCodes.BadUserInput));
        }

        var doc = GetDocument(request.Query);
        if (doc.Errors is { Count: > 0 })
        {
            return new GatewayResult(ResultKind.RequestError, [.. doc.Errors], null, null, null) { DocumentHash = doc.Hash };
        }

        var prepared = Prepare(doc, request.OperationName);
        activity?.SetTag("graphql.operation.name", prepared.Operation?.Name);
        activity?.SetTag("graphql.document.hash", doc.Hash);
        if (prepared.Error is not null)
        {
            if (prepared.IsRequestError)
            {
                return new GatewayResult(ResultKind.RequestError, [prepared.Error], null, null, null) { DocumentHash = doc.Hash };
            }

            return new GatewayResult(ResultKind.Executed, [prepared.Error], null, prepared.Operation, null) { DocumentHash = doc.Hash };
        }

        var errors = new List<GraphQLError>();
        var variables = VariableCoercer.Coerce(_supergraph.ApiSchema, prepared.Definition!, request.Variables, errors);
        if (variables is null || errors.Count > 0)
        {
            return new GatewayResult(ResultKind.RequestError, errors, null, null, null) { DocumentHash = doc.Hash };
        }

        var op = prepared.Operation!;
        var countries = _options.Partitions is null ? null : new CountryReports();
        var data = await _executor.ExecuteAsync(prepared.Plan!, variables, errors, cancellationToken, countries, access).ConfigureAwait(false);
        ResolveRootIntrospection(op, data, variables);
        var shaper = new ResultShaper(_supergraph.ApiSchema, variables, errors);
        var ok = shaper.Complete(op, data);
        if (!ok)
        {
            shaper.ExplainNullData();
        }

        Action<Utf8JsonWriter>? write = ok ? w => shaper.Write(w, op, data) : null;
        return new GatewayResult(ResultKind.Executed, errors, ok ? data : null, op, write) { DocumentHash = doc.Hash, Plan = prepared.Plan, Countries = countries };
    }

    private static GatewayResult RequestError(GraphQLError error) => new(ResultKind.RequestError, [error], null, null, null);

    private void ResolveRootIntrospection(OperationNode op, JsonObject data, JsonObject variables)
    {
        foreach (var f in RootIntrospectionFields(op.SelectionSet))
        {
            data[f.ResponseKey] = IntrospectionResolver.Resolve(_supergraph.ApiSchema, f, variables);
        }
    }

    private static IEnumerable<FieldNode> RootIntrospectionFields(SelectionSetNode set)
    {
        foreach (var sel in set.Selections)
        {
            if (sel is FieldNode { Name: "__schema" or "__type" } f)
            {
                yield return f;
            }
            else if (sel is InlineFragmentNode i)
            {
                foreach (var x in RootIntrospectionFields(i.SelectionSet))
                {
                    yield return x;
                }
            }
        }
    }

    private CachedDocument GetDocument(string query)
    {
        if (_documents.TryGetValue(query, out var cached))
        {
            return cached;
        }

        using var activity = FederationTelemetry.Source.StartActivity("graphql.validate");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(query)));
        CachedDocument doc;
        try
        {
            var parsed = Parser.Parse(query, new ParserOptions { Ignore = IgnoreOptions.Comments, MaxDepth = _options.MaxDepth });
            var errors = DocumentValidator.Validate(_supergraph.ApiSchema, parsed);
            doc = new CachedDocument { Document = parsed, Errors = errors.Count > 0 ? [.. errors] : null, Hash = hash };
        }
        catch (GraphQLParser.Exceptions.GraphQLMaxDepthExceededException)
        {
            doc = new CachedDocument
            {
                Errors = [new GraphQLError($"The document is nested deeper than the limit of {_options.MaxDepth}.", ErrorCodes.ParseFailed)],
                Hash = hash,
            };
        }
        catch (GraphQLParser.Exceptions.GraphQLParserException ex)
        {
            doc = new CachedDocument
            {
                Errors = [new GraphQLError("Syntax Error: " + ex.Description, ErrorCodes.ParseFailed).WithLocation(ex.Location.Line, ex.Location.Column)],
                Hash = hash,
            };
        }

        if (_documents.Count >= _options.DocumentCacheSize)
        {
            _documents.Clear();
        }

        _documents[query] = doc;
        return doc;
    }

    private PreparedOperation Prepare(CachedDocument doc, string? operationName) =>
        doc.Operations.GetOrAdd(operationName ?? "", _ =>
        {
            var def = OperationNormalizer.SelectOperation(doc.Document!, operationName, out var error);
            if (def is null)
            {
                return new PreparedOperation(null, null, null, error, true);
            }

            if (def.Operation == OperationType.Subscription)
            {
                return new PreparedOperation(def, null, null, new GraphQLError("Subscriptions are not supported by this gateway.", ErrorCodes.SubscriptionsNotSupported), true);
            }

            var op = OperationNormalizer.Normalize(_supergraph.ApiSchema, doc.Document!, def);
            using var activity = FederationTelemetry.Source.StartActivity("graphql.plan");
            try
            {
                var plan = _planner.Plan(op);
                return new PreparedOperation(def, op, plan, null, false);
            }
            catch (QueryPlanningException ex)
            {
                activity?.SetStatus(ActivityStatusCode.Error);
                return new PreparedOperation(def, op, null, new GraphQLError(ex.Message, ErrorCodes.QueryPlanningFailed), false);
            }
        });
}
