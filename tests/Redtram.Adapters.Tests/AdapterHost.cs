using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Redtram.Adapters;

namespace Redtram.Adapters.Tests;

/// <summary>An adapter started in-process on 127.0.0.1:0 (real Kestrel, real HTTP) and a client for it.</summary>
public sealed class AdapterHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AdapterHost(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = new Uri(baseUrl) };
    }

    public string BaseUrl { get; }
    public Uri GraphQLUrl => new(BaseUrl + "/graphql");
    public HttpClient Http { get; }
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts an adapter; without grant keys in the options it serves ungranted (home country, RESTRICTED).</summary>
    public static async Task<AdapterHost> StartAsync(AdapterOptions options)
    {
        options.Urls = "http://127.0.0.1:0";
        if (options.GrantKeys is null && options.GrantKeysPath is null)
            options.AllowUngranted = true;
        var app = AdapterApp.Build(options);
        await app.StartAsync();
        return new AdapterHost(app, AdapterApp.BaseUrl(app));
    }

    /// <summary>The EC fixture database (fixture.sql) in a fresh temporary folder, served through Fixture/mapping.yaml.</summary>
    public static async Task<AdapterHost> StartFixtureAsync(string? existingDir = null)
    {
        var dir = existingDir ?? Path.Combine(Path.GetTempPath(), "redtram-adapter-" + Guid.NewGuid().ToString("N")[..8]);
        var fixture = Path.Combine(AppContext.BaseDirectory, "Fixture");
        if (existingDir is not null)
        {
            var again = await StartAsync(new AdapterOptions { MappingPath = Path.Combine(fixture, "mapping.yaml"), DataDir = dir });
            again.DataDir = dir;
            return again;
        }
        Directory.CreateDirectory(dir);
        using (var c = new SqliteConnection($"Data Source={Path.Combine(dir, "ec-fixture.db")};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = await File.ReadAllTextAsync(Path.Combine(fixture, "fixture.sql"));
            cmd.ExecuteNonQuery();
        }
        var host = await StartAsync(new AdapterOptions { MappingPath = Path.Combine(fixture, "mapping.yaml"), DataDir = dir });
        host.DataDir = dir;
        host.DeleteDataDirOnDispose = true;
        return host;
    }

    public string DataDir { get; private set; } = "";
    public bool DeleteDataDirOnDispose { get; set; }

    public async Task<JsonObject> QueryAsync(string query, object? variables = null)
    {
        using var response = await Http.PostAsJsonAsync("/graphql", new { query, variables });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Data of a query that must not fail.</summary>
    public async Task<JsonNode> DataAsync(string query, object? variables = null)
    {
        var r = await QueryAsync(query, variables);
        Assert.True(r["errors"] is null, r.ToJsonString());
        return r["data"]!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (DeleteDataDirOnDispose && DataDir.Length > 0)
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(DataDir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}

public static class Json
{
    public static string? Code(this JsonObject response) => response["errors"]?[0]?["extensions"]?["code"]?.GetValue<string>();
    public static string Print(this JsonNode? n) => n?.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) ?? "null";
}
