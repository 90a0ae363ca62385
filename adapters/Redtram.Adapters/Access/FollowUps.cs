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

[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
internal sealed partial class FollowUpJson : System.Text.Json.Serialization.JsonSerializerContext;
