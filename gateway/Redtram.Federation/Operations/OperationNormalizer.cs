using GraphQLParser;
using GraphQLParser.AST;
using Redtram.Federation.Execution;
using Redtram.Federation.Schema;

namespace Redtram.Federation.Operations;

/// <summary>
/// Turns a validated executable document into an <see cref="OperationNode"/>: picks the operation, inlines
/// fragment spreads as inline fragments, resolves literal <c>@skip</c>/<c>@include</c>, and keeps variable
/// conditions on the selections they guard. Aliases and document order are kept.
/// </summary>
public static class OperationNormalizer
{
    /// <summary>Selects the operation to run, as the spec's GetOperation does.</summary>
    public static GraphQLOperationDefinition? SelectOperation(GraphQLDocument document, string? operationName, out GraphQLError? error)
    {
        error = null;
        GraphQLOperationDefinition? found = null;
        var count = 0;
        foreach (var def in document.Definitions)
        {
            if (def is not GraphQLOperationDefinition op)
            {
                continue;
            }

            count++;
            if (operationName is null)
            {
                found ??= op;
            }
            else if (op.Name is not null && op.Name.StringValue == operationName)
            {
                found = op;
            }
        }

        if (operationName is null && count > 1)
        {
            error = new GraphQLError("Must provide operation name if query contains multiple operations.", ErrorCodes.OperationResolutionFailure);
            return null;
        }

        if (found is null)
        {
            error = operationName is null
                ? new GraphQLError("Must provide an operation.", ErrorCodes.OperationResolutionFailure)
                : new GraphQLError($"Unknown operation named \"{operationName}\".", ErrorCodes.OperationResolutionFailure);
        }

        return found;
    }

    /// <summary>Normalises an operation of a document that has passed validation against <paramref name="schema"/>.</summary>
    public static OperationNode Normalize(GraphSchema schema, GraphQLDocument document, GraphQLOperationDefinition operation)
    {
        var fragments = new Dictionary<string, GraphQLFragmentDefinition>(StringComparer.Ordinal);
        foreach (var def in document.Definitions)
        {
            if (def is GraphQLFragmentDefinition f)
            {
                fragments[f.FragmentName.Name.StringValue] = f;
            }
        }

        var root = schema.RootType(operation.Operation) ?? throw new InvalidOperationException("The schema has no root type for this operation.");
        var ctx = new Context(schema, fragments, document.Source);
        return new OperationNode
        {
            Kind = operation.Operation,
            Name = operation.Name?.StringValue,
            RootType = root.Name,
            SelectionSet = ctx.SelectionSet(operation.SelectionSet, root),
            VariableDefinitions = operation.Variables?.Items ?? [],
        };
    }

    /// <summary>
    /// Parses a federation field set (the text of <c>@key(fields:)</c>, <c>@requires</c>, <c>@provides</c>) on
    /// <paramref name="typeName"/> into a selection set.
    /// </summary>
    public static SelectionSetNode ParseFieldSet(GraphSchema schema, string typeName, string fields)
    {
        var doc = Parser.Parse("{" + fields + "}", new ParserOptions { Ignore = IgnoreOptions.All });
        var op = (GraphQLOperationDefinition)doc.Definitions[0];
        var ctx = new Context(schema, new Dictionary<string, GraphQLFragmentDefinition>(StringComparer.Ordinal), doc.Source);
        return ctx.SelectionSet(op.SelectionSet, schema.Type(typeName));
    }

