using System.CommandLine;
using Redtram.Adapters.Conformance;

namespace Redtram.Cli;

/// <summary><c>redtram adapter check --url http://…/graphql [--country CC]</c>: the conformance kit against any adapter.</summary>
public static class AdapterCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "The adapter's GraphQL endpoint.", Required = true };
        var country = new Option<string?>("--country") { Description = "The country the adapter serves (found from its data when omitted)." };
        var check = new Command("check", "Check that an adapter conforms to the canonical national subgraph.") { url, country };
        check.SetAction((parse, ct) => CheckAsync(parse.GetValue(url)!, parse.GetValue(country), Console.Out, ct));
        return new Command("adapter", "Country adapters.") { check };
    }

    public static async Task<int> CheckAsync(string url, string? country, TextWriter stdout, CancellationToken ct = default)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            await stdout.WriteLineAsync($"error: '{url}' is not an absolute http(s) URL.").ConfigureAwait(false);
            return 2;
        }

        var report = await ConformanceSuite.RunAsync(uri, new ConformanceOptions { Country = country }, ct).ConfigureAwait(false);
        await stdout.WriteLineAsync(report.ToText()).ConfigureAwait(false);
        return report.Passed ? 0 : 1;
    }
}
