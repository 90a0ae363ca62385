using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Redtram.Adapters;
using Redtram.DemoData;

namespace Redtram.Cli.Tests;

/// <summary>
/// A Peruvian adapter over a 300-person demo database that requires grants, for the tests of the commands that read its
/// state file (<c>redtram adapter follow-up</c>, <c>redtram adapter pseudonym</c>): requests signed as a Chilean prosecutor,
/// and the command run through the command-line parser.
/// </summary>
public abstract partial class GrantedPeAdapter(string dirPrefix) : IAsyncLifetime
{
    private readonly System.Security.Cryptography.ECDsa _key = GrantKeys.CreateP256();
    private Microsoft.AspNetCore.Builder.WebApplication _adapter = null!;
    private HttpClient _http = null!;

    protected string Dir { get; } = Path.Combine(Path.GetTempPath(), dirPrefix + Guid.NewGuid().ToString("N")[..8]);

    protected string StatePath => Path.Combine(Dir, "pe.redtram-adapter.sqlite");

    /// <summary>Stops the adapter (disposing stops it again harmlessly): the state file must be readable without it.</summary>
    protected Task StopAdapterAsync() => _adapter.StopAsync();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Dir);
        DemoDatabase.Create("pe", Path.Combine(Dir, "pe.db"), new DemoOptions { Persons = 300 });
        _adapter = AdapterApp.Build(new AdapterOptions
        {
            MappingPath = Path.Combine(Root(), "adapters", "countries", "pe", "mapping.yaml"),
            DataDir = Dir,
            Urls = "http://127.0.0.1:0",
            GrantKeys = [new GrantKey("gw-test", _key)],
        });
        await _adapter.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(AdapterApp.BaseUrl(_adapter)) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _adapter.StopAsync();
        await _adapter.DisposeAsync();
        _key.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Redtram.Federation.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    /// <summary>A query of a CL prosecutor (case CL:2500123456-3) on PE's data at <paramref name="level"/>; the response body.</summary>
    protected async Task<JsonNode> QueryAsClProsecutorAsync(AccessLevel level, string query)
    {
        var now = DateTimeOffset.UtcNow;
        var grant = new AccessGrant("PE", "CL", ["prosecutor"], "CRIMINAL_INVESTIGATION", "CL:2500123456-3", level, level,
            [], [], "u-7f3a9c", now, now + AccessGrant.DefaultLifetime);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query }) };
        request.Headers.Add(AccessGrant.HeaderName, new GrantSigner(_key, "gw-test").Sign(grant));
        using var response = await _http.SendAsync(request);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>Runs <c>redtram adapter &lt;command&gt;</c> through the command-line parser.</summary>
    protected static async Task<(int Code, string Out)> RunAdapterCommandAsync(string command, params string[] args)
    {
        var output = new StringWriter();
        var root = new RootCommand { AdapterCommand.Create() };
        var code = await root.Parse(["adapter", command, .. args]).InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
        return (code, output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^time \(UTC\)         (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)$", RegexOptions.Multiline)]
    private static partial Regex TimeLine();

    /// <summary>The output with its time line replaced by a placeholder; the time itself in <paramref name="time"/>.</summary>
    protected static string WithoutTime(string output, out DateTimeOffset time)
    {
        var m = TimeLine().Match(output);
        Assert.True(m.Success, output);
        time = DateTimeOffset.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return output.Replace(m.Value, "time (UTC)         <time>", StringComparison.Ordinal);
    }
}
