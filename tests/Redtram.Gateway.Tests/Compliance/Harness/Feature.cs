namespace Redtram.Gateway.Tests.Compliance.Harness;

/// <summary>
/// A federation feature under test: a set of subgraphs (own types, own data) whose composed supergraph and
/// expected gateway answers live in Fixtures/&lt;Name&gt;/.
/// </summary>
public abstract class Feature
{
    /// <summary>Folder name under Fixtures/.</summary>
    public abstract string Name { get; }

    /// <summary>Builds fresh subgraphs (fresh data: mutations start from the same state every time).</summary>
    public abstract IEnumerable<Subgraph> Subgraphs();

    /// <summary>Every feature of this assembly, by folder name.</summary>
    public static IReadOnlyList<Feature> All { get; } = typeof(Feature).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(Feature)) && !t.IsAbstract)
        .Select(t => (Feature)Activator.CreateInstance(t)!)
        .OrderBy(f => f.Name, StringComparer.Ordinal)
        .ToList();

    public static Feature Get(string name) => All.Single(f => f.Name == name);
}
