using System.Collections.Frozen;
using Redtram.Grants;
using YamlDotNet.RepresentationModel;

namespace Redtram.Adapters.Access;

/// <summary>
/// Type.field → required level, from schema/policy/fields.yaml (embedded, like national.graphql: the adapter enforces the
/// same ratings the gateway prunes with). A field the file does not rate needs RESTRICTED (fail closed).
/// </summary>
public static class FieldLevels
{
    public static FrozenDictionary<string, AccessLevel> All { get; } = Load();

    public static AccessLevel Required(string type, string field) =>
        All.TryGetValue(type + "." + field, out var level) ? level : AccessLevel.Restricted;

    private static FrozenDictionary<string, AccessLevel> Load()
    {
        using var s = typeof(FieldLevels).Assembly.GetManifestResourceStream("fields.yaml")
                      ?? throw new InvalidOperationException("fields.yaml is not embedded");
        using var reader = new StreamReader(s);
        var yaml = new YamlStream();
        yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var fields = (YamlMappingNode)root.Children[new YamlScalarNode("fields")];
        var result = new Dictionary<string, AccessLevel>(StringComparer.Ordinal);
        foreach (var (type, map) in fields.Children)
            foreach (var (field, level) in ((YamlMappingNode)map).Children)
            {
                var key = ((YamlScalarNode)type).Value + "." + ((YamlScalarNode)field).Value;
                if (!AccessLevels.TryParse(((YamlScalarNode)level).Value, out var l))
                    throw new InvalidOperationException($"fields.yaml: {key} has no valid level");
                result[key] = l;
            }
        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
