using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQLParser.AST;
using Redtram.Federation.Execution;
using Redtram.Federation.Schema;

namespace Redtram.Federation.Validation;

/// <summary>Coerces request variables for an operation (GraphQL spec §6.1.2 CoerceVariableValues, graphql-js messages).</summary>
public static class VariableCoercer
{
    /// <summary>
    /// Returns the coerced values of the variables the operation defines (a variable that was not provided and has no
    /// default is absent), or null when there were errors; errors (code <c>BAD_USER_INPUT</c>) are appended to <paramref name="errors"/>.
    /// </summary>
    public static JsonObject? Coerce(GraphSchema schema, GraphQLOperationDefinition operation, JsonObject? variables, List<GraphQLError> errors)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(errors);
        var result = new JsonObject();
        var errorCount = errors.Count;
        if (operation.Variables is null)
        {
            return result;
        }

        foreach (var def in operation.Variables.Items)
        {
            var name = def.Variable.Name.StringValue;
            var type = SchemaBuilder.BuildTypeRef(def.Type);
            var named = schema.GetType(type.NamedType);
            if (named is null || !named.IsInputType)
            {
                errors.Add(Error($"Variable \"${name}\" expected value of type \"{type}\" which cannot be used as an input type."));
                continue;
            }

            JsonNode? value = null;
            var provided = variables is not null && variables.TryGetPropertyValue(name, out value);
            if (!provided && def.DefaultValue is not null)
            {
                result[name] = LiteralToJson(schema, def.DefaultValue, type);
                continue;
            }

            if (value is null)
            {
                if (type.IsNonNull)
                {
                    errors.Add(Error(provided
                        ? $"Variable \"${name}\" of non-null type \"{type}\" must not be null."
                        : $"Variable \"${name}\" of required type \"{type}\" was not provided."));
                    continue;
                }

                if (provided)
                {
                    result[name] = null;
                }

                continue;
            }

            var coercer = new InputCoercer(schema, name, errors);
            try
            {
                var coerced = coercer.Coerce(value, type, []);
                if (!coercer.Failed)
                {
                    result[name] = coerced;
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException or JsonException or ArgumentException)
            {
                errors.Add(Error($"Variable \"${name}\" got invalid value {SafeInspect(value)}; the value could not be read."));
            }
        }

        return errors.Count > errorCount ? null : result;
    }

    private static GraphQLError Error(string message) => new(message, ErrorCodes.BadUserInput);

    private static string SafeInspect(JsonNode? value)
    {
        try
        {
            return Inspect(value);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or JsonException or ArgumentException)
        {
            return "(unreadable)";
        }
    }

    /// <summary>The string of a JSON string value, whatever CLR value backs it.</summary>
    private static string GetString(JsonNode value) =>
        value is JsonValue v && v.TryGetValue<string>(out var s) ? s : JsonNode.Parse(value.ToJsonString())!.GetValue<string>();

