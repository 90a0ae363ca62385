using System.Text.Json.Nodes;

namespace Redtram.Gateway.Tests.Compliance.Harness;

/// <summary>
/// The comparison rule of the compliance suite (see Compliance/README.md):
/// "data" must be structurally equal (object keys in any order, arrays in order, numbers by value);
/// "errors" must be absent when expected has none, else have as many entries, each expected error
/// matching a distinct actual one on the parts the expected error states: message, path, extensions.code.
/// </summary>
public static class JsonMatch
{
    /// <summary>Returns null when <paramref name="actual"/> satisfies <paramref name="expected"/>, else why not.</summary>
    public static string? Compare(JsonObject expected, JsonObject actual)
    {
        var expectedData = expected["data"];
        var actualData = actual["data"];
        if (!expected.ContainsKey("data") && actual.ContainsKey("data") && actualData is not null)
            return "data present but not expected";
        if (Diff(expectedData, actualData, "data") is { } diff)
            return diff;

        var expectedErrors = expected["errors"] as JsonArray ?? [];
        var actualErrors = actual["errors"] as JsonArray ?? [];
        if (expectedErrors.Count != actualErrors.Count)
            return $"expected {expectedErrors.Count} error(s), got {actualErrors.Count}: {actualErrors.ToJsonString()}";
        var unmatched = actualErrors.ToList();
        foreach (var e in expectedErrors)
        {
            var match = unmatched.FirstOrDefault(a => ErrorMatches(e!.AsObject(), a as JsonObject));
            if (match is null)
                return $"no actual error matches {e!.ToJsonString()}; actual: {actualErrors.ToJsonString()}";
            unmatched.Remove(match);
        }
        return null;
    }

    private static bool ErrorMatches(JsonObject expected, JsonObject? actual)
    {
        if (actual is null)
            return false;
        if (expected.ContainsKey("message") && Diff(expected["message"], actual["message"], "") is not null)
            return false;
        if (expected.ContainsKey("path") && Diff(expected["path"], actual["path"], "") is not null)
            return false;
        var code = expected["extensions"]?["code"];
        if (code is not null && Diff(code, actual["extensions"]?["code"], "") is not null)
            return false;
        return true;
    }

    public static string? Diff(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected)
        {
            case null:
                return actual is null ? null : $"{path}: expected null, got {actual.ToJsonString()}";
            case JsonObject eo:
                if (actual is not JsonObject ao)
                    return $"{path}: expected object, got {actual?.ToJsonString() ?? "null"}";
                foreach (var (k, v) in eo)
                {
                    if (!ao.ContainsKey(k))
                        return $"{path}.{k}: missing";
                    if (Diff(v, ao[k], $"{path}.{k}") is { } d)
                        return d;
                }
                foreach (var (k, _) in ao)
                    if (!eo.ContainsKey(k))
                        return $"{path}.{k}: unexpected field";
                return null;
            case JsonArray ea:
                if (actual is not JsonArray aa)
                    return $"{path}: expected array, got {actual?.ToJsonString() ?? "null"}";
                if (ea.Count != aa.Count)
                    return $"{path}: expected {ea.Count} items, got {aa.Count}: {aa.ToJsonString()}";
                for (var i = 0; i < ea.Count; i++)
                    if (Diff(ea[i], aa[i], $"{path}[{i}]") is { } d)
                        return d;
                return null;
            default:
                if (actual is not JsonValue av)
                    return $"{path}: expected {expected.ToJsonString()}, got {actual?.ToJsonString() ?? "null"}";
                var ev = (JsonValue)expected;
                if (ev.TryGetValue<decimal>(out var en) && av.TryGetValue<decimal>(out var an))
                    return en == an ? null : $"{path}: expected {en}, got {an}";
                return ev.ToJsonString() == av.ToJsonString() ? null : $"{path}: expected {ev.ToJsonString()}, got {av.ToJsonString()}";
        }
    }
}
