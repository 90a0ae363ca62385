using Redtram.Federation.Schema;

namespace Redtram.Federation.Supergraph;

/// <summary>Derives the API schema clients see: join/link types and directives removed, <c>@inaccessible</c> elements removed.</summary>
internal static class ApiSchemaBuilder
{
    private static readonly HashSet<string> ExecutableLocations = new(StringComparer.Ordinal)
    {
        "QUERY", "MUTATION", "SUBSCRIPTION", "FIELD", "FRAGMENT_DEFINITION", "FRAGMENT_SPREAD", "INLINE_FRAGMENT", "VARIABLE_DEFINITION",
    };

    public static GraphSchema? Build(GraphSchema full, SpecInfo specs, List<string> problems)
    {
        var inacc = specs.InaccessibleName;
        bool Hidden(IReadOnlyList<AppliedDirective> ds)
        {
            foreach (var d in ds)
            {
                if (d.Name == inacc)
                {
                    return true;
                }
            }

            return false;
        }

        var removedTypes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in full.TypeList)
        {
            if (SupergraphLoader.IsSpecType(t.Name, specs) || Hidden(t.Directives))
            {
                removedTypes.Add(t.Name);
            }
        }

        var types = new List<TypeDef>();
        foreach (var t in full.TypeList)
        {
            if (removedTypes.Contains(t.Name) || t.Name.StartsWith("__", StringComparison.Ordinal) || BuiltIns.ScalarNames.Contains(t.Name))
            {
                continue;
            }

            switch (t.Kind)
            {
                case TypeKind.Object:
                case TypeKind.Interface:
                    {
                        var fields = new List<FieldDef>();
                        foreach (var f in t.FieldList)
                        {
                            if (Hidden(f.Directives))
                            {
                                continue;
                            }

                            if (removedTypes.Contains(f.Type.NamedType))
                            {
                                problems.Add($"The field '{t.Name}.{f.Name}' is reachable but its type '{f.Type.NamedType}' is @{inacc}.");
                                continue;
                            }

                            fields.Add(new FieldDef
                            {
                                Name = f.Name,
                                Type = f.Type,
                                Description = f.Description,
                                DeprecationReason = f.DeprecationReason,
                                Arguments = f.Arguments.Where(a => !Hidden(a.Directives)).Select(Clean).ToArray(),
                                Directives = Keep(f.Directives),
                            });
                        }

                        if (fields.Count == 0)
                        {
                            // A type whose every field is inaccessible is not part of the API.
                            removedTypes.Add(t.Name);
                            continue;
                        }

                        types.Add(new TypeDef
                        {
                            Name = t.Name,
                            Kind = t.Kind,
                            Description = t.Description,
                            Fields = fields.ToDictionary(f => f.Name, StringComparer.Ordinal),
                            FieldList = fields,
                            Interfaces = t.Interfaces.Where(i => !removedTypes.Contains(i)).ToArray(),
                            Directives = Keep(t.Directives),
                        });
                        break;
                    }

                case TypeKind.Union:
                    types.Add(new TypeDef
                    {
                        Name = t.Name,
                        Kind = t.Kind,
                        Description = t.Description,
                        PossibleMembers = t.PossibleMembers.Where(m => !removedTypes.Contains(m)).ToArray(),
                        Directives = Keep(t.Directives),
                    });
                    break;
                case TypeKind.Enum:
                    types.Add(new TypeDef
                    {
                        Name = t.Name,
                        Kind = t.Kind,
                        Description = t.Description,
                        EnumValues = t.EnumValues.Where(v => !Hidden(v.Directives)).Select(v => new EnumValueDef
                        {
                            Name = v.Name,
                            Description = v.Description,
                            DeprecationReason = v.DeprecationReason,
                            Directives = Keep(v.Directives),
                        }).ToArray(),
                        Directives = Keep(t.Directives),
                    });
                    break;
                case TypeKind.InputObject:
                    types.Add(new TypeDef
                    {
                        Name = t.Name,
                        Kind = t.Kind,
                        Description = t.Description,
                        InputFields = t.InputFields.Where(f => !Hidden(f.Directives)).Select(Clean).ToArray(),
                        Directives = Keep(t.Directives),
                        IsOneOf = t.IsOneOf,
                    });
                    break;
                default:
                    types.Add(new TypeDef
                    {
                        Name = t.Name,
                        Kind = t.Kind,
                        Description = t.Description,
                        SpecifiedByUrl = t.SpecifiedByUrl,
                        Directives = Keep(t.Directives),
                    });
                    break;
            }
        }

        // Second pass: drop references to types removed because all their fields were inaccessible.
        types = types.Select(t => t.Kind switch
        {
            TypeKind.Object or TypeKind.Interface => new TypeDef
            {
                Name = t.Name,
                Kind = t.Kind,
                Description = t.Description,
                Fields = t.Fields,
                FieldList = t.FieldList,
                Interfaces = t.Interfaces.Where(i => !removedTypes.Contains(i)).ToArray(),
                Directives = t.Directives,
            },
            TypeKind.Union => new TypeDef
            {
                Name = t.Name,
                Kind = t.Kind,
                Description = t.Description,
                PossibleMembers = t.PossibleMembers.Where(m => !removedTypes.Contains(m)).ToArray(),
                Directives = t.Directives,
            },
            _ => t,
        }).ToList();

        var directives = full.DirectiveList
            .Where(d => !BuiltIns.IsBuiltInDirective(d.Name)
                && d.Locations.Any(ExecutableLocations.Contains)
                && !d.Name.StartsWith(specs.JoinPrefix + "__", StringComparison.Ordinal)
                && d.Name is not ("link" or "core")
                && d.Name != inacc)
            .ToList();

        try
        {
            return new GraphSchema(types, directives, full.QueryType, KeepRoot(full.MutationType), KeepRoot(full.SubscriptionType), full.Description);
        }
        catch (Exception ex) when (ex is ArgumentException or KeyNotFoundException)
        {
            problems.Add("The API schema cannot be derived: " + ex.Message);
            return null;
        }

        string? KeepRoot(string? root) => root is not null && types.Any(t => t.Name == root) ? root : null;

        IReadOnlyList<AppliedDirective> Keep(IReadOnlyList<AppliedDirective> ds) =>
            ds.Where(d => d.Name is "deprecated" or "specifiedBy" or "oneOf").ToArray();

        InputValueDef Clean(InputValueDef v) => new()
        {
            Name = v.Name,
            Type = v.Type,
            Description = v.Description,
            DefaultValue = v.DefaultValue,
            DeprecationReason = v.DeprecationReason,
            Directives = Keep(v.Directives),
        };
    }
}
