using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using GraphQLParser;
using GraphQLParser.AST;
using Redtram.Federation.Schema;
using Redtram.Federation.Supergraph;

namespace Redtram.Benchmarks;

/// <summary>
/// Deterministic resolvers for every subgraph of a supergraph: answers the query the gateway sends to a subgraph
/// the way that subgraph would (root fields and <c>_entities</c>), with values derived only from an object's
/// identity and the field name, so the same entity has the same values in every subgraph. <c>@requires</c> inputs
/// read from the representation feed the computed fields (<c>shippingEstimate</c>, <c>deliveryOptions</c>).
/// Lists have <c>first</c> items when that argument is given (else its default, else 2).
/// </summary>
public sealed class FakeSubgraphs(SupergraphDefinition supergraph)
{
    private readonly GraphSchema _schema = supergraph.Schema;
    private readonly ConcurrentDictionary<string, GraphQLDocument> _documents = new(StringComparer.Ordinal);

    /// <summary>Answers one subgraph request; returns the UTF-8 JSON GraphQL response.</summary>
    public byte[] Respond(string subgraph, string query, JsonElement variables)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            try
            {
                var doc = _documents.GetOrAdd(query, q => Parser.Parse(q));
                var op = doc.Definitions.OfType<GraphQLOperationDefinition>().Single();
                var ctx = new Ctx(subgraph, doc, variables);
                w.WritePropertyName("data");
                w.WriteStartObject();
                foreach (var (key, field) in Collect(ctx, op.SelectionSet, _schema.QueryType))
                {
                    w.WritePropertyName(key);
                    WriteRootField(w, ctx, field);
                }

                w.WriteEndObject();
            }
            catch (Exception ex) when (ex is GraphQLParser.Exceptions.GraphQLParserException or InvalidOperationException or KeyNotFoundException)
            {
                w.WriteStartArray("errors");
                w.WriteStartObject();
                w.WriteString("message", $"{subgraph}: {ex.Message}");
                w.WriteEndObject();
                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private sealed record Ctx(string Subgraph, GraphQLDocument Document, JsonElement Variables);

    /// <summary>The identity of an object being resolved and, for entities, its representation.</summary>
    private sealed record Obj(string Type, string Id, JsonElement? Representation);

    private void WriteRootField(Utf8JsonWriter w, Ctx ctx, GraphQLField field)
    {
        var name = field.Name.StringValue;
        if (name == "__typename")
        {
            w.WriteStringValue(_schema.QueryType);
            return;
        }

        if (name == "_entities")
        {
            w.WriteStartArray();
            if (ctx.Variables.ValueKind == JsonValueKind.Object && ctx.Variables.TryGetProperty("representations", out var reps))
            {
                foreach (var rep in reps.EnumerateArray())
                {
                    var type = rep.GetProperty("__typename").GetString()!;
                    WriteObject(w, ctx, field.SelectionSet!, new Obj(type, EntityId(rep), rep));
                }
            }

            w.WriteEndArray();
            return;
        }

        var def = _schema.Type(_schema.QueryType).GetField(name) ?? throw new InvalidOperationException($"Unknown root field '{name}'.");
        var seed = name == "product" ? ArgString(ctx, field, "upc") ?? "p-1" : name;
        WriteValue(w, ctx, field, def, def.Type, new Obj(_schema.QueryType, seed, null), -1);
    }

    private static string EntityId(JsonElement rep)
    {
        foreach (var p in rep.EnumerateObject())
        {
            if (p.Name is "upc" or "id")
            {
                return p.Value.GetString()!;
            }
        }

        throw new InvalidOperationException("A representation has no key.");
    }

    private void WriteValue(Utf8JsonWriter w, Ctx ctx, GraphQLField field, FieldDef def, TypeRef type, Obj parent, int index)
    {
        if (type.IsList)
        {
            var count = ListLength(ctx, field, def);
            w.WriteStartArray();
            for (var i = 0; i < count; i++)
            {
                WriteValue(w, ctx, field, def, type.ItemType, parent, i);
            }

            w.WriteEndArray();
            return;
        }

        var named = _schema.Type(type.NamedType);
        if (named.IsComposite)
        {
            var child = ChildObject(parent, def.Name, named, index);
            WriteObject(w, ctx, field.SelectionSet!, child);
            return;
        }

        WriteLeaf(w, named.Name, def.Name, parent, index);
    }

    /// <summary>Identities: products p-N (Book for odd N, Furniture for even N), reviews r-&lt;product&gt;-i, users u-0..u-6.</summary>
    private Obj ChildObject(Obj parent, string field, TypeDef named, int index)
    {
        switch (named.Name)
        {
            case "Product" or "Book" or "Furniture":
                {
                    var id = parent.Type == _schema.QueryType && field == "product" ? parent.Id : $"p-{index + 1}";
                    var n = int.Parse(id.AsSpan(2));
                    var type = named.IsAbstract ? (n % 2 == 1 ? "Book" : "Furniture") : named.Name;
                    return new Obj(type, id, null);
                }

            case "Review":
                return new Obj("Review", $"r-{parent.Id}-{index}", null);
            case "User":
                return new Obj("User", field == "me" ? "u-0" : $"u-{Hash(parent.Id) % 7}", null);
            case "DeliveryOption":
                {
                    // Depends on the @requires input (address { country zip }) the shipping subgraph received.
                    var country = parent.Representation is { } rep && rep.TryGetProperty("address", out var a) && a.ValueKind == JsonValueKind.Object && a.TryGetProperty("country", out var c) ? c.GetString() : null;
                    return new Obj("DeliveryOption", $"{parent.Id}/{country ?? "unknown"}/{index}", null);
                }

            default:
                {
                    var type = named.IsAbstract ? _schema.PossibleTypes(named.Name)[0] : named.Name;
                    return new Obj(type, index < 0 ? $"{parent.Id}/{field}" : $"{parent.Id}/{field}/{index}", null);
                }
        }
    }

    private void WriteObject(Utf8JsonWriter w, Ctx ctx, GraphQLSelectionSet set, Obj obj)
    {
        var typeDef = _schema.Type(obj.Type);
        w.WriteStartObject();
        foreach (var (key, f) in Collect(ctx, set, obj.Type))
        {
            var name = f.Name.StringValue;
            w.WritePropertyName(key);
            if (name == "__typename")
            {
                w.WriteStringValue(obj.Type);
                continue;
            }

            var def = typeDef.GetField(name) ?? throw new InvalidOperationException($"Unknown field '{obj.Type}.{name}'.");
            if (obj.Representation is { } rep && f.SelectionSet is null && rep.TryGetProperty(name, out var given))
            {
                given.WriteTo(w);
                continue;
            }

            WriteValue(w, ctx, f, def, def.Type, obj, -1);
        }

        w.WriteEndObject();
    }

    private static void WriteLeaf(Utf8JsonWriter w, string scalar, string field, Obj obj, int index)
    {
        var rep = obj.Representation;
        switch (field)
        {
            case "upc" or "id":
                w.WriteStringValue(obj.Id);
                return;
            case "shippingEstimate" when rep is { } r && r.TryGetProperty("price", out var price) && r.TryGetProperty("weight", out var weight):
                // Computed from the @requires fields, as the inventory subgraph would.
                w.WriteNumberValue(price.ValueKind == JsonValueKind.Number && weight.ValueKind == JsonValueKind.Number ? (price.GetInt32() / 100) + (weight.GetInt32() * 2) : 0);
                return;
        }

        var h = Hash(obj.Id + "." + field + "." + index);
        switch (scalar)
        {
            case "Int":
                w.WriteNumberValue((int)(h % 1000) + 1);
                break;
            case "Float":
                w.WriteNumberValue((h % 10000) / 100.0);
                break;
            case "Boolean":
                w.WriteBooleanValue(h % 2 == 0);
                break;
            default:
                w.WriteStringValue($"{field} of {obj.Id}");
                break;
        }
    }

    private int ListLength(Ctx ctx, GraphQLField field, FieldDef def)
    {
        if (field.Arguments?.Find("first") is { } arg)
        {
            return Math.Clamp(ArgInt(ctx, arg.Value) ?? 2, 0, 100);
        }

        if (def.GetArgument("first")?.DefaultValue is GraphQLIntValue dv)
        {
            return int.Parse(dv.Value.Span);
        }

        return 2;
    }

    private static int? ArgInt(Ctx ctx, GraphQLValue value) => value switch
    {
        GraphQLIntValue i => int.Parse(i.Value.Span),
        GraphQLVariable v when ctx.Variables.ValueKind == JsonValueKind.Object && ctx.Variables.TryGetProperty(v.Name.StringValue, out var e) && e.ValueKind == JsonValueKind.Number => e.GetInt32(),
        _ => null,
    };

    private static string? ArgString(Ctx ctx, GraphQLField field, string name) => field.Arguments?.Find(name)?.Value switch
    {
        GraphQLStringValue s => s.Value.ToString(),
        GraphQLVariable v when ctx.Variables.ValueKind == JsonValueKind.Object && ctx.Variables.TryGetProperty(v.Name.StringValue, out var e) => e.GetString(),
        _ => null,
    };

    /// <summary>Field collection (spec 6.3.2): fragments whose type condition applies, @skip/@include, response keys in order.</summary>
    private List<(string Key, GraphQLField Field)> Collect(Ctx ctx, GraphQLSelectionSet set, string type)
    {
        var result = new List<(string, GraphQLField)>();
        CollectInto(ctx, set, type, result);
        return result;
    }

    private void CollectInto(Ctx ctx, GraphQLSelectionSet set, string type, List<(string Key, GraphQLField Field)> result)
    {
        foreach (var sel in set.Selections)
        {
            if (!Included(ctx, sel as IHasDirectivesNode))
            {
                continue;
            }

            switch (sel)
            {
                case GraphQLField f:
                    {
                        var key = (f.Alias?.Name ?? f.Name).StringValue;
                        if (!result.Exists(r => r.Key == key))
                        {
                            // Merging same-key fields' sub-selections is not needed for the gateway's generated queries.
                            result.Add((key, f));
                        }

                        break;
                    }

                case GraphQLInlineFragment i when i.TypeCondition is null || _schema.IsPossibleType(i.TypeCondition.Type.Name.StringValue, type):
                    CollectInto(ctx, i.SelectionSet, type, result);
                    break;
                case GraphQLFragmentSpread s:
                    {
                        var frag = ctx.Document.Definitions.OfType<GraphQLFragmentDefinition>().First(d => d.FragmentName.Name == s.FragmentName.Name);
                        if (_schema.IsPossibleType(frag.TypeCondition.Type.Name.StringValue, type))
                        {
                            CollectInto(ctx, frag.SelectionSet, type, result);
                        }

                        break;
                    }
            }
        }
    }

    private static bool Included(Ctx ctx, IHasDirectivesNode? node)
    {
        if (node?.Directives is not { } directives)
        {
            return true;
        }

        foreach (var d in directives)
        {
            var name = d.Name.StringValue;
            if (name is not ("skip" or "include") || d.Arguments?.Find("if")?.Value is not { } v)
            {
                continue;
            }

            var value = v switch
            {
                GraphQLTrueBooleanValue => true,
                GraphQLFalseBooleanValue => false,
                GraphQLVariable var when ctx.Variables.ValueKind == JsonValueKind.Object && ctx.Variables.TryGetProperty(var.Name.StringValue, out var e) => e.ValueKind == JsonValueKind.True,
                _ => false,
            };
            if ((name == "skip" && value) || (name == "include" && !value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>FNV-1a: stable across processes (string.GetHashCode is randomized).</summary>
    private static uint Hash(string s)
    {
        var h = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(s))
        {
            h = (h ^ b) * 16777619u;
        }

        return h;
    }
}
