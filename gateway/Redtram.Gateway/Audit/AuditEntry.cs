namespace Redtram.Gateway.Audit;

/// <summary>
/// One request as recorded in the audit log. Holds who asked, why, and what each country disclosed —
/// never the search criteria (names, dates of birth…): those are personal data the log must not copy.
/// </summary>
/// <param name="Time">When the request was answered (stored in UTC, to the tick).</param>
/// <param name="RequestId">The gateway's request id (trace id).</param>
/// <param name="User">The requester's id as asserted by their national issuer (<c>sub</c>).</param>
/// <param name="Country">The requester's country (ISO 3166-1 alpha-2).</param>
/// <param name="Role">The requester's role (prosecutor, analyst, …).</param>
/// <param name="Purpose">Declared purpose.</param>
/// <param name="LegalBasis">Declared legal basis.</param>
/// <param name="CaseReference">The requesting case reference.</param>
/// <param name="OperationHash">Hash of the normalised operation document (not its variables).</param>
/// <param name="OperationName">The operation name, if any.</param>
/// <param name="Countries">What each owning country was asked and disclosed.</param>
/// <param name="Outcome">How the request ended: <see cref="AuditOutcome.Answered"/>, <see cref="AuditOutcome.Rejected"/>
/// (refused before execution: missing declaration, invalid document…), <see cref="AuditOutcome.Failed"/> (internal
/// error) or <see cref="AuditOutcome.Aborted"/> (the client went away before the answer).</param>
public sealed record AuditEntry(
    DateTimeOffset Time,
    string RequestId,
    string User,
    string Country,
    string Role,
    string? Purpose,
    string? LegalBasis,
    string? CaseReference,
    string OperationHash,
    string? OperationName,
    IReadOnlyList<AuditCountryAccess> Countries,
    string Outcome = AuditOutcome.Answered);

/// <summary>Values of <see cref="AuditEntry.Outcome"/>.</summary>
public static class AuditOutcome
{
    /// <summary>Executed and answered (data, possibly with errors).</summary>
    public const string Answered = "answered";

    /// <summary>Refused before execution (no declaration, invalid document or variables, mutation over GET…).</summary>
    public const string Rejected = "rejected";

    /// <summary>An internal error ended the request.</summary>
    public const string Failed = "failed";

    /// <summary>The client went away before the answer was written.</summary>
    public const string Aborted = "aborted";
}

/// <summary>One owning country's part of a request.</summary>
/// <param name="Country">The owning country.</param>
/// <param name="Level">The grant applied (NONE, HIT, SUMMARY, FULL, RESTRICTED).</param>
/// <param name="Status">Outcome: e.g. ok, denied, error, timeout.</param>
/// <param name="Records">Number of records returned to the requester.</param>
/// <param name="IdsDisclosed">Record ids (national references or pseudonymous references) disclosed.</param>
public sealed record AuditCountryAccess(string Country, string Level, string Status, int Records, IReadOnlyList<string> IdsDisclosed);

/// <summary>Returned once an entry is committed: its place in the chain.</summary>
public readonly record struct AuditReceipt(long Sequence, string Hash);

/// <summary>
/// An entry as stored: its sequence number, the previous entry's hash and its own. <see cref="Entry"/> is null
/// and <see cref="Malformed"/> says why when the row no longer parses (edited into an invalid value).
/// </summary>
public sealed record AuditStoredEntry(long Sequence, string PreviousHash, string Hash, AuditEntry? Entry, string? Malformed = null);

/// <summary>
/// One access to an owning country's data, as shown to that country's data-protection officer or contact
/// point: the request's metadata and only that country's part (other countries' disclosures are not shown).
/// </summary>
public sealed record AuditAccess(
    long Sequence,
    DateTimeOffset Time,
    string RequestId,
    string User,
    string RequestingCountry,
    string Role,
    string? Purpose,
    string? LegalBasis,
    string? CaseReference,
    string OperationHash,
    string? OperationName,
    AuditCountryAccess Access);

/// <summary>Keyset paging: at most <paramref name="Size"/> accesses with a sequence number above <paramref name="AfterSequence"/>.</summary>
public readonly record struct AuditPageRequest(int Size = 100, long AfterSequence = 0);

/// <summary>A page of accesses; <see cref="NextAfterSequence"/> is null on the last page.</summary>
public sealed record AuditAccessPage(IReadOnlyList<AuditAccess> Items, long? NextAfterSequence);

/// <summary>
/// Secretariat view: counts only. No content, no user ids, no case references.
/// </summary>
/// <param name="RequestingCountry">The requester's country.</param>
/// <param name="OwningCountry">The country whose data was asked for.</param>
/// <param name="Operation">The operation name (or <c>(anonymous)</c>).</param>
/// <param name="Requests">Number of requests.</param>
/// <param name="Hits">Requests in which the owning country returned at least one record.</param>
/// <param name="Records">Records returned in total.</param>
public sealed record AuditAggregate(string RequestingCountry, string OwningCountry, string Operation, long Requests, long Hits, long Records);

/// <summary>The head of the chain as last committed (kept in a separate checkpoint table, and exportable as an external anchor).</summary>
public readonly record struct AuditAnchor(long Sequence, string Hash)
{
    public override string ToString() => $"{Sequence}:{Hash}";

    public static bool TryParse(string? text, out AuditAnchor anchor)
    {
        anchor = default;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !long.TryParse(text.AsSpan(0, colon), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seq))
            return false;
        var hash = text[(colon + 1)..].Trim().ToLowerInvariant();
        if (hash.Length != 64 || !hash.All(Uri.IsHexDigit))
            return false;
        anchor = new AuditAnchor(seq, hash);
        return true;
    }
}
