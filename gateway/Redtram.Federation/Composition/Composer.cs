namespace Redtram.Federation.Composition;

/// <summary>One subgraph to compose: its name, routing URL and SDL (as returned by <c>_service { sdl }</c>).</summary>
public sealed record SubgraphSource(string Name, string? Url, string Sdl);

/// <summary>A composition problem (or hint) with the reference composition's code where one exists.</summary>
public sealed record CompositionError(string Code, string Message, IReadOnlyList<string> Subgraphs, IReadOnlyList<string> Coordinates)
{
    public override string ToString() =>
        $"{Code} [{string.Join(", ", Subgraphs)}] {(Coordinates.Count > 0 ? string.Join(", ", Coordinates) + ": " : string.Empty)}{Message}";
}

public sealed record CompositionResult(string? SupergraphSdl, IReadOnlyList<CompositionError> Errors, IReadOnlyList<CompositionError> Hints)
{
    public bool Succeeded => SupergraphSdl is not null && Errors.Count == 0;
}

/// <summary>Composes Apollo Federation subgraphs (Fed 1 and Fed 2) into a Federation 2 supergraph SDL.</summary>
public static class Composer
{
    public static CompositionResult Compose(IReadOnlyList<SubgraphSource> subgraphs)
    {
        ArgumentNullException.ThrowIfNull(subgraphs);
        var errors = new List<CompositionError>();
        var hints = new List<CompositionError>();
        try
        {
            if (subgraphs.Count == 0)
            {
                errors.Add(new CompositionError("NO_SUBGRAPHS", "No subgraphs to compose: add at least one subgraph.", [], []));
                return new CompositionResult(null, errors, hints);
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var s in subgraphs)
            {
                if (string.IsNullOrWhiteSpace(s.Name) || !seen.Add(s.Name))
                {
                    errors.Add(new CompositionError("INVALID_SUBGRAPH_NAME", $"Subgraph name \"{s.Name}\" is empty or used more than once: give each subgraph a unique name.", [s.Name ?? string.Empty], []));
                }
            }

            if (errors.Count > 0)
            {
                return new CompositionResult(null, errors, hints);
            }

            var parsed = new List<Subgraph>();
            foreach (var s in subgraphs.OrderBy(s => s.Name, StringComparer.Ordinal))
            {
                var sg = SubgraphReader.Read(s, errors);
                if (sg is not null)
                {
                    parsed.Add(sg);
                }
            }

            if (errors.Count > 0)
            {
                return new CompositionResult(null, errors, hints);
            }

            var merger = new Merger(parsed, errors, hints);
            var supergraph = merger.Merge();
            if (errors.Count > 0 || supergraph is null)
            {
                return new CompositionResult(null, errors, hints);
            }

            Satisfiability.Check(supergraph, parsed, errors);
            if (errors.Count > 0)
            {
                return new CompositionResult(null, errors, hints);
            }

            return new CompositionResult(SupergraphPrinter.Print(supergraph), errors, hints);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            errors.Add(new CompositionError("INTERNAL_ERROR", $"Composition failed unexpectedly ({ex.GetType().Name}: {ex.Message}); please report this with the subgraph SDLs.", [], []));
            return new CompositionResult(null, errors, hints);
        }
    }
}
