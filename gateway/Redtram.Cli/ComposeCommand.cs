using System.CommandLine;
using Redtram.Federation.Composition;
using Redtram.Gateway.Configuration;

namespace Redtram.Cli;

/// <summary><c>redtram compose --config supergraph.yaml (--output file | --check file)</c>.</summary>
public static class ComposeCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config", "-c") { Description = "Rover-style supergraph config (federation_version, subgraphs).", Required = true };
        var output = new Option<string?>("--output", "-o") { Description = "Write the supergraph SDL to this file (default: standard output)." };
        var check = new Option<string?>("--check") { Description = "Exit 1 if this checked-in supergraph differs from the composition result." };
        var cmd = new Command("compose", "Compose subgraph schemas into a Federation 2 supergraph.") { config, output, check };
        cmd.SetAction((parse, ct) => RunAsync(parse.GetValue(config)!, parse.GetValue(output), parse.GetValue(check), Console.Out, Console.Error, ct));
        return cmd;
    }

    /// <summary>The command's handler: 0 on success, 1 on composition errors / check differences, 2 on configuration errors.</summary>
    public static async Task<int> RunAsync(string configPath, string? outputPath, string? checkPath, TextWriter stdout, TextWriter stderr, CancellationToken ct = default)
    {
        List<SubgraphSource> subgraphs;
        try
        {
            var config = SupergraphConfig.Load(configPath);
            if (config.FederationVersion is { } fv && fv.TrimStart('=').StartsWith('1'))
            {
                await stderr.WriteLineAsync($"warning: federation_version {fv} requested; redtram always composes a Federation 2 supergraph.").ConfigureAwait(false);
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            subgraphs = await config.LoadSubgraphsAsync(http, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ConfigException or IOException or YamlDotNet.Core.YamlException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return 2;
        }

        var result = Composer.Compose(subgraphs);
        foreach (var hint in result.Hints)
        {
            await stderr.WriteLineAsync("hint: " + Format(hint)).ConfigureAwait(false);
        }

        if (!result.Succeeded)
        {
            foreach (var e in result.Errors)
            {
                await stderr.WriteLineAsync(Format(e)).ConfigureAwait(false);
            }

            await stderr.WriteLineAsync($"composition failed with {result.Errors.Count} error(s).").ConfigureAwait(false);
            return 1;
        }

        var sdl = result.SupergraphSdl!;
        if (checkPath is not null)
        {
            if (!File.Exists(checkPath))
            {
                await stderr.WriteLineAsync($"check failed: {checkPath} does not exist; run `redtram compose --config {configPath} --output {checkPath}`.").ConfigureAwait(false);
                return 1;
            }

            var existing = await File.ReadAllTextAsync(checkPath, ct).ConfigureAwait(false);
            var summary = DiffSummary(existing, sdl);
            if (summary is not null)
            {
                await stderr.WriteLineAsync($"check failed: {checkPath} differs from the composition result ({summary}). Regenerate it with `redtram compose --config {configPath} --output {checkPath}`.").ConfigureAwait(false);
                return 1;
            }

            await stdout.WriteLineAsync($"{checkPath} is up to date.").ConfigureAwait(false);
            return 0;
        }

        if (outputPath is null)
        {
            await stdout.WriteAsync(sdl).ConfigureAwait(false);
        }
        else
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(outputPath));
            if (dir is not null)
            {
                Directory.CreateDirectory(dir);
            }

            await File.WriteAllTextAsync(outputPath, sdl, ct).ConfigureAwait(false);
            await stdout.WriteLineAsync($"supergraph written to {outputPath} ({subgraphs.Count} subgraphs).").ConfigureAwait(false);
        }

        return 0;
    }

    public static string Format(CompositionError e) =>
        $"{e.Code} [{string.Join(", ", e.Subgraphs)}] {(e.Coordinates.Count > 0 ? string.Join(", ", e.Coordinates) : "-")}: {e.Message}";

    /// <summary>Null when equal (ignoring line endings and trailing whitespace); otherwise a short summary.</summary>
    internal static string? DiffSummary(string existing, string composed)
    {
        static string[] Lines(string s) => s.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd().Split('\n').Select(l => l.TrimEnd()).ToArray();
        var a = Lines(existing);
        var b = Lines(composed);
        if (a.SequenceEqual(b))
        {
            return null;
        }

        int first = 0;
        while (first < a.Length && first < b.Length && a[first] == b[first])
        {
            first++;
        }

        var removed = a.Except(b).Count();
        var added = b.Except(a).Count();
        var sample = first < b.Length ? $"; expected line {first + 1}: \"{b[first].Trim()}\"" : string.Empty;
        return $"first difference at line {first + 1}, {removed} line(s) only in the file, {added} line(s) only in the composition{sample}";
    }
}
