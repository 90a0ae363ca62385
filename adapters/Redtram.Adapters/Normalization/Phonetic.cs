using System.Text;

namespace Redtram.Adapters.Normalization;

/// <summary>
/// A simple phonetic key for Spanish and Portuguese names. It merges the spellings that sound alike in either
/// language: b/v/w, s/z/c(e,i)/ç/ss/sc, ll/y/lh, silent h, j/g(e,i)/x/ch/sh, ñ/nh, ph/f, qu/k/c(a,o,u), th/t,
/// i/y, final m/n, double letters. Luiz/Luis, Souza/Sousa, Thiago/Tiago, Chávez/Chaves share a key.
/// </summary>
public static class Phonetic
{
    public static string Key(string word)
    {
        if (string.IsNullOrEmpty(word))
            return "";
        // Ç and Ñ carry sound; resolve them before the diacritics go.
        var pre = new StringBuilder(word.Length);
        foreach (var ch in word)
            pre.Append(ch switch { 'ç' or 'Ç' => 'S', 'ñ' or 'Ñ' => 'N', _ => ch });
        var s = Names.Fold(pre.ToString()).Replace(" ", "");
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            var next = i + 1 < s.Length ? s[i + 1] : '\0';
            var next2 = i + 2 < s.Length ? s[i + 2] : '\0';
            var front = next is 'E' or 'I' or 'Y';
            string code;
            switch (c)
            {
                case 'A' or 'E' or 'O' or 'U': code = c.ToString(); break;
                case 'I': code = "I"; break;
                case 'Y':
                    code = IsVowel(next) && i == 0 ? "Y" : IsVowel(next) ? "Y" : "I";
                    break;
                case 'B' or 'V' or 'W': code = "B"; break;
                case 'C':
                    if (next == 'H') { code = "J"; i++; }
                    else if (front) code = "S";
                    else if (next == 'C' && (next2 is 'E' or 'I')) { code = "KS"; i++; }
                    else code = "K";
                    break;
                case 'K': code = "K"; break;
                case 'Q':
                    code = "K";
                    if (next == 'U') i++;
                    break;
                case 'G':
                    if (front) code = "J";
                    else if (next == 'U' && (next2 is 'E' or 'I')) { code = "G"; i++; }
                    else code = "G";
                    break;
                case 'J' or 'X': code = "J"; break;
                case 'S':
                    if (next == 'H') { code = "J"; i++; }
                    else if (next == 'C' && (next2 is 'E' or 'I')) { code = "S"; i++; }
                    else code = "S";
                    break;
                case 'Z': code = "S"; break;
                case 'H': code = ""; break;
                case 'P': if (next == 'H') { code = "F"; i++; } else code = "P"; break;
                case 'F': code = "F"; break;
                case 'T': if (next == 'H') i++; code = "T"; break;
                case 'L':
                    if (next == 'L' || next == 'H') { code = "Y"; i++; }
                    else code = "L";
                    break;
                case 'N':
                    if (next == 'H') { code = "N"; i++; }
                    else code = "N";
                    break;
                case 'M': code = i == s.Length - 1 ? "N" : "M"; break;
                case 'R': code = "R"; break;
                case 'D': code = "D"; break;
                default: code = char.IsDigit(c) ? c.ToString() : c.ToString(); break;
            }
            foreach (var k in code)
                if (sb.Length == 0 || sb[^1] != k)
                    sb.Append(k);
        }
        return sb.ToString();

        static bool IsVowel(char c) => c is 'A' or 'E' or 'I' or 'O' or 'U';
    }
}

/// <summary>Jaro-Winkler similarity and a Monge-Elkan combination over tokens.</summary>
public static class Similarity
{
    public static double JaroWinkler(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
            return a.Length == b.Length ? 1 : 0;
        if (a == b)
            return 1;
        var window = Math.Max(0, Math.Max(a.Length, b.Length) / 2 - 1);
        Span<bool> am = a.Length <= 256 ? stackalloc bool[a.Length] : new bool[a.Length];
        Span<bool> bm = b.Length <= 256 ? stackalloc bool[b.Length] : new bool[b.Length];
        var matches = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var lo = Math.Max(0, i - window);
            var hi = Math.Min(b.Length - 1, i + window);
            for (var j = lo; j <= hi; j++)
            {
                if (bm[j] || a[i] != b[j])
                    continue;
                am[i] = bm[j] = true;
                matches++;
                break;
            }
        }
        if (matches == 0)
            return 0;
        var transpositions = 0;
        var k = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (!am[i])
                continue;
            while (!bm[k])
                k++;
            if (a[i] != b[k])
                transpositions++;
            k++;
        }
        double m = matches;
        var jaro = (m / a.Length + m / b.Length + (m - transpositions / 2.0) / m) / 3.0;
        var prefix = 0;
        for (var i = 0; i < Math.Min(4, Math.Min(a.Length, b.Length)) && a[i] == b[i]; i++)
            prefix++;
        return jaro + prefix * 0.1 * (1 - jaro);
    }
}