    private sealed class Context(GraphSchema schema, Dictionary<string, GraphQLFragmentDefinition> fragments, ROM source)
    {
        public SelectionSetNode SelectionSet(GraphQLSelectionSet set, TypeDef parent)
        {
            var list = new List<SelectionNode>(set.Selections.Count);
            foreach (var sel in set.Selections)
            {
                switch (sel)
                {
                    case GraphQLField f:
                        {
                            if (!Conditions(f.Directives, out var conds, out var others))
                            {
                                break;
                            }

                            var name = f.Name.StringValue;
                            var def = parent.GetField(name);
                            SelectionSetNode? sub = null;
                            if (f.SelectionSet is not null)
                            {
                                var fieldType = name switch
                                {
                                    "__schema" => schema.Type("__Schema"),
                                    "__type" => schema.Type("__Type"),
                                    _ => def is null ? null : schema.GetType(def.Type.NamedType),
                                };
                                sub = fieldType is null ? SelectionSetNode.Empty : SelectionSet(f.SelectionSet, fieldType);
                            }

                            var loc = Location.FromLinearPosition(source, f.Location.Start);
                            list.Add(new FieldNode
                            {
                                Name = name,
                                Alias = f.Alias?.Name.StringValue,
                                Arguments = f.Arguments?.Items ?? [],
                                ParentType = parent.Name,
                                Definition = def,
                                SelectionSet = sub,
                                Conditions = conds,
                                OtherDirectives = others,
                                Location = (loc.Line, loc.Column),
                            });
                            break;
                        }

                    case GraphQLInlineFragment inl:
                        {
                            if (!Conditions(inl.Directives, out var conds, out var others))
                            {
                                break;
                            }

                            var typeName = inl.TypeCondition?.Type.Name.StringValue;
                            var t = typeName is null ? parent : schema.GetType(typeName) ?? parent;
                            list.Add(new InlineFragmentNode
                            {
                                TypeCondition = typeName,
                                SelectionSet = SelectionSet(inl.SelectionSet, t),
                                Conditions = conds,
                                OtherDirectives = others,
                            });
                            break;
                        }

                    case GraphQLFragmentSpread spread:
                        {
                            if (!Conditions(spread.Directives, out var conds, out var others))
                            {
                                break;
                            }

                            if (!fragments.TryGetValue(spread.FragmentName.Name.StringValue, out var frag))
                            {
                                break;
                            }

                            var typeName = frag.TypeCondition.Type.Name.StringValue;
                            var t = schema.GetType(typeName) ?? parent;
                            list.Add(new InlineFragmentNode
                            {
                                TypeCondition = typeName,
                                SelectionSet = SelectionSet(frag.SelectionSet, t),
                                Conditions = conds,
                                OtherDirectives = others,
                            });
                            break;
                        }
                }
            }

            return new SelectionSetNode(list);
        }

        /// <summary>
        /// A custom executable directive forwarded to subgraphs carries the arguments the schema defaults, so that a
        /// subgraph whose definition has no default (or another one) sees what the client meant.
        /// </summary>
        private GraphQLDirective WithDefaults(GraphQLDirective d)
        {
            var def = schema.GetDirective(d.Name.StringValue);
            if (def is null)
            {
                return d;
            }

            List<GraphQLArgument>? added = null;
            foreach (var arg in def.Arguments)
            {
                if (arg.DefaultValue is null || (d.Arguments?.Items.Any(a => a.Name.StringValue == arg.Name) ?? false))
                {
                    continue;
                }

                (added ??= []).Add(new GraphQLArgument(new GraphQLName(arg.Name), arg.DefaultValue));
            }

            if (added is null)
            {
                return d;
            }

            var all = new List<GraphQLArgument>(d.Arguments?.Items ?? []);
            all.AddRange(added);
            return new GraphQLDirective(d.Name) { Arguments = new GraphQLArguments(all) };
        }

        /// <summary>Returns false when a literal @skip/@include removes the selection.</summary>
        private bool Conditions(GraphQLDirectives? directives, out IReadOnlyList<SelectionCondition> conditions, out IReadOnlyList<GraphQLDirective> others)
        {
            conditions = [];
            others = [];
            if (directives is null || directives.Count == 0)
            {
                return true;
            }

            List<SelectionCondition>? conds = null;
            List<GraphQLDirective>? rest = null;
            foreach (var d in directives.Items)
            {
                var name = d.Name.StringValue;
                if (name is "skip" or "include")
                {
                    var passWhen = name == "include";
                    var value = d.Arguments?.Items.FirstOrDefault(a => a.Name.StringValue == "if")?.Value;
                    switch (value)
                    {
                        case GraphQLBooleanValue b:
                            if (b.BoolValue != passWhen)
                            {
                                return false;
                            }

                            break;
                        case GraphQLVariable v:
                            (conds ??= []).Add(new SelectionCondition(v.Name.StringValue, passWhen));
                            break;
                    }
                }
                else
                {
                    (rest ??= []).Add(WithDefaults(d));
                }
            }

            conditions = conds ?? (IReadOnlyList<SelectionCondition>)[];
            others = rest ?? (IReadOnlyList<GraphQLDirective>)[];
            return true;
        }
    }
}
