using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Redtram.Gateway.Security;

/// <summary>What every search must declare (domain.md §8): purpose, legal basis and the requesting case.
/// <para>Where: in the GraphQL request's <c>extensions.redtram</c> object
/// (<c>{"extensions":{"redtram":{"purpose":"CRIMINAL_INVESTIGATION","legalBasis":"…","caseReference":"PE:2025-0001"}}}</c>),
/// or in the HTTP headers <c>Redtram-Purpose</c>, <c>Redtram-Legal-Basis</c>, <c>Redtram-Case-Reference</c>
/// (handy for GET and curl). Either place may give each value; if both give one, they must be equal.</para>
/// <para>Rules: purpose is a code declared in the policy's <c>purposes</c>; legal basis is 1–200 printable
/// characters (e.g. "Art. 5 Tratado de Asistencia Jurídica Mutua PE-BO"); case reference is
/// <c>CC:local-number</c> where CC is the requester's own country (the case the search serves).</para></summary>
public sealed record RequestContext(string Purpose, string LegalBasis, string CaseReference)
{
    public const string ExtensionName = "redtram";
    public const string PurposeHeader = "Redtram-Purpose";
    public const string LegalBasisHeader = "Redtram-Legal-Basis";
    public const string CaseReferenceHeader = "Redtram-Case-Reference";
    /// <summary>The GraphQL error code for every failure of <see cref="Parse(JsonElement?, IHeaderDictionary?, Principal, AccessPolicy)"/>.</summary>
    public const string ErrorCode = "BAD_USER_INPUT";
    public const int MaxLegalBasisLength = 200;

    /// <summary>Reads and checks the declaration. On failure returns a <see cref="RequestContextError"/> whose
    /// <see cref="RequestContextError.Message"/> is safe to return to the client (it never echoes the values):
    /// the host answers with a GraphQL error <c>{"message": …, "extensions": {"code": "BAD_USER_INPUT", "field": …}}</c>
    /// and runs no search. <paramref name="extensions"/> is the request's "extensions" member (any JSON, or
    /// null/undefined when absent).</summary>
    public static RequestContextResult Parse(JsonElement? extensions, IHeaderDictionary? headers, Principal principal, AccessPolicy policy)
    {
        JsonElement ext = default;
        var hasExt = extensions is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(ExtensionName, out ext);
        if (hasExt && ext.ValueKind != JsonValueKind.Object)
            return new RequestContextError("extensions.redtram", "extensions.redtram must be an object");

        var errors = new List<RequestContextError>();
        var purpose = Pick("purpose", PurposeHeader, "purpose", errors);
        var legalBasis = Pick("legalBasis", LegalBasisHeader, "legalBasis", errors);
        var caseRef = Pick("caseReference", CaseReferenceHeader, "caseReference", errors);
        if (errors.Count > 0) return errors[0];

        if (purpose is null) return new RequestContextError("purpose", "a purpose is required for every search");
        if (!policy.Purposes.Contains(purpose)) return new RequestContextError("purpose", "purpose is not one of the declared purposes: " + string.Join(", ", policy.Purposes.Order(StringComparer.Ordinal)));
        if (legalBasis is null) return new RequestContextError("legalBasis", "a legal basis is required for every search");
        legalBasis = legalBasis.Trim();
        if (legalBasis.Length is 0 or > MaxLegalBasisLength || legalBasis.Any(char.IsControl))
            return new RequestContextError("legalBasis", $"legal basis must be 1 to {MaxLegalBasisLength} printable characters");
        if (caseReference(caseRef) is { } err) return err;
        return new RequestContext(purpose, legalBasis, caseRef!);

        RequestContextError? caseReference(string? c)
        {
            if (c is null) return new RequestContextError("caseReference", "the requesting case reference is required for every search");
            if (!PolicyLoader.CaseRefRx().IsMatch(c)) return new RequestContextError("caseReference", "case reference must be CC:local-number");
            if (!c.StartsWith(principal.Country + ":", StringComparison.Ordinal))
                return new RequestContextError("caseReference", "case reference must be a case of the requester's own country");
            return null;
        }

        string? Pick(string extName, string headerName, string field, List<RequestContextError> errs)
        {
            string? fromExt = null, fromHeader = null;
            if (hasExt && ext.TryGetProperty(extName, out var v))
            {
                if (v.ValueKind == JsonValueKind.String) fromExt = v.GetString();
                else if (v.ValueKind != JsonValueKind.Null) { errs.Add(new RequestContextError(field, $"extensions.redtram.{extName} must be a string")); return null; }
            }
            if (headers is not null && headers.TryGetValue(headerName, out var hv))
            {
                if (hv.Count > 1) { errs.Add(new RequestContextError(field, $"header {headerName} given more than once")); return null; }
                fromHeader = hv.ToString();
            }
            if (string.IsNullOrWhiteSpace(fromExt)) fromExt = null;
            if (string.IsNullOrWhiteSpace(fromHeader)) fromHeader = null;
            if (fromExt is not null && fromHeader is not null && !string.Equals(fromExt.Trim(), fromHeader.Trim(), StringComparison.Ordinal))
            { errs.Add(new RequestContextError(field, $"{field} differs between extensions.redtram and header {headerName}")); return null; }
            return (fromExt ?? fromHeader)?.Trim();
        }
    }
}

/// <summary>A missing or invalid declaration: GraphQL error code <see cref="Code"/> (BAD_USER_INPUT),
/// <see cref="Field"/> names the missing item (purpose, legalBasis, caseReference).</summary>
public sealed record RequestContextError(string Field, string Message)
{
    public string Code => RequestContext.ErrorCode;
}

/// <summary>Either a <see cref="RequestContext"/> or a <see cref="RequestContextError"/>.</summary>
public readonly struct RequestContextResult
{
    private RequestContextResult(RequestContext? ok, RequestContextError? error) { Context = ok; Error = error; }
    public RequestContext? Context { get; }
    public RequestContextError? Error { get; }
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Context))]
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Context is not null;
    public static implicit operator RequestContextResult(RequestContext c) => new(c, null);
    public static implicit operator RequestContextResult(RequestContextError e) => new(null, e);
}