    /// <summary>Converts a (constant) value literal to JSON for the given input type, applying input object field defaults.</summary>
    internal static JsonNode? LiteralToJson(GraphSchema schema, GraphQLValue value, TypeRef? type)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            return null;
        }

        if (value is GraphQLNullValue)
        {
            return null;
        }

        if (type is not null && type.IsNonNull)
        {
            type = type.OfType;
        }

        if (type is not null && type.Kind == TypeRefKind.List)
        {
            var array = new JsonArray();
            if (value is GraphQLListValue list)
            {
                if (list.Values is not null)
                {
                    foreach (var item in list.Values)
                    {
                        array.Add(LiteralToJson(schema, item, type.OfType));
                    }
                }
            }
            else
            {
                array.Add(LiteralToJson(schema, value, type.OfType));
            }

            return array;
        }

        var named = type is null ? null : schema.GetType(type.Name!);
        switch (value)
        {
            case GraphQLIntValue i:
                if (named?.Name is "Float")
                {
                    return JsonValue.Create(double.Parse(i.Value.Span, NumberStyles.Float, CultureInfo.InvariantCulture));
                }

                if (named?.Name is "ID")
                {
                    return JsonValue.Create(i.Value.ToString());
                }

                if (int.TryParse(i.Value.Span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i32))
                {
                    return JsonValue.Create(i32);
                }

                if (long.TryParse(i.Value.Span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i64))
                {
                    return JsonValue.Create(i64);
                }

                return JsonNode.Parse(i.Value.ToString());
            case GraphQLFloatValue f:
                return JsonValue.Create(double.Parse(f.Value.Span, NumberStyles.Float, CultureInfo.InvariantCulture));
            case GraphQLStringValue s:
                return JsonValue.Create(s.Value.ToString());
            case GraphQLBooleanValue b:
                return JsonValue.Create(b.BoolValue);
            case GraphQLEnumValue e:
                return JsonValue.Create(e.Name.StringValue);
            case GraphQLListValue l:
                var arr = new JsonArray();
                if (l.Values is not null)
                {
                    foreach (var item in l.Values)
                    {
                        arr.Add(LiteralToJson(schema, item, null));
                    }
                }

                return arr;
            case GraphQLObjectValue o:
                var obj = new JsonObject();
                var isInput = named is not null && named.Kind == TypeKind.InputObject;
                if (o.Fields is not null)
                {
                    foreach (var field in o.Fields)
                    {
                        var fieldName = field.Name.StringValue;
                        obj[fieldName] = LiteralToJson(schema, field.Value, isInput ? named!.GetInputField(fieldName)?.Type : null);
                    }
                }

                if (isInput)
                {
                    foreach (var fieldDef in named!.InputFields)
                    {
                        if (fieldDef.DefaultValue is not null && !obj.ContainsKey(fieldDef.Name))
                        {
                            obj[fieldDef.Name] = LiteralToJson(schema, fieldDef.DefaultValue, fieldDef.Type);
                        }
                    }
                }

                return obj;
            default:
                return null;
        }
    }

    /// <summary>graphql-js <c>coerceInputValue</c> for one variable.</summary>
    private sealed class InputCoercer(GraphSchema schema, string variableName, List<GraphQLError> errors)
    {
        public bool Failed { get; private set; }

        public JsonNode? Coerce(JsonNode? value, TypeRef type, List<object> path)
        {
            if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
            {
                Fail(path, value, "The value is too deeply nested.");
                return null;
            }

            if (type.IsNonNull)
            {
                if (value is not null)
                {
                    return Coerce(value, type.OfType!, path);
                }

                Fail(path, value, $"Expected non-nullable type \"{type}\" not to be null.");
                return null;
            }

            if (value is null)
            {
                return null;
            }

            if (type.Kind == TypeRefKind.List)
            {
                var itemType = type.OfType!;
                var array = new JsonArray();
                if (value is JsonArray input)
                {
                    for (var i = 0; i < input.Count; i++)
                    {
                        path.Add(i);
                        array.Add(Coerce(input[i], itemType, path));
                        path.RemoveAt(path.Count - 1);
                    }
                }
                else
                {
                    array.Add(Coerce(value, itemType, path));
                }

                return array;
            }

            var named = schema.GetType(type.Name!);
            if (named is null)
            {
                Fail(path, value, $"Expected type \"{type.Name}\".");
                return null;
            }

            return named.Kind switch
            {
                TypeKind.InputObject => CoerceInputObject(value, named, path),
                TypeKind.Enum => CoerceEnum(value, named, path),
                TypeKind.Scalar => CoerceScalar(value, named, path),
                _ => FailNull(path, value, $"Expected type \"{type.Name}\"."),
            };
        }

        private JsonNode? CoerceInputObject(JsonNode value, TypeDef type, List<object> path)
        {
            if (value is not JsonObject input)
            {
                Fail(path, value, $"Expected type \"{type.Name}\" to be an object.");
                return null;
            }

            var result = new JsonObject();
            foreach (var field in type.InputFields)
            {
                if (!input.TryGetPropertyValue(field.Name, out var fieldValue))
                {
                    if (field.DefaultValue is not null)
                    {
                        result[field.Name] = LiteralToJson(schema, field.DefaultValue, field.Type);
                    }
                    else if (field.Type.IsNonNull)
                    {
                        Fail(path, value, $"Field \"{field.Name}\" of required type \"{field.Type}\" was not provided.");
                    }

                    continue;
                }

                path.Add(field.Name);
                result[field.Name] = Coerce(fieldValue, field.Type, path);
                path.RemoveAt(path.Count - 1);
            }

            foreach (var (key, _) in input)
            {
                if (type.GetInputField(key) is null)
                {
                    var names = new List<string>(type.InputFields.Count);
                    foreach (var f in type.InputFields)
                    {
                        names.Add(f.Name);
                    }

                    Fail(path, value, $"Field \"{key}\" is not defined by type \"{type.Name}\"." + ValidationText.DidYouMean(ValidationText.SuggestionList(key, names)));
                }
            }

            if (type.IsOneOf)
            {
                if (result.Count != 1)
                {
                    Fail(path, value, $"Exactly one key must be specified for OneOf type \"{type.Name}\".");
                }
                else
                {
                    foreach (var (key, fieldValue) in result)
                    {
                        if (fieldValue is null)
                        {
                            path.Add(key);
                            Fail(path, null, $"Field \"{key}\" must be non-null.");
                            path.RemoveAt(path.Count - 1);
                        }
                    }
                }
            }

            return result;
        }

        private JsonNode? CoerceEnum(JsonNode value, TypeDef type, List<object> path)
        {
            if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
            {
                var printed = Inspect(value);
                Fail(path, value, $"Enum \"{type.Name}\" cannot represent non-string value: {printed}." + OperationValidator.EnumSuggestions(type, printed));
                return null;
            }

            var name = GetString(v);
            if (!type.HasEnumValue(name))
            {
                Fail(path, value, $"Value \"{name}\" does not exist in \"{type.Name}\" enum." + OperationValidator.EnumSuggestions(type, name));
                return null;
            }

            return JsonValue.Create(name);
        }

        private JsonNode? CoerceScalar(JsonNode value, TypeDef type, List<object> path)
        {
            var kind = value.GetValueKind();
            switch (type.Name)
            {
                case "Int":
                    if (kind != JsonValueKind.Number || !TryGetNumber((JsonValue)value, out var d) || Math.Floor(d) != d || double.IsInfinity(d))
                    {
                        return FailNull(path, value, "Int cannot represent non-integer value: " + Inspect(value));
                    }

                    if (d > int.MaxValue || d < int.MinValue)
                    {
                        return FailNull(path, value, "Int cannot represent non 32-bit signed integer value: " + Inspect(value));
                    }

                    return JsonValue.Create((int)d);
                case "Float":
                    if (kind != JsonValueKind.Number || !TryGetNumber((JsonValue)value, out var f) || !double.IsFinite(f))
                    {
                        return FailNull(path, value, "Float cannot represent non numeric value: " + Inspect(value));
                    }

                    return JsonValue.Create(f);
                case "String":
                    if (kind != JsonValueKind.String)
                    {
                        return FailNull(path, value, "String cannot represent a non string value: " + Inspect(value));
                    }

                    return JsonValue.Create(GetString(value));
                case "Boolean":
                    if (kind is not (JsonValueKind.True or JsonValueKind.False))
                    {
                        return FailNull(path, value, "Boolean cannot represent a non boolean value: " + Inspect(value));
                    }

                    return JsonValue.Create(kind == JsonValueKind.True);
                case "ID":
                    if (kind == JsonValueKind.String)
                    {
                        return JsonValue.Create(GetString(value));
                    }

                    if (kind == JsonValueKind.Number && TryGetNumber((JsonValue)value, out var id) && Math.Floor(id) == id && !double.IsInfinity(id))
                    {
                        var text = value.ToJsonString();
                        return JsonValue.Create(text.Contains('.') || text.Contains('e') || text.Contains('E') ? id.ToString("R", CultureInfo.InvariantCulture) : text);
                    }

                    return FailNull(path, value, "ID cannot represent value: " + Inspect(value));
                default:
                    // Custom scalars: any JSON value passes through unchanged.
                    return value.DeepClone();
            }
        }

        private static bool TryGetNumber(JsonValue value, out double result)
        {
            if (value.TryGetValue<JsonElement>(out var element))
            {
                if (element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out result))
                {
                    return true;
                }

                result = 0;
                return false;
            }

            if (value.TryGetValue<int>(out var i))
            {
                result = i;
                return true;
            }

            if (value.TryGetValue<long>(out var l))
            {
                result = l;
                return true;
            }

            if (value.TryGetValue<double>(out result))
            {
                return true;
            }

            if (value.TryGetValue<float>(out var f))
            {
                result = f;
                return true;
            }

            if (value.TryGetValue<decimal>(out var m))
            {
                result = (double)m;
                return true;
            }

            return double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out result);
        }

        private JsonNode? FailNull(List<object> path, JsonNode? value, string message)
        {
            Fail(path, value, message);
            return null;
        }

        private void Fail(List<object> path, JsonNode? invalidValue, string message)
        {
            Failed = true;
            var sb = new StringBuilder();
            sb.Append("Variable \"$").Append(variableName).Append("\" got invalid value ").Append(Inspect(invalidValue));
            if (path.Count > 0)
            {
                sb.Append(" at \"").Append(variableName);
                foreach (var p in path)
                {
                    if (p is int index)
                    {
                        sb.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
                    }
                    else
                    {
                        sb.Append('.').Append(p);
                    }
                }

                sb.Append('"');
            }

            sb.Append("; ").Append(message);
            errors.Add(Error(sb.ToString()));
        }
    }

    /// <summary>graphql-js <c>inspect</c>-like rendering of a JSON value: <c>"abc"</c>, <c>[1, 2]</c>, <c>{ a: 1 }</c>.</summary>
    internal static string Inspect(JsonNode? value)
    {
        var sb = new StringBuilder();
        Inspect(sb, value, 0);
        return sb.ToString();
    }

    private static void Inspect(StringBuilder sb, JsonNode? value, int depth)
    {
        switch (value)
        {
            case null:
                sb.Append("null");
                break;
            case JsonArray array:
                if (depth > 2)
                {
                    sb.Append("[Array]");
                    break;
                }

                sb.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    Inspect(sb, array[i], depth + 1);
                }

                sb.Append(']');
                break;
            case JsonObject obj:
                if (obj.Count == 0)
                {
                    sb.Append("{}");
                    break;
                }

                if (depth > 2)
                {
                    sb.Append("[Object]");
                    break;
                }

                sb.Append("{ ");
                var first = true;
                foreach (var (key, v) in obj)
                {
                    if (!first)
                    {
                        sb.Append(", ");
                    }

                    first = false;
                    sb.Append(key).Append(": ");
                    Inspect(sb, v, depth + 1);
                }

                sb.Append(" }");
                break;
            default:
                var kind = value.GetValueKind();
                if (kind == JsonValueKind.String)
                {
                    ValidationText.AppendQuoted(sb, GetString(value));
                }
                else
                {
                    sb.Append(value.ToJsonString());
                }

                break;
        }
    }
}
