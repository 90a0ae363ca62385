using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Redtram.Grants;

namespace Redtram.Adapters.Access;

/// <summary>
/// Follow-up tokens (domain.md §8, HIT: "contact point and a follow-up token"): an opaque "CC-FU-…" token a search result
/// carries, which the requester quotes to the owner's contact point. The owner keeps, in its state file, who asked (country,
/// requesting case, purpose, pseudonymous user reference), when, and which of its records matched, so the contact point can
/// find them again; the token itself says nothing.
/// </summary>
public sealed class FollowUps(AdapterState state, string country)
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>Largest number of matched ids kept per token.</summary>
    public const int MaxIds = 10_000;

    /// <summary>A new token for a search by <paramref name="grant"/>'s requester that matched <paramref name="localIds"/>.</summary>
    public string Create(AccessGrant grant, string kind, IEnumerable<string> localIds)
    {
        if (kind is not ("person" or "case"))
            throw new ArgumentOutOfRangeException(nameof(kind));
        Span<byte> random = stackalloc byte[13];
        RandomNumberGenerator.Fill(random);
        Span<char> chars = stackalloc char[20];
        for (var i = 0; i < chars.Length; i++)
        {
            var bit = i * 5;
            var hi = random[bit / 8] << 8;
            var lo = bit / 8 + 1 < random.Length ? random[bit / 8 + 1] : 0;
            chars[i] = Alphabet[((hi | lo) >> (11 - bit % 8)) & 31];
        }
        var token = country + "-FU-" + new string(chars);
        using var c = state.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            INSERT INTO follow_up(token, created, requester_country, requesting_case, purpose, user_ref, kind, matched_local_ids)
            VALUES (@t, @c, @rc, @case, @p, @u, @k, @ids)
            """;
        cmd.Parameters.AddWithValue("@t", token);
        cmd.Parameters.AddWithValue("@c", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        cmd.Parameters.AddWithValue("@rc", grant.RequesterCountry);
        cmd.Parameters.AddWithValue("@case", grant.CaseReference);
        cmd.Parameters.AddWithValue("@p", grant.Purpose);
        cmd.Parameters.AddWithValue("@u", grant.UserRef);
        cmd.Parameters.AddWithValue("@k", kind);
        cmd.Parameters.AddWithValue("@ids", JsonSerializer.Serialize(localIds.Take(MaxIds).ToArray(), FollowUpJson.Default.StringArray));
        cmd.ExecuteNonQuery();
        return token;
    }
}

/// <summary>A follow-up token as the owner recorded it: when (UTC, ISO 8601), who asked (country, requesting case, purpose,
/// pseudonymous user reference), what kind of search (<c>person</c> or <c>case</c>) and which local ids matched.</summary>
public sealed record FollowUpRecord(string Token, string Created, string RequesterCountry, string RequestingCase, string Purpose, string UserRef,
    string Kind, IReadOnlyList<string> MatchedLocalIds);

/// <summary>Reading follow-up tokens back from an adapter's state file, for the owner's contact point (read-only; the file
/// is never created or changed).</summary>
public static partial class FollowUpLookup
{
    [System.Text.RegularExpressions.GeneratedRegex("^[A-Z]{2}-FU-[A-Z2-7]{20}$")]
    private static partial System.Text.RegularExpressions.Regex TokenPattern();

    /// <summary>The token in canonical form (trimmed, upper case), or null when it is not a follow-up token ("CC-FU-" and 20
    /// base32 characters).</summary>
    public static string? Normalize(string? token)
    {
        var t = token?.Trim().ToUpperInvariant();
        return t is not null && TokenPattern().IsMatch(t) ? t : null;
    }

    /// <summary>The record of <paramref name="token"/> in the state file at <paramref name="statePath"/>, or null when it holds no
    /// such token.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The file is not an adapter state file.</exception>
    public static FollowUpRecord? Find(string statePath, string token)
    {
        if (!File.Exists(statePath))
            throw new FileNotFoundException("no such state file", statePath);
        var cs = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = statePath, Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly, Pooling = false };
        using var c = new Microsoft.Data.Sqlite.SqliteConnection(cs.ToString());
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            SELECT token, created, requester_country, requesting_case, purpose, user_ref, kind, matched_local_ids
            FROM follow_up WHERE token = @t
            """;
        cmd.Parameters.AddWithValue("@t", token);
        using var r = cmd.ExecuteReader();
        if (!r.Read())
            return null;
        var ids = JsonSerializer.Deserialize(r.GetString(7), FollowUpJson.Default.StringArray) ?? [];
        return new FollowUpRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), ids);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
internal sealed partial class FollowUpJson : System.Text.Json.Serialization.JsonSerializerContext;
