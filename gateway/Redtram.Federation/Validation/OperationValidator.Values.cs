using GraphQLParser.AST;
using Redtram.Federation.Schema;

namespace Redtram.Federation.Validation;

/// <summary>ValuesOfCorrectType, input object field rules, @oneOf, and collection of variable usages.</summary>
internal sealed partial class OperationValidator
{
    /// <summary>
    /// Validates a value literal against the expected input type (null when unknown: then only variable usages are collected).
    /// </summary>
    private void CheckValue(GraphQLValue value, TypeRef? type, bool hasLocationDefault, string? oneOfType = null)
    {
        if (value is GraphQLVariable variable)
        {
            _scope.Usages.Add(new VariableUsage(variable, type, hasLocationDefault, oneOfType));
            return;
        }

        if (!EnsureStack(value))
        {
            return;
        }

        if (type is null)
        {
            CollectVariables(value);
            return;
        }

        var locationType = type;
        if (type.IsNonNull)
        {
            if (value is GraphQLNullValue)
            {
                Report($"Expected value of type \"{locationType}\", found null.", value);
                return;
            }

            type = type.OfType!;
        }

        if (value is GraphQLNullValue)
        {
            return;
        }

        if (type.Kind == TypeRefKind.List)
        {
            if (value is GraphQLListValue list)
            {
                if (list.Values is not null)
                {
                    foreach (var item in list.Values)
                    {
                        CheckValue(item, type.OfType, false);
                    }
                }
            }
            else
            {
                // Input coercion wraps a single value into a list.
                CheckValue(value, type.OfType, false);
            }

            return;
        }

        var named = _schema.GetType(type.Name!);
        if (named is null)
        {
            CollectVariables(value);
            return;
        }

        switch (named.Kind)
        {
            case TypeKind.InputObject:
                if (value is GraphQLObjectValue obj)
                {
                    CheckInputObject(obj, named);
                }
                else
                {
                    Report($"Expected value of type \"{locationType}\", found {ValidationText.Print(value)}.", value);
                    CollectVariables(value);
                }

                break;
            case TypeKind.Enum:
                CheckEnumLiteral(value, named);
                break;
            case TypeKind.Scalar:
                var message = ScalarLiteralError(named.Name, value);
                if (message is not null)
                {
                    Report(message, value);
                }

                // Custom scalars accept any literal; variables nested in it are still used.
                CollectVariables(value);
                break;
            default:
                // Not an input type (reported where the type was declared).
                CollectVariables(value);
                break;
        }
    }

    private void CheckInputObject(GraphQLObjectValue obj, TypeDef type)
    {
        var fields = obj.Fields;
        var count = fields?.Count ?? 0;
        for (var i = 0; i < count; i++)
        {
            var field = fields![i];
            var fieldName = field.Name.StringValue;

            // UniqueInputFieldNames.
            for (var j = 0; j < i; j++)
            {
                if (fields[j].Name.StringValue == fieldName)
                {
                    Report($"There can be only one input field named \"{fieldName}\".", fields[j].Name, field.Name);
                    break;
                }
            }

            var fieldDef = type.GetInputField(fieldName);
            if (fieldDef is null)
            {
                var names = new List<string>(type.InputFields.Count);
                foreach (var f in type.InputFields)
                {
                    names.Add(f.Name);
                }

                Report($"Field \"{fieldName}\" is not defined by type \"{type.Name}\"." + ValidationText.DidYouMean(ValidationText.SuggestionList(fieldName, names)), field);
                CollectVariables(field.Value);
                continue;
            }

            CheckValue(field.Value, fieldDef.Type, fieldDef.DefaultValue is not null, type.IsOneOf ? type.Name : null);
        }

        foreach (var fieldDef in type.InputFields)
        {
            if (!fieldDef.Type.IsNonNull || fieldDef.DefaultValue is not null)
            {
                continue;
            }

            var provided = false;
            for (var i = 0; i < count; i++)
            {
                if (fields![i].Name.StringValue == fieldDef.Name)
                {
                    provided = true;
                    break;
                }
            }

            if (!provided)
            {
                Report($"Field \"{type.Name}.{fieldDef.Name}\" of required type \"{fieldDef.Type}\" was not provided.", obj);
            }
        }

        if (type.IsOneOf)
        {
            if (count != 1)
            {
                Report($"OneOf Input Object \"{type.Name}\" must specify exactly one key.", obj);
            }
            else if (fields![0].Value is GraphQLNullValue)
            {
                Report($"Field \"{type.Name}.{fields[0].Name.StringValue}\" must be non-null.", obj);
            }
        }
    }

    private void CheckEnumLiteral(GraphQLValue value, TypeDef type)
    {
        if (value is GraphQLEnumValue e)
        {
            var name = e.Name.StringValue;
            if (!type.HasEnumValue(name))
            {
                Report($"Value \"{name}\" does not exist in \"{type.Name}\" enum." + EnumSuggestions(type, name), value);
            }

            return;
        }

        var printed = ValidationText.Print(value);
        Report($"Enum \"{type.Name}\" cannot represent non-enum value: {printed}." + EnumSuggestions(type, printed), value);
        CollectVariables(value);
    }

    internal static string EnumSuggestions(TypeDef type, string input)
    {
        var names = new List<string>(type.EnumValues.Count);
        foreach (var v in type.EnumValues)
        {
            names.Add(v.Name);
        }

        return ValidationText.DidYouMean(ValidationText.SuggestionList(input, names));
    }

    /// <summary>The graphql-js parseLiteral error of a built-in scalar, or null when the literal is acceptable.</summary>
    internal static string? ScalarLiteralError(string scalar, GraphQLValue value)
    {
        switch (scalar)
        {
            case "Int":
                if (value is GraphQLIntValue i)
                {
                    return int.TryParse(i.Value.Span, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _)
                        ? null
                        : $"Int cannot represent non 32-bit signed integer value: {i.Value.Span}";
                }

                return "Int cannot represent non-integer value: " + ValidationText.Print(value);
            case "Float":
                return value is GraphQLIntValue or GraphQLFloatValue ? null : "Float cannot represent non numeric value: " + ValidationText.Print(value);
            case "String":
                return value is GraphQLStringValue ? null : "String cannot represent a non string value: " + ValidationText.Print(value);
            case "Boolean":
                return value is GraphQLBooleanValue ? null : "Boolean cannot represent a non boolean value: " + ValidationText.Print(value);
            case "ID":
                return value is GraphQLStringValue or GraphQLIntValue ? null : "ID cannot represent a non-string and non-integer value: " + ValidationText.Print(value);
            default:
                return null;
        }
    }

    /// <summary>Records the variables used anywhere inside a value whose expected type is unknown or irrelevant.</summary>
    private void CollectVariables(GraphQLValue value)
    {
        switch (value)
        {
            case GraphQLVariable v:
                _scope.Usages.Add(new VariableUsage(v, null, false, null));
                break;
            case GraphQLListValue l when l.Values is not null:
                if (!EnsureStack(value))
                {
                    return;
                }

                foreach (var item in l.Values)
                {
                    CollectVariables(item);
                }

                break;
            case GraphQLObjectValue o when o.Fields is not null:
                if (!EnsureStack(value))
                {
                    return;
                }

                foreach (var f in o.Fields)
                {
                    CollectVariables(f.Value);
                }

                break;
        }
    }
}
