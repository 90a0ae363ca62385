using System.Net;
using System.Text.Json.Nodes;

namespace Redtram.Gateway.Tests.Http;

/// <summary>The gateway's HTTP contract: GraphQL over HTTP media types and status codes, bad input, failing subgraphs.</summary>
public class GraphQLOverHttpTests
{
    private const string FullQuery = """{"query":"{ topProducts { name shippingEstimate reviews { body author { username } } } }"}""";

    private static void AssertJson(string expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), "expected " + expected + "\nactual   " + actual.ToJsonString());

    [Fact]
    public async Task Joins_three_subgraphs_into_one_response()
    {
        await using var subgraphs = await ClassicSubgraphs.StartAsync();
        await using var gw = await RunningGateway.StartAsync(ClassicSubgraphs.SupergraphPath, subgraphs.Urls);
        var (status, type, body) = await gw.PostAsync(FullQuery);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", type);
        AssertJson("""
            {"data":{"topProducts":[
              {"name":"Mesa","shippingEstimate":100,"reviews":[{"body":"Buena 1","author":{"username":"ana1"}}]},
              {"name":"Silla","shippingEstimate":20,"reviews":[{"body":"Buena 2","author":{"username":"ana2"}}]}]}}
            """, body);
        Assert.Equal(1, subgraphs.Products.Requests);
        Assert.Equal(1, subgraphs.Inventory.Requests);
        Assert.Equal(1, subgraphs.Reviews.Requests);
        var reps = subgraphs.Inventory.LastRequest!["variables"]!["representations"]!;
        AssertJson("""[{"__typename":"Product","upc":"1","price":100,"weight":10},{"__typename":"Product","upc":"2","price":50,"weight":4}]""", reps);
    }

    [Fact]
    public async Task Status_codes_follow_the_accepted_media_type()
    {
        await using var subgraphs = await ClassicSubgraphs.StartAsync();
        await using var gw = await RunningGateway.StartAsync(ClassicSubgraphs.SupergraphPath, subgraphs.Urls);
        var invalid = """{"query":"{ topProducts { nope } }"}""";

        var (s1, t1, b1) = await gw.PostAsync(invalid, accept: "application/graphql-response+json");
        Assert.Equal(HttpStatusCode.BadRequest, s1);
        Assert.Equal("application/graphql-response+json", t1);
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", (string?)b1["errors"]![0]!["extensions"]!["code"]);
        Assert.False(b1.ContainsKey("data"));

        var (s2, t2, b2) = await gw.PostAsync(invalid, accept: "application/json");
        Assert.Equal(HttpStatusCode.OK, s2);
        Assert.Equal("application/json", t2);
        AssertJson("""[{"line":1,"column":17}]""", b2["errors"]![0]!["locations"]!);

        var (s3, _, b3) = await gw.PostAsync("""{"query":"{ topProducts { "}""");
        Assert.Equal(HttpStatusCode.OK, s3);
        Assert.Equal("GRAPHQL_PARSE_FAILED", (string?)b3["errors"]![0]!["extensions"]!["code"]);

        var (s4, _, _) = await gw.PostAsync(FullQuery, accept: "text/html");
        Assert.Equal(HttpStatusCode.NotAcceptable, s4);

        var (s5, _, _) = await gw.PostAsync(FullQuery, contentType: "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, s5);

        var (s6, _, b6) = await gw.PostAsync("not json");
        Assert.Equal(HttpStatusCode.BadRequest, s6);
        Assert.Equal("BAD_USER_INPUT", (string?)b6["errors"]![0]!["extensions"]!["code"]);

        var (s7, _, b7) = await gw.PostAsync("""{"variables":{}}""");
        Assert.Equal(HttpStatusCode.BadRequest, s7);
        Assert.Equal("The request has no query document.", (string?)b7["errors"]![0]!["message"]);
    }

    [Fact]
    public async Task Get_serves_queries_with_variables()
    {
        await using var subgraphs = await ClassicSubgraphs.StartAsync();
        await using var gw = await RunningGateway.StartAsync(ClassicSubgraphs.SupergraphPath, subgraphs.Urls);
        var url = "/graphql?query=" + Uri.EscapeDataString("query Q($n: Int) { topProducts(first: $n) { name } }") + "&variables=" + Uri.EscapeDataString("""{"n":2}""");
        var text = await gw.Client.GetStringAsync(url);
        AssertJson("""{"data":{"topProducts":[{"name":"Mesa"},{"name":"Silla"}]}}""", JsonNode.Parse(text)!);
        Assert.Equal(2, (int)subgraphs.Products.LastRequest!["variables"]!["n"]!);
        Assert.Contains("query Q__products__0($n: Int)", (string)subgraphs.Products.LastRequest["query"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_gets_clear_errors_and_the_server_stays_up()
    {
        await using var subgraphs = await ClassicSubgraphs.StartAsync();
        await using var gw = await RunningGateway.StartAsync(ClassicSubgraphs.SupergraphPath, subgraphs.Urls);

        var deep = "{\"query\":\"" + string.Concat(Enumerable.Repeat("{ a ", 1000)) + new string('}', 1000) + "\"}";
        var (_, _, b1) = await gw.PostAsync(deep);
        Assert.Equal("GRAPHQL_PARSE_FAILED", (string?)b1["errors"]![0]!["extensions"]!["code"]);

        var (_, _, b2) = await gw.PostAsync("""{"query":"query($n: Int!) { topProducts(first: $n) { name } }","variables":{"n":"x"}}""");
        AssertJson("""{"errors":[{"message":"Variable \"$n\" got invalid value \"x\"; Int cannot represent non-integer value: \"x\"","extensions":{"code":"BAD_USER_INPUT"}}]}""", b2);

        var (_, _, b3) = await gw.PostAsync("""{"query":"subscription { topProducts { name } }"}""");
        Assert.NotNull(b3["errors"]);

        var (_, _, b4) = await gw.PostAsync("""{"query":"query A { topProducts { name } } query B { topProducts { upc } }"}""");
        Assert.Equal("OPERATION_RESOLUTION_FAILURE", (string?)b4["errors"]![0]!["extensions"]!["code"]);

        var big = "{\"query\":\"{ topProducts { name } }\",\"extensions\":{\"pad\":\"" + new string('x', 2 * 1024 * 1024) + "\"}}";
        var (s5, _, b5) = await gw.PostAsync(big, expectContinue: true);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, s5);
        Assert.Equal("REQUEST_TOO_LARGE", (string?)b5["errors"]![0]!["extensions"]!["code"]);

        var (s6, _, b6) = await gw.PostAsync(FullQuery);
        Assert.Equal(HttpStatusCode.OK, s6);
        Assert.Null(b6["errors"]);
    }

    [Fact]
    public async Task A_subgraph_that_is_down_fails_only_its_part()
    {
        await using var subgraphs = await ClassicSubgraphs.StartAsync();
        var urls = subgraphs.Urls;
        urls["inventory"] = "http://127.0.0.1:1/graphql";
        await using var gw = await RunningGateway.StartAsync(ClassicSubgraphs.SupergraphPath, urls);
        var (status, _, body) = await gw.PostAsync(FullQuery);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Mesa", (string?)body["data"]!["topProducts"]![0]!["name"]);
        Assert.Null(body["data"]!["topProducts"]![0]!["shippingEstimate"]);
        Assert.Equal("ana1", (string?)body["data"]!["topProducts"]![0]!["reviews"]![0]!["author"]!["username"]);
        var error = body["errors"]![0]!;
        Assert.Equal("SUBREQUEST_HTTP_ERROR", (string?)error["extensions"]!["code"]);
        Assert.Equal("inventory", (string?)error["extensions"]!["serviceName"]);
        Assert.DoesNotContain("   at ", body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slow_and_invalid_subgraphs_give_errors_for_their_part()
    {
        await using var subgraphs = await ClassicSubgraphs.StartAsync(
            inventory: async _ =>
            {
                await Task.Delay(3000);
                return (200, "application/json", """{"data":{"_entities":[]}}""");
            },
            reviews: _ => Task.FromResult((200, "application/json", "{ this is not json")));
        await using var gw = await RunningGateway.StartAsync(ClassicSubgraphs.SupergraphPath, subgraphs.Urls, TimeSpan.FromMilliseconds(300));
        var (status, _, body) = await gw.PostAsync(FullQuery);
        Assert.Equal(HttpStatusCode.OK, status);
        var codes = body["errors"]!.AsArray().Select(e => (string)e!["extensions"]!["code"]!).OrderBy(c => c, StringComparer.Ordinal).ToArray();
        Assert.Equal(["SUBGRAPH_INVALID_RESPONSE", "SUBGRAPH_TIMEOUT"], codes);
        Assert.Equal("Silla", (string?)body["data"]!["topProducts"]![1]!["name"]);
    }

    [Fact]
    public async Task Entity_errors_are_rewritten_to_the_client_path()
    {
        await using var subgraphs = await ClassicSubgraphs.StartAsync(
            inventory: _ => ScriptedSubgraph.Json("""
                {"data":{"_entities":[{"shippingEstimate":7},null]},
                 "errors":[{"message":"no stock data","path":["_entities",1,"shippingEstimate"],"extensions":{"code":"NOT_FOUND"}}]}
                """));
        await using var gw = await RunningGateway.StartAsync(ClassicSubgraphs.SupergraphPath, subgraphs.Urls);
        var (_, _, body) = await gw.PostAsync("""{"query":"{ topProducts { name shippingEstimate } }"}""");
        AssertJson("""
            {"errors":[{"message":"no stock data","path":["topProducts",1,"shippingEstimate"],"extensions":{"code":"NOT_FOUND","serviceName":"inventory"}}],
             "data":{"topProducts":[{"name":"Mesa","shippingEstimate":7},{"name":"Silla","shippingEstimate":null}]}}
            """, body);
    }

    [Fact]
    public async Task Health_answers_once_the_supergraph_is_loaded()
    {
        await using var subgraphs = await ClassicSubgraphs.StartAsync();
        await using var gw = await RunningGateway.StartAsync(ClassicSubgraphs.SupergraphPath, subgraphs.Urls);
        var res = await gw.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        AssertJson("""{"status":"ok","subgraphs":3}""", JsonNode.Parse(await res.Content.ReadAsStringAsync())!);
    }
}
