using System.Globalization;
using System.Text;

namespace Redtram.Adapters.Normalization;

/// <summary>
/// Name normalisation for Spanish and Portuguese names (domain.md §4): NFKD, diacritics stripped, upper case,
/// punctuation to spaces, particles dropped, nicknames and abbreviations expanded on demand.
/// </summary>
public static class Names
{
    private static readonly HashSet<string> Particles = new(StringComparer.Ordinal)
    {
        "DE", "DEL", "LA", "LAS", "LOS", "Y", "DA", "DAS", "DO", "DOS", "E", "D",
    };

    private static readonly HashSet<string> Suffixes = new(StringComparer.Ordinal) { "FILHO", "JUNIOR", "JR", "SOBRINHO" };

    /// <summary>Upper case, without diacritics, letters and digits only (other characters become spaces, collapsed).</summary>
    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return "";
        var decomposed = text.Normalize(NormalizationForm.FormKD);
        var sb = new StringBuilder(decomposed.Length);
        var space = false;
        foreach (var ch in decomposed)
        {
            var cat = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (cat is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
                continue;
            if (char.IsLetterOrDigit(ch))
            {
                if (space && sb.Length > 0)
                    sb.Append(' ');
                space = false;
                sb.Append(char.ToUpperInvariant(ch));
            }
            else
            {
                space = true;
            }
        }
        return sb.ToString();
    }

    /// <summary>Folded tokens of a name with particles and generational suffixes removed.</summary>
    public static IReadOnlyList<string> Tokens(string? text)
    {
        var folded = Fold(text);
        if (folded.Length == 0)
            return [];
        var result = new List<string>();
        foreach (var t in folded.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            if (!Particles.Contains(t) && !Suffixes.Contains(t))
                result.Add(t);
        return result;
    }

    public static bool IsParticle(string foldedToken) => Particles.Contains(foldedToken);
}

/// <summary>Nicknames, hypocoristics and abbreviations of Spanish and Portuguese given names.</summary>
public static class Nicknames
{
    private static readonly Dictionary<string, string[]> Map = Build();

    private static Dictionary<string, string[]> Build()
    {
        var pairs = new (string Nick, string Full)[]
        {
            ("PEPE", "JOSE"), ("PEPA", "JOSEFA"), ("ZE", "JOSE"), ("ZECA", "JOSE"), ("JUCA", "JOSE"), ("CHEPE", "JOSE"),
            ("PANCHO", "FRANCISCO"), ("PACO", "FRANCISCO"), ("PACHO", "FRANCISCO"), ("CHICO", "FRANCISCO"), ("KIKO", "FRANCISCO"),
            ("XICO", "FRANCISCO"), ("FCO", "FRANCISCO"), ("FRAN", "FRANCISCO"), ("PANCHA", "FRANCISCA"), ("PAQUITA", "FRANCISCA"),
            ("MA", "MARIA"), ("MARI", "MARIA"), ("MAJO", "MARIA"), ("NACHO", "IGNACIO"), ("MEMO", "GUILLERMO"), ("LUCHO", "LUIS"),
            ("JUANCHO", "JUAN"), ("LALO", "EDUARDO"), ("DUDA", "EDUARDO"), ("EDU", "EDUARDO"), ("QUIQUE", "ENRIQUE"),
            ("CHUCHO", "JESUS"), ("CHUY", "JESUS"), ("CONCHA", "CONCEPCION"), ("CONCHITA", "CONCEPCION"), ("LUPE", "GUADALUPE"),
            ("PILI", "PILAR"), ("CHELO", "CONSUELO"), ("MANOLO", "MANUEL"), ("MANE", "MANUEL"), ("TONHO", "ANTONIO"),
            ("TONI", "ANTONIO"), ("TOÑO", "ANTONIO"), ("TONO", "ANTONIO"), ("BETO", "ROBERTO"), ("BETO", "ALBERTO"),
            ("GUGA", "GUSTAVO"), ("GUS", "GUSTAVO"), ("NANDO", "FERNANDO"), ("RAFA", "RAFAEL"), ("ALE", "ALEJANDRO"),
            ("ALEX", "ALEJANDRO"), ("ALEX", "ALEXANDRE"), ("SANDRO", "ALEJANDRO"), ("TITO", "ALBERTO"), ("CHAVO", "SALVADOR"),
            ("CHAVA", "SALVADOR"), ("PATO", "PATRICIO"), ("CHEMA", "JOSE MARIA"), ("JOSEMA", "JOSE MARIA"), ("MAITE", "MARIA TERESA"),
            ("TERE", "TERESA"), ("ROSI", "ROSA"), ("LENCHO", "LORENZO"), ("GOYO", "GREGORIO"), ("NICO", "NICOLAS"), ("LULA", "LUIZ"),
            ("TICO", "ANTONIO"), ("CHICA", "FRANCISCA"), ("BIA", "BEATRIZ"), ("CACA", "CAROLINA"), ("GABI", "GABRIELA"),
            ("DANI", "DANIEL"), ("MANU", "MANUEL"), ("JOTA", "JOSE"), ("CHUS", "JESUS"), ("PEDRITO", "PEDRO"), ("JUANITO", "JUAN"),
        };
        var map = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (nick, full) in pairs)
        {
            var key = Names.Fold(nick);
            if (!map.TryGetValue(key, out var list))
                map[key] = list = [];
            foreach (var t in Names.Fold(full).Split(' '))
                if (!list.Contains(t))
                    list.Add(t);
        }
        return map.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The full names a folded token may stand for (empty when it is not a known nickname).</summary>
    public static IReadOnlyList<string> Expand(string foldedToken) => Map.TryGetValue(foldedToken, out var v) ? v : [];
}
