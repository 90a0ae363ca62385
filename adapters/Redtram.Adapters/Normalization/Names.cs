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

    // Latin letters with diacritics and ligatures → ASCII (string.Normalize does not decompose under InvariantGlobalization).
    private const string FoldFrom = "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĲĳĴĵĶķĹĺĻļĽľŁłŃńŅņŇňŌōŎŏŐőŒœŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžſƠơƯưǄǅǆǇǈǉǊǋǌǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǱǲǳǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳẞḀḁḂḃḄḅḆḇḈḉḊḋḌḍḎḏḐḑḒḓḔḕḖḗḘḙḚḛḜḝḞḟḠḡḢḣḤḥḦḧḨḩḪḫḬḭḮḯḰḱḲḳḴḵḶḷḸḹḺḻḼḽḾḿṀṁṂṃṄṅṆṇṈṉṊṋṌṍṎṏṐṑṒṓṔṕṖṗṘṙṚṛṜṝṞṟṠṡṢṣṤṥṦṧṨṩṪṫṬṭṮṯṰṱṲṳṴṵṶṷṸṹṺṻṼṽṾṿẀẁẂẃẄẅẆẇẈẉẊẋẌẍẎẏẐẑẒẓẔẕẖẗẘẙẛẞẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹﬀﬁﬂﬃﬄﬅﬆ";
    private static readonly string[] FoldTo = "A|A|A|A|A|A|AE|C|E|E|E|E|I|I|I|I|D|N|O|O|O|O|O|O|U|U|U|U|Y|TH|ss|a|a|a|a|a|a|ae|c|e|e|e|e|i|i|i|i|d|n|o|o|o|o|o|o|u|u|u|u|y|th|y|A|a|A|a|A|a|C|c|C|c|C|c|C|c|D|d|D|d|E|e|E|e|E|e|E|e|E|e|G|g|G|g|G|g|G|g|H|h|H|h|I|i|I|i|I|i|I|i|I|i|IJ|ij|J|j|K|k|L|l|L|l|L|l|L|l|N|n|N|n|N|n|O|o|O|o|O|o|OE|oe|R|r|R|r|R|r|S|s|S|s|S|s|S|s|T|t|T|t|U|u|U|u|U|u|U|u|U|u|U|u|W|w|Y|y|Y|Z|z|Z|z|Z|z|s|O|o|U|u|DZ|Dz|dz|LJ|Lj|lj|NJ|Nj|nj|A|a|I|i|O|o|U|u|U|u|U|u|U|u|U|u|A|a|A|a|G|g|K|k|O|o|O|o|j|DZ|Dz|dz|G|g|N|n|A|a|A|a|A|a|E|e|E|e|I|i|I|i|O|o|O|o|R|r|R|r|U|u|U|u|S|s|T|t|H|h|A|a|E|e|O|o|O|o|O|o|O|o|Y|y|SS|A|a|B|b|B|b|B|b|C|c|D|d|D|d|D|d|D|d|D|d|E|e|E|e|E|e|E|e|E|e|F|f|G|g|H|h|H|h|H|h|H|h|H|h|I|i|I|i|K|k|K|k|K|k|L|l|L|l|L|l|L|l|M|m|M|m|M|m|N|n|N|n|N|n|N|n|O|o|O|o|O|o|O|o|P|p|P|p|R|r|R|r|R|r|R|r|S|s|S|s|S|s|S|s|S|s|T|t|T|t|T|t|T|t|U|u|U|u|U|u|U|u|U|u|V|v|V|v|W|w|W|w|W|w|W|w|W|w|X|x|X|x|Y|y|Z|z|Z|z|Z|z|h|t|w|y|s|SS|A|a|A|a|A|a|A|a|A|a|A|a|A|a|A|a|A|a|A|a|A|a|A|a|E|e|E|e|E|e|E|e|E|e|E|e|E|e|E|e|I|i|I|i|O|o|O|o|O|o|O|o|O|o|O|o|O|o|O|o|O|o|O|o|O|o|O|o|U|u|U|u|U|u|U|u|U|u|U|u|U|u|Y|y|Y|y|Y|y|Y|y|ff|fi|fl|ffi|ffl|st|st".Split('|');
    private static readonly Dictionary<char, string> FoldMap = BuildFold();

    private static Dictionary<char, string> BuildFold()
    {
        var d = new Dictionary<char, string>();
        for (var i = 0; i < FoldFrom.Length; i++)
            d[FoldFrom[i]] = FoldTo[i];
        return d;
    }

    private static readonly HashSet<string> Suffixes = new(StringComparer.Ordinal) { "FILHO", "JUNIOR", "JR", "SOBRINHO" };

    /// <summary>Upper case, without diacritics, letters and digits only (other characters become spaces, collapsed).</summary>
    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return "";
        var pre = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (FoldMap.TryGetValue(ch, out var folded))
                pre.Append(folded);
            else
                pre.Append(ch);
        }
        string decomposed;
        try
        {
            decomposed = pre.ToString().Normalize(NormalizationForm.FormKD);
        }
        catch (ArgumentException)
        {
            decomposed = pre.ToString();
        }
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
