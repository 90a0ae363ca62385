using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Redtram.Adapters.Access;

/// <summary>
/// Pseudonyms of protected persons: base32 (RFC 4648, no padding) of HMAC-SHA256(secret, "v1|requester|localId"), 16
/// characters (80 bits). Stable for a (person, requesting country), different between requesting countries, so two
/// countries cannot link their answers. The pseudonym → local id map is kept in memory and in the adapter's state file, so
/// a pseudonymous id can be looked up again (person(id: "CC:~…"), _entities), by the same requesting country only.
/// </summary>
public sealed class Pseudonyms
{
    public const int Length = 16;
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private readonly byte[] _secret;
    private readonly AdapterState _state;
    private readonly ConcurrentDictionary<(string Requester, string LocalId), string> _byPerson = new();
    private readonly ConcurrentDictionary<(string Requester, string Pseudonym), string> _byPseudonym = new();

    public Pseudonyms(byte[] secret, AdapterState state)
    {
        if (secret.Length < 32)
            throw new AdapterConfigurationException("the pseudonym secret must be at least 32 bytes");
        _secret = secret;
        _state = state;
    }

    /// <summary>The pseudonym of a person for a requesting country (recorded for later look-up the first time).</summary>
    public string For(string requester, string localId)
    {
        if (_byPerson.TryGetValue((requester, localId), out var known))
            return known;
        var pseudonym = Compute(requester, localId);
        if (_byPerson.TryAdd((requester, localId), pseudonym))
        {
            _byPseudonym[(requester, pseudonym)] = localId;
            _state.SavePseudonym(requester, pseudonym, localId);
        }
        return pseudonym;
    }

    /// <summary>The local id behind a pseudonym handed to this requesting country, or null.</summary>
    public string? Resolve(string requester, string pseudonym)
    {
        if (pseudonym.Length != Length)
            return null;
        if (_byPseudonym.TryGetValue((requester, pseudonym), out var local))
            return local;
        local = _state.FindPseudonym(requester, pseudonym);
        if (local is not null && Compute(requester, local) == pseudonym)
        {
            _byPseudonym[(requester, pseudonym)] = local;
            _byPerson[(requester, local)] = pseudonym;
            return local;
        }
        return null;
    }

    private string Compute(string requester, string localId)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes("v1|" + requester + "|" + localId), mac);
        Span<char> chars = stackalloc char[Length];
        // 16 characters × 5 bits = the first 10 bytes.
        for (var i = 0; i < Length; i++)
        {
            var bit = i * 5;
            var value = ((mac[bit / 8] << 8) | mac[bit / 8 + 1]) >> (11 - bit % 8) & 31;
            chars[i] = Alphabet[value];
        }
        return new string(chars);
    }
}
