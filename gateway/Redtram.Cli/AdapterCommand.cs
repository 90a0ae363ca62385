using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Redtram.Adapters.Access;
using System.Security.Cryptography;
using Redtram.Adapters.Conformance;
using Redtram.Grants;

namespace Redtram.Cli;

/// <summary>
/// <c>redtram adapter check --url http://…/graphql [--country CC]</c>: the conformance kit against any adapter.
/// <c>redtram adapter follow-up --state FILE TOKEN</c>: what a follow-up token stands for, from the adapter's state file (for
/// the owner's contact point, on the owner's own machine).
/// <c>redtram adapter pseudonym --state FILE CC:~PSEUDONYM</c>: which local record a pseudonymous reference stands for, who was
/// given it, when and in which context.
/// </summary>
public static class AdapterCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "The adapter's GraphQL endpoint.", Required = true };
        var country = new Option<string?>("--country") { Description = "The country the adapter serves (found from its data when omitted)." };
        var grantKey = new Option<string?>("--grant-key") { Description = "PEM file of the gateway's grant-signing key: each request carries a home-country grant (needs --country). For adapters that require grants." };
        var check = new Command("check", "Check that an adapter conforms to the canonical national subgraph.") { url, country, grantKey };
        check.SetAction((parse, ct) => CheckAsync(parse.GetValue(url)!, parse.GetValue(country), Console.Out, ct, parse.GetValue(grantKey)));

        var state = new Option<string>("--state") { Description = "The adapter's state file (default of the adapter: <data dir>/<cc>.redtram-adapter.sqlite).", Required = true };
        var token = new Argument<string>("token") { Description = "The follow-up token a requester quoted (CC-FU-…)." };
        var followUp = new Command("follow-up", "Show what a follow-up token stands for: when, who asked (country, requesting case, purpose) and which local records matched.")
        {
            state, token,
        };
        followUp.SetAction((parse, ct) => FollowUpAsync(parse.GetValue(state)!, parse.GetValue(token)!, parse.InvocationConfiguration.Output, ct));

        var pseudonymState = new Option<string>("--state") { Description = "The adapter's state file (default of the adapter: <data dir>/<cc>.redtram-adapter.sqlite).", Required = true };
        var reference = new Argument<string>("pseudonym") { Description = "The pseudonymous reference a requester quoted (CC:~ and 16 characters)." };
        var pseudonym = new Command("pseudonym", "Show which local record a pseudonymous reference stands for, who it was handed to, when and in which context.")
        {
            pseudonymState, reference,
        };
        pseudonym.SetAction((parse, ct) => PseudonymAsync(parse.GetValue(pseudonymState)!, parse.GetValue(reference)!, parse.InvocationConfiguration.Output, ct));
        return new Command("adapter", "Country adapters.") { check, followUp, pseudonym };
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

    /// <summary>Prints what a pseudonymous reference stands for: local id, requesting country, time (UTC) and context (<c>hit</c>:
    /// search hits and look-ups; <c>case:CC:id</c>: that case's participants). Exit 0 found, 1 not in the file (never handed
    /// out, or expired), 2 bad usage (not a pseudonym, no such file, not a state file).</summary>
    public static async Task<int> PseudonymAsync(string statePath, string pseudonym, TextWriter stdout, CancellationToken ct = default)
    {
        var normalized = PseudonymLookup.Normalize(pseudonym);
        if (normalized is null)
        {
            await stdout.WriteLineAsync("error: not a pseudonymous reference (CC:~ and 16 characters A-Z, 2-7).").ConfigureAwait(false);
            return 2;
        }

        var (found, readable) = await ReadStateAsync(statePath, path => PseudonymLookup.Find(path, normalized), stdout).ConfigureAwait(false);
        if (!readable)
        {
            return 2;
        }

        var records = found!;

        if (records.Count == 0)
        {
            await stdout.WriteLineAsync($"~{normalized}: no such pseudonym in '{statePath}' (never handed out, or expired).").ConfigureAwait(false);
            return 1;
        }

        var text = new StringBuilder();
        foreach (var record in records)
        {
            if (text.Length > 0)
                text.AppendLine();
            text.Append("pseudonym          ~").AppendLine(record.Pseudonym)
                .Append("local id           ").AppendLine(record.LocalId)
                .Append("requester country  ").AppendLine(record.RequesterCountry)
                .Append("time (UTC)         ").AppendLine(record.Created)
                .Append("context            ").AppendLine(record.Context);
        }

        await stdout.WriteAsync(text.ToString()).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Prints the follow-up token's record. Exit 0 found, 1 no such token in the file, 2 bad usage (not a token, no such
    /// file, not a state file).</summary>
    public static async Task<int> FollowUpAsync(string statePath, string token, TextWriter stdout, CancellationToken ct = default)
    {
        var normalized = FollowUpLookup.Normalize(token);
        if (normalized is null)
        {
            await stdout.WriteLineAsync("error: not a follow-up token (CC-FU- and 20 characters A-Z, 2-7).").ConfigureAwait(false);
            return 2;
        }

        var (record, readable) = await ReadStateAsync(statePath, path => FollowUpLookup.Find(path, normalized), stdout).ConfigureAwait(false);
        if (!readable)
        {
            return 2;
        }

        if (record is null)
        {
            await stdout.WriteLineAsync($"{normalized}: no such follow-up token in '{statePath}'.").ConfigureAwait(false);
            return 1;
        }

        var text = new StringBuilder()
            .Append("token              ").AppendLine(record.Token)
            .Append("time (UTC)         ").AppendLine(record.Created)
            .Append("requester country  ").AppendLine(record.RequesterCountry)
            .Append("requesting case    ").AppendLine(Or(record.RequestingCase))
            .Append("purpose            ").AppendLine(Or(record.Purpose))
            .Append("user reference     ").AppendLine(Or(record.UserRef))
            .Append("kind               ").AppendLine(record.Kind)
            .Append("matched local ids  ").AppendLine(record.MatchedLocalIds.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var id in record.MatchedLocalIds)
            text.Append("  ").AppendLine(id);
        await stdout.WriteAsync(text.ToString()).ConfigureAwait(false);
        return 0;

        static string Or(string value) => value.Length == 0 ? "-" : value;
    }

    /// <summary>Reads an adapter's state file with <paramref name="find"/>; says why and returns false when the file is missing or is not a state file.</summary>
    private static async Task<(T? Value, bool Readable)> ReadStateAsync<T>(string statePath, Func<string, T> find, TextWriter stdout)
    {
        try
        {
            return (find(statePath), true);
        }
        catch (FileNotFoundException)
        {
            await stdout.WriteLineAsync($"error: '{statePath}' does not exist.").ConfigureAwait(false);
        }
        catch (SqliteException)
        {
            await stdout.WriteLineAsync($"error: '{statePath}' is not an adapter state file.").ConfigureAwait(false);
        }

        return (default, false);
    }
}
