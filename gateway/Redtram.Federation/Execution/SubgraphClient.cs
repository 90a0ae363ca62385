using System.Buffers;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Redtram.Federation.Execution;

/// <summary>A subgraph's answer: the GraphQL response body.</summary>
public sealed record SubgraphResponse(JsonNode? Data, JsonArray? Errors);

/// <summary>Why a subgraph request produced no GraphQL response.</summary>
public enum SubgraphFailure
{
    Unavailable,
    Timeout,
    HttpStatus,
    InvalidResponse,
}

/// <summary>A subgraph request that produced no usable GraphQL response. The message never contains request data.</summary>
public sealed class SubgraphRequestException(SubgraphFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public SubgraphFailure Failure { get; } = failure;
}

/// <summary>Sends one GraphQL request to one subgraph.</summary>
public interface ISubgraphClient
{
    Task<SubgraphResponse> ExecuteAsync(string subgraph, string query, string? operationName, JsonObject? variables, CancellationToken cancellationToken);

    /// <summary>As <see cref="ExecuteAsync(string, string, string?, JsonObject?, CancellationToken)"/>, with extra HTTP headers
    /// (e.g. a signed grant for a country). Clients that cannot send headers ignore them.</summary>
    Task<SubgraphResponse> ExecuteAsync(string subgraph, string query, string? operationName, JsonObject? variables, IReadOnlyList<KeyValuePair<string, string>>? headers, CancellationToken cancellationToken)
        => ExecuteAsync(subgraph, query, operationName, variables, cancellationToken);
}

/// <summary>Subgraph client over HTTP: pooled connections, JSON POST, a per-request timeout.</summary>
public sealed class HttpSubgraphClient : ISubgraphClient, IDisposable
{
    private static readonly JsonWriterOptions WriterOptions = GraphQLJson.WriterOptions;
    private readonly HttpClient _http;
    private readonly IReadOnlyDictionary<string, Uri> _urls;
    private readonly TimeSpan _timeout;

    public HttpSubgraphClient(IReadOnlyDictionary<string, Uri> urls, TimeSpan timeout, HttpMessageHandler? handler = null)
    {
        _urls = urls;
        _timeout = timeout;
        _http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            MaxConnectionsPerServer = 512,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public Task<SubgraphResponse> ExecuteAsync(string subgraph, string query, string? operationName, JsonObject? variables, CancellationToken cancellationToken)
        => ExecuteAsync(subgraph, query, operationName, variables, null, cancellationToken);

    public async Task<SubgraphResponse> ExecuteAsync(string subgraph, string query, string? operationName, JsonObject? variables, IReadOnlyList<KeyValuePair<string, string>>? headers, CancellationToken cancellationToken)
    {
        if (!_urls.TryGetValue(subgraph, out var url))
        {
            throw new SubgraphRequestException(SubgraphFailure.Unavailable, $"No URL is configured for the subgraph \"{subgraph}\".");
        }

        var buffer = new ArrayBufferWriter<byte>(256 + query.Length);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("query", query);
            if (operationName is not null)
            {
                w.WriteString("operationName", operationName);
            }

            if (variables is not null && variables.Count > 0)
            {
                w.WritePropertyName("variables");
                variables.WriteTo(w);
            }

            w.WriteEndObject();
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(_timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new ReadOnlyMemoryContent(buffer.WrittenMemory),
            Version = HttpVersion.Version11,
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        request.Headers.TryAddWithoutValidation("Accept", "application/graphql-response+json, application/json");
        if (headers is not null)
        {
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SubgraphRequestException(SubgraphFailure.Timeout, $"The subgraph \"{subgraph}\" did not answer within {_timeout.TotalMilliseconds:0} ms.");
        }
        catch (HttpRequestException ex)
        {
            throw new SubgraphRequestException(SubgraphFailure.Unavailable, $"The subgraph \"{subgraph}\" is unavailable: {ex.HttpRequestError}.", ex);
        }

        using (response)
        {
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            var isGraphQLResponse = mediaType is "application/json" or "application/graphql-response+json";
            if (!response.IsSuccessStatusCode && !(isGraphQLResponse && mediaType == "application/graphql-response+json"))
            {
                if (!isGraphQLResponse)
                {
                    throw new SubgraphRequestException(SubgraphFailure.HttpStatus, $"The subgraph \"{subgraph}\" answered HTTP {(int)response.StatusCode}.");
                }
            }

            JsonNode? body;
            try
            {
                await using var stream = await response.Content.ReadAsStreamAsync(cts.Token).ConfigureAwait(false);
                body = await JsonNode.ParseAsync(stream, cancellationToken: cts.Token).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                throw new SubgraphRequestException(SubgraphFailure.InvalidResponse, $"The subgraph \"{subgraph}\" answered with invalid JSON (HTTP {(int)response.StatusCode}).");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new SubgraphRequestException(SubgraphFailure.Timeout, $"The subgraph \"{subgraph}\" did not answer within {_timeout.TotalMilliseconds:0} ms.");
            }
            catch (HttpRequestException ex)
            {
                throw new SubgraphRequestException(SubgraphFailure.Unavailable, $"The subgraph \"{subgraph}\" closed the connection: {ex.HttpRequestError}.", ex);
            }

            if (body is not JsonObject obj || (!obj.ContainsKey("data") && !obj.ContainsKey("errors")))
            {
                throw new SubgraphRequestException(SubgraphFailure.InvalidResponse, $"The subgraph \"{subgraph}\" answered HTTP {(int)response.StatusCode} without a GraphQL response.");
            }

            var data = obj["data"];
            var errors = obj["errors"] as JsonArray;
            obj.Remove("data");
            obj.Remove("errors");
            return new SubgraphResponse(data, errors);
        }
    }

    public void Dispose() => _http.Dispose();
}
