using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using GraphQL;
using GraphQL.Validation;
using GraphQLParser;
using GraphQLParser.AST;
using Redtram.Gateway.Explorer;

namespace Redtram.Gateway.Tests.Explorer;

/// <summary>The explorer page: served with its CSP, only relative asset URLs, every asset there, examples that parse.</summary>
public partial class ExplorerPageTests
{
    [GeneratedRegex("""<(script|link)\b[^>]*?\b(src|href)\s*=\s*"([^"]*)"[^>]*>""", RegexOptions.IgnoreCase)]
    private static partial Regex AssetReference();

    private static HttpClient NoRedirects(Uri baseAddress) => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = baseAddress };

    private static List<string> AssetUrls(string html) =>
        AssetReference().Matches(html)
            .Select(m => m.Groups[3].Value)
            .Where(u => !u.StartsWith("data:", StringComparison.Ordinal))
            .ToList();

    [Fact]
    public async Task Explorer_page_has_the_csp_and_only_relative_urls()
    {
        await using var host = await ExplorerHost.StartAsync();
        using var http = NoRedirects(host.BaseAddress);

        using var response = await http.GetAsync("explorer/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(ExplorerEndpoints.ContentSecurityPolicy, csp);
        foreach (var directive in new[] { "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "connect-src 'self'", "img-src 'self' data:" })
        {
            Assert.Contains(directive + ";", csp + ";", StringComparison.Ordinal);
        }

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Redtram Federation", html, StringComparison.Ordinal);

        // No absolute URL anywhere in the page (the SVG namespace is the only one a page may legitimately carry,
        // and this page has none), no protocol-relative or root-relative asset URL, no inline script.
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        var urls = AssetUrls(html);
        Assert.NotEmpty(urls);
        Assert.All(urls, u => Assert.False(u.StartsWith('/') || u.Contains(':', StringComparison.Ordinal), "not a relative URL: " + u));
        var scripts = Regex.Matches(html, @"<script\b([^>]*)>(.*?)</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase);
        Assert.Equal(4, scripts.Count);
        Assert.All(scripts, s =>
        {
            Assert.Contains("src=", s.Groups[1].Value, StringComparison.Ordinal);
            Assert.True(string.IsNullOrWhiteSpace(s.Groups[2].Value), "inline script: " + s.Value);
        });
        Assert.DoesNotMatch(@"\son[a-z]+\s*=", html);
    }

    [Fact]
    public async Task Every_asset_the_page_references_is_served_with_its_content_type()
    {
        await using var host = await ExplorerHost.StartAsync();
        using var http = NoRedirects(host.BaseAddress);
        var page = new Uri(host.BaseAddress, "explorer/");
        var html = await http.GetStringAsync(page);

        var expected = new Dictionary<string, string>
        {
            [".js"] = "text/javascript",
            [".css"] = "text/css",
            [".json"] = "application/json",
        };
        var assets = AssetUrls(html).Append("examples.json").ToList();
        Assert.Contains(assets, a => a.EndsWith("graphiql.min.js", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.EndsWith("graphiql.min.css", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.EndsWith("react.production.min.js", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.EndsWith("react-dom.production.min.js", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.EndsWith("explorer.js", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            using var response = await http.GetAsync(new Uri(page, asset));
            Assert.True(response.StatusCode == HttpStatusCode.OK, asset + " answered " + response.StatusCode);
            Assert.Equal(expected[Path.GetExtension(asset)], response.Content.Headers.ContentType!.MediaType);
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 0, asset + " is empty");
            var cache = response.Headers.CacheControl!;
            if (asset.StartsWith("vendor/", StringComparison.Ordinal))
            {
                Assert.True(cache.MaxAge >= TimeSpan.FromDays(30), asset + ": " + cache);
                Assert.True(cache.Public, asset + ": " + cache);
            }
            else
            {
                Assert.True(cache.NoCache, asset + ": " + cache);
            }

            // Revalidation works (the page's own files are no-cache, so browsers ask every time).
            using var again = new HttpRequestMessage(HttpMethod.Get, new Uri(page, asset));
            again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
            using var notModified = await http.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        }

        // The licence files travel with the vendored builds.
        foreach (var vendor in AssetUrls(html).Where(a => a.StartsWith("vendor/", StringComparison.Ordinal)).Select(a => a[..(a.LastIndexOf('/') + 1)]).Distinct())
        {
            using var licence = await http.GetAsync(new Uri(page, vendor + "LICENSE"));
            Assert.Equal(HttpStatusCode.OK, licence.StatusCode);
            Assert.Equal("text/plain", licence.Content.Headers.ContentType!.MediaType);
        }
    }

    [Fact]
    public async Task Root_redirects_and_nothing_outside_the_explorer_folder_is_served()
    {
        await using var host = await ExplorerHost.StartAsync();
        using var http = NoRedirects(host.BaseAddress);

        using var root = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        Assert.Equal("/explorer/", root.Headers.Location!.OriginalString);

        using var noSlash = await http.GetAsync("/explorer");
        Assert.Equal(HttpStatusCode.Redirect, noSlash.StatusCode);
        Assert.Equal("/explorer/", noSlash.Headers.Location!.OriginalString);

        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/explorer/"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);

        foreach (var path in new[]
                 {
                     "/explorer/missing.js", "/explorer/vendor/", "/explorer/%2e%2e/%2e%2e/Redtram.Gateway.csproj",
                     "/explorer/..%2F..%2FRedtram.Gateway.csproj", "/explorer/vendor/..%5C..%5Cindex.html", "/explorer/.hidden",
                     "/explorer/vendor/graphiql-3.9.0/graphiql.min.js.map",
                 })
        {
            using var response = await http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, path + " answered " + response.StatusCode);
        }

        using var post = await http.PostAsync("/explorer/", new StringContent(""));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }

    [Fact]
    public async Task Another_examples_file_can_be_served()
    {
        var file = Path.Combine(Path.GetTempPath(), "redtram-examples-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(file, """{"examples":[{"name":"Mine","query":"{ contactPoint(country: PE) { email } }"}]}""");
        try
        {
            await using var host = await ExplorerHost.StartAsync(file);
            using var http = NoRedirects(host.BaseAddress);
            using var response = await http.GetAsync("explorer/examples.json");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
            Assert.Contains("\"Mine\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }

        await Assert.ThrowsAsync<FileNotFoundException>(async () => await ExplorerHost.StartAsync(file));
    }

    [Fact]
    public void Default_query_parses_and_needs_no_variables()
    {
        using var doc = ExplorerHost.ReadExamples(Path.Combine(ExplorerHost.SourceExplorerFolder, "examples.json"));
        var query = doc.RootElement.GetProperty("defaultQuery").GetString()!;
        var operation = Assert.Single(Parser.Parse(query).Definitions.OfType<GraphQLOperationDefinition>());
        Assert.True(operation.Variables is null || operation.Variables.Items.Count == 0, "the default query is shown without variables");
    }

    public static TheoryData<string> ExampleNames()
    {
        var data = new TheoryData<string>();
        data.Add(DefaultQuery);
        using var doc = ExplorerHost.ReadExamples(Path.Combine(ExplorerHost.SourceExplorerFolder, "examples.json"));
        foreach (var e in doc.RootElement.GetProperty("examples").EnumerateArray())
        {
            data.Add(e.GetProperty("name").GetString()!);
        }

        return data;
    }

    [Fact]
    public void Examples_file_has_examples_with_a_name_a_description_a_query_and_object_variables()
    {
        using var doc = ExplorerHost.ReadExamples(Path.Combine(ExplorerHost.SourceExplorerFolder, "examples.json"));
        var examples = doc.RootElement.GetProperty("examples").EnumerateArray().ToList();
        Assert.True(examples.Count >= 5, "expected at least five examples");
        Assert.Equal(examples.Count, examples.Select(e => e.GetProperty("name").GetString()).Distinct().Count());
        foreach (var e in examples)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("name").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("description").GetString()));
            Assert.Equal(JsonValueKind.String, e.GetProperty("query").ValueKind);
            if (e.TryGetProperty("variables", out var v))
            {
                Assert.Equal(JsonValueKind.Object, v.ValueKind);
            }
        }

        // The brief's coverage: names with variant spellings, documents, phones, cases by offence category, a person by id.
        var all = string.Join("\n", examples.Select(e => e.GetProperty("query").GetString()));
        foreach (var needle in new[] { "name:", "document:", "phone:", "offenceCategory:", "person(id:", "participations", "contactPoint" })
        {
            Assert.Contains(needle, all, StringComparison.Ordinal);
        }
    }

    private const string DefaultQuery = "(defaultQuery)";

    [Theory]
    [MemberData(nameof(ExampleNames))]
    public async Task Example_parses_and_validates_against_the_national_schema(string name)
    {
        using var doc = ExplorerHost.ReadExamples(Path.Combine(ExplorerHost.SourceExplorerFolder, "examples.json"));
        var example = name == DefaultQuery
            ? doc.RootElement
            : doc.RootElement.GetProperty("examples").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var query = example.GetProperty(name == DefaultQuery ? "defaultQuery" : "query").GetString()!;

        var document = Parser.Parse(query);
        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        Assert.Single(operations);
        Assert.Equal(OperationType.Query, operations[0].Operation);

        // Validation against schema/national.graphql (GraphQL.NET's rules, with the example's variables): the query
        // runs with no resolvers behind it, so only validation and variable coercion errors count here.
        var inputs = example.TryGetProperty("variables", out var v) ? new GraphQL.SystemTextJson.GraphQLSerializer().Deserialize<Inputs>(v.GetRawText()) : Inputs.Empty;
        var result = await new DocumentExecuter().ExecuteAsync(o =>
        {
            o.Schema = ExplorerHost.NationalSchema.Value;
            o.Query = query;
            o.Variables = inputs;
        });
        var invalid = (result.Errors ?? []).Where(e => e is ValidationError or InvalidVariableError or GraphQL.Execution.DocumentError).ToList();
        Assert.True(invalid.Count == 0, name + ":\n" + string.Join("\n", invalid.Select(e => e.Message)));
    }
}
