using Redtram.Adapters.Normalization;

namespace Redtram.Adapters.Search;

/// <summary>How a query token matched a record token.</summary>
public enum TokenMatch { None, Fuzzy, Phonetic, Prefix, Exact }

/// <summary>Keys stored in the name index and the token-level scoring used on candidates.</summary>
public static class NameKeys
{
    public const string TokenPrefix = "T:";
    public const string PhoneticPrefix = "P:";

    /// <summary>Index keys of one folded token: the token itself, its phonetic key, and the full names a nickname stands for.</summary>
    public static IEnumerable<string> KeysOf(string token)
    {
        yield return TokenPrefix + token;
        var ph = Phonetic.Key(token);
        if (ph.Length > 0)
            yield return PhoneticPrefix + ph;
        foreach (var full in Nicknames.Expand(token))
        {
            yield return TokenPrefix + full;
            yield return PhoneticPrefix + Phonetic.Key(full);
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> PhoneticCache = new(StringComparer.Ordinal);

    /// <summary>Phonetic key of a folded token, memoised (the vocabulary of names is small).</summary>
    public static string PhoneticOf(string token)
    {
        if (PhoneticCache.TryGetValue(token, out var key))
            return key;
        if (PhoneticCache.Count > 500_000)
            PhoneticCache.Clear();
        return PhoneticCache[token] = Phonetic.Key(token);
    }

    /// <summary>Similarity of a query token to a record token (0..1) and how it matched.</summary>
    public static (double Score, TokenMatch Kind) Compare(string q, string r)
    {
        if (q == r)
            return (1, TokenMatch.Exact);
        if (Nicknames.Expand(q).Contains(r) || Nicknames.Expand(r).Contains(q))
            return (0.95, TokenMatch.Phonetic);
        if (q.Length >= 3 && r.StartsWith(q, StringComparison.Ordinal))
            return (0.85 + 0.15 * q.Length / r.Length, TokenMatch.Prefix);
        if (PhoneticOf(q) == PhoneticOf(r))
            return (0.93, TokenMatch.Phonetic);
        var jw = Similarity.JaroWinkler(q, r);
        return jw >= 0.85 ? (jw * 0.95, TokenMatch.Fuzzy) : (jw * 0.8, TokenMatch.None);
    }

    /// <summary>Result of matching query tokens against one record's tokens (Monge-Elkan: mean of best token scores).</summary>
    /// <param name="Score">0.7 × query→record + 0.3 × record→query Monge-Elkan.</param>
    /// <param name="Accept">Whether the record is a hit: the query is covered by the record, or a record of two or more
    /// name parts is wholly contained in a longer query (a record without the maternal surname, a second given name...).</param>
    public sealed record NameScore(double Score, string Kind, string Field, bool Accept = true);

    public const double Threshold = 0.72;

    /// <summary>Scores the query against a record's given-name and surname tokens and each alias; returns the best.</summary>
    public static NameScore? Score(IReadOnlyList<string> query, IReadOnlyList<string> given, IReadOnlyList<string> surnames, IEnumerable<IReadOnlyList<string>> aliases)
    {
        if (query.Count == 0)
            return null;
        var record = given.Concat(surnames).ToList();
        var best = ScoreTokens(query, record, given.Count, alias: false);
        if (best is not null)
        {
            // Backward: how much of the record the query explains; each query token explains one record token
            // (a repeated surname is not explained twice).
            var backward = ScoreTokens(record, query, 0, alias: false, oneToOne: true)?.Score ?? 0;
            var forward = best.Score;

            // The query's first token as the record's first given name, and a query token as the first surname,
            // are the strongest signs of the same person in Spanish and Portuguese naming.
            var position = 0.0;
            if (given.Count > 0 && Compare(query[0], given[0]).Kind == TokenMatch.Exact)
                position += 0.03;
            if (surnames.Count > 0 && query.Skip(1).Any(q => Compare(q, surnames[0]).Kind == TokenMatch.Exact))
                position += 0.02;
            best = best with
            {
                Score = Math.Min(1.0, 0.7 * forward + 0.3 * backward + position),
                Accept = forward >= Threshold || (record.Count >= 2 && backward >= 0.9 && forward >= 0.5),
            };
        }
        foreach (var alias in aliases)
        {
            var a = ScoreTokens(query, alias, alias.Count, alias: true);
            if (a is not null)
                a = a with { Accept = a.Score >= Threshold };
            if (a is not null && a.Accept && (best is null || !best.Accept || a.Score > best.Score + 1e-9))
                best = a;
        }
        return best;
    }

    private static NameScore? ScoreTokens(IReadOnlyList<string> query, IReadOnlyList<string> record, int givenCount, bool alias, bool oneToOne = false)
    {
        if (record.Count == 0)
            return null;
        double total = 0;
        var worst = TokenMatch.Exact;
        var positions = new List<int>();
        var used = oneToOne ? new bool[record.Count] : null;
        bool inGiven = false, inSurname = false;
        foreach (var q in query)
        {
            var bestScore = 0.0;
            var bestKind = TokenMatch.None;
            var bestPos = -1;
            for (var j = 0; j < record.Count; j++)
            {
                if (used is not null && used[j])
                    continue;
                var (s, k) = Compare(q, record[j]);
                if (s > bestScore)
                    (bestScore, bestKind, bestPos) = (s, k, j);
                if (k == TokenMatch.Exact)
                    break;
            }
            total += bestScore;
            if (used is not null && bestPos >= 0)
                used[bestPos] = true;
            if (bestKind < worst)
                worst = bestKind;
            if (bestKind != TokenMatch.None)
            {
                positions.Add(bestPos);
                if (bestPos < givenCount) inGiven = true; else inSurname = true;
            }
        }
        var score = total / query.Count;
        string kind;
        if (alias)
            kind = "ALIAS";
        else if (worst is TokenMatch.Phonetic or TokenMatch.Fuzzy or TokenMatch.None)
            kind = "NAME_PHONETIC";
        else if (worst == TokenMatch.Prefix)
            kind = "NAME_PREFIX";
        else
        {
            var ordered = true;
            for (var i = 1; i < positions.Count; i++)
                if (positions[i] <= positions[i - 1])
                    ordered = false;
            kind = ordered ? "NAME_EXACT" : "NAME_REORDERED";
        }
        var field = alias ? "aliases" : inGiven && inSurname ? "givenNames+surnames" : inGiven ? "givenNames" : "surnames";
        return new NameScore(score, kind, field);
    }
}
