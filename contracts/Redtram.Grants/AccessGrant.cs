namespace Redtram.Grants;

/// <summary>
/// What one request may see of one owner country's data, as decided by the gateway from the policy
/// (architecture.md §4, domain.md §8) and passed to that country's adapter in the <see cref="HeaderName"/> header,
/// signed (see <see cref="GrantSigner"/> and <see cref="GrantVerifier"/>).
/// </summary>
/// <param name="Owner">The country whose data is asked for: the adapter's country (JWT <c>aud</c>).</param>
/// <param name="RequesterCountry">The requesting principal's country (<c>rc</c>).</param>
/// <param name="Roles">The requesting principal's roles (<c>roles</c>), e.g. <c>prosecutor</c>.</param>
/// <param name="Purpose">The declared purpose (<c>purpose</c>), e.g. <c>CRIMINAL_INVESTIGATION</c>.</param>
/// <param name="CaseReference">The declared requesting case, "CC:local" of the requester (<c>case</c>).</param>
/// <param name="Level">The highest level, JITs included (<c>lvl</c>): records in JIT scope get this level.</param>
/// <param name="LevelOutsideJit">The level of records outside the JIT scope (<c>lvl_out</c>); never above <paramref name="Level"/>.</param>
/// <param name="JitIds">The JITs that raised <paramref name="Level"/> (<c>jit</c>).</param>
/// <param name="JitCases">The owner's case ids ("CC:local", CC = <paramref name="Owner"/>) in scope of those JITs (<c>jit_cases</c>).</param>
/// <param name="UserRef">Opaque pseudonymous reference of the requesting user (<c>uref</c>): a hash, never the raw subject.</param>
/// <param name="IssuedAt">iat (whole seconds on the wire).</param>
/// <param name="ExpiresAt">exp (whole seconds on the wire); at most <see cref="MaxLifetime"/> after <paramref name="IssuedAt"/>.</param>
public sealed record AccessGrant(
    string Owner,
    string RequesterCountry,
    IReadOnlyList<string> Roles,
    string Purpose,
    string CaseReference,
    AccessLevel Level,
    AccessLevel LevelOutsideJit,
    IReadOnlyList<string> JitIds,
    IReadOnlyList<string> JitCases,
    string UserRef,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt)
{
    /// <summary>The HTTP request header that carries the signed grant (a compact JWS) from the gateway to an adapter.</summary>
    public const string HeaderName = "Redtram-Grant";

    /// <summary>The JWS <c>typ</c> header of a grant.</summary>
    public const string TokenType = "redtram-grant+jwt";

    /// <summary>The only accepted signature algorithm: ECDSA P-256 with SHA-256.</summary>
    public const string Algorithm = "ES256";

    /// <summary>The default <c>iss</c> of the gateway's grants.</summary>
    public const string DefaultIssuer = "redtram-gateway";

    /// <summary>Largest accepted token, in characters.</summary>
    public const int MaxTokenLength = 8 * 1024;

    /// <summary>The lifetime the gateway should give a grant (it may cache and reuse a signed grant for part of it).</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(120);

    /// <summary>Longest accepted exp − iat.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromSeconds(300);

    internal const int MaxListItems = 256;
    internal const int MaxJitCases = 1000;
    internal const int MaxText = 200;

    /// <summary>The JIT scope: is the owner's case <paramref name="caseId"/> ("CC:local") one of <see cref="JitCases"/>?</summary>
    public bool InJitScope(string caseId)
    {
        foreach (var c in JitCases)
            if (string.Equals(c, caseId, StringComparison.Ordinal))
                return true;
        return false;
    }

    /// <summary>The first problem that makes this grant unfit to sign or to accept, or null when it is well formed.
    /// Messages name the claim, never its value.</summary>
    public string? Problem()
    {
        if (!IsCountry(Owner)) return "aud must be a country code (two capital letters)";
        if (!IsCountry(RequesterCountry)) return "rc must be a country code (two capital letters)";
        if (Roles is null || Roles.Count > 16) return "roles must be a list of at most 16 roles";
        foreach (var r in Roles)
            if (string.IsNullOrEmpty(r) || r.Length > 64) return "roles must hold non-empty names of at most 64 characters";
        if (Purpose is null || Purpose.Length > MaxText) return "purpose must be a string of at most 200 characters";
        if (CaseReference is null || CaseReference.Length > MaxText) return "case must be a string of at most 200 characters";
        if (!Enum.IsDefined(Level) || !Enum.IsDefined(LevelOutsideJit)) return "lvl and lvl_out must be access levels";
        if (LevelOutsideJit > Level) return "lvl_out may not exceed lvl";
        if (JitIds is null || JitIds.Count > MaxListItems) return "jit must be a list of at most 256 ids";
        foreach (var j in JitIds)
            if (string.IsNullOrEmpty(j) || j.Length > 128) return "jit must hold non-empty ids of at most 128 characters";
        if (JitCases is null || JitCases.Count > MaxJitCases) return "jit_cases must be a list of at most 1000 case ids";
        foreach (var c in JitCases)
            if (c is null || c.Length < 4 || c.Length > MaxText || c[2] != ':' || !c.StartsWith(Owner, StringComparison.Ordinal))
                return "jit_cases must hold case ids of the owner country (CC:local)";
        if (UserRef is null || UserRef.Length > 128) return "uref must be a string of at most 128 characters";
        if (ExpiresAt <= IssuedAt) return "exp must be after iat";
        return null;
    }

    internal static bool IsCountry(string? s) => s is { Length: 2 } && char.IsAsciiLetterUpper(s[0]) && char.IsAsciiLetterUpper(s[1]);
}
