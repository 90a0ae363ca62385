using System.CommandLine;
using System.Security.Cryptography;
using Redtram.Adapters.Conformance;
using Redtram.Grants;

namespace Redtram.Cli;

/// <summary><c>redtram adapter check --url http://…/graphql [--country CC]</c>: the conformance kit against any adapter.</summary>
public static class AdapterCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "The adapter's GraphQL endpoint.", Required = true };
        var country = new Option<string?>("--country") { Description = "The country the adapter serves (found from its data when omitted)." };
        var grantKey = new Option<string?>("--grant-key") { Description = "PEM file of the gateway's grant-signing key: each request carries a home-country grant (needs --country). For adapters that require grants." };
        var check = new Command("check", "Check that an adapter conforms to the canonical national subgraph.") { url, country, grantKey };
        check.SetAction((parse, ct) => CheckAsync(parse.GetValue(url)!, parse.GetValue(country), Console.Out, ct, parse.GetValue(grantKey)));
        return new Command("adapter", "Country adapters.") { check };
    }

    public static async Task<int> CheckAsync(string url, string? country, TextWriter stdout, CancellationToken ct = default, string? grantKeyPath = null)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            await stdout.WriteLineAsync($"error: '{url}' is not an absolute http(s) URL.").ConfigureAwait(false);
            return 2;
        }

        HttpClient? http = null;
        ECDsa? key = null;
        if (grantKeyPath is not null)
        {
            if (country is null)
            {
                await stdout.WriteLineAsync("error: --grant-key needs --country (the grant is for that country's adapter).").ConfigureAwait(false);
                return 2;
            }

            try
            {
                key = GrantKeys.LoadPrivatePem(grantKeyPath);
            }
            catch (Exception ex) when (ex is GrantKeyException or IOException or UnauthorizedAccessException)
            {
                await stdout.WriteLineAsync($"error: cannot read the grant key: {ex.Message}").ConfigureAwait(false);
                return 2;
            }

            http = new HttpClient(new GrantingHandler(key, country.ToUpperInvariant()));
        }

        ConformanceReport report;
        using (key)
        using (http)
        {
            report = await ConformanceSuite.RunAsync(uri, new ConformanceOptions { Country = country, Http = http }, ct).ConfigureAwait(false);
        }

        await stdout.WriteLineAsync(report.ToText()).ConfigureAwait(false);
        return report.Passed ? 0 : 1;
    }
}
