using Redtram.Federation.Operations;

namespace Redtram.Federation.Planning;

/// <summary>A fetch being built by the planner: one request to one subgraph at one merge path.</summary>
internal sealed class FetchGroup
{
    public FetchGroup(int id, string subgraph, bool isEntity, IReadOnlyList<string> path, string? rename, int rootIndex)
    {
        Id = id;
        Subgraph = subgraph;
        IsEntity = isEntity;
        Path = path;
        PathKey = string.Join('.', path);
        Rename = rename;
        RootIndex = rootIndex;
        if (isEntity)
        {
            Requires = new SubSelectionSet();
            KeyFields = new SubSelectionSet();
        }
    }

    public int Id { get; }

    public string Subgraph { get; }

    public bool IsEntity { get; }

    public IReadOnlyList<string> Path { get; }

    public string PathKey { get; }

    public string? Rename { get; }

    /// <summary>For mutations: the index of the root field group this fetch belongs to.</summary>
    public int RootIndex { get; set; }

    public SubSelectionSet Selection { get; } = new();

    public SubSelectionSet? Requires { get; }

    public SubSelectionSet? KeyFields { get; }

    public HashSet<FetchGroup> Dependencies { get; } = [];

    /// <summary>Conditions shared by every selection that made this group needed; null until the first one.</summary>
    public List<SelectionCondition>? Conditions { get; private set; }

    public void AddConditions(IReadOnlyList<SelectionCondition> conditions)
    {
        if (Conditions is null)
        {
            Conditions = [.. conditions];
            return;
        }

        Conditions.RemoveAll(c => !conditions.Contains(c));
    }

    public bool DependsOn(FetchGroup other)
    {
        var seen = new HashSet<FetchGroup>();
        var stack = new Stack<FetchGroup>(Dependencies);
        while (stack.Count > 0)
        {
            var g = stack.Pop();
            if (g == other)
            {
                return true;
            }

            if (seen.Add(g))
            {
                foreach (var d in g.Dependencies)
                {
                    stack.Push(d);
                }
            }
        }

        return false;
    }

    public int Depth()
    {
        var depth = 0;
        foreach (var d in Dependencies)
        {
            depth = Math.Max(depth, d.Depth() + 1);
        }

        return depth;
    }
}
