using Redtram.Adapters.Normalization;
using Redtram.Adapters.Search;

namespace Redtram.Adapters.Tests.Normalization;

public class NameTests
{
    [Theory]
    [InlineData("José Luis QUISPE", "JOSE LUIS QUISPE")]
    [InlineData("  María-José  de la Cruz ", "MARIA JOSE DE LA CRUZ")]
    [InlineData("Gonçalves Peña", "GONCALVES PENA")]
    [InlineData("ﬁlho", "FILHO")]
    public void Fold_strips_diacritics_and_case(string input, string expected) => Assert.Equal(expected, Names.Fold(input));

    [Fact]
    public void Tokens_drop_particles_and_suffixes() =>
        Assert.Equal(["MARIA", "CRUZ", "SANTOS", "SILVA"], Names.Tokens("María de la Cruz dos Santos e Silva Filho"));

    [Theory]
    [InlineData("Luiz", "Luis")]
    [InlineData("Souza", "Sousa")]
    [InlineData("Thiago", "Tiago")]
    [InlineData("Chávez", "Chaves")]
    [InlineData("Vargas", "Bargas")]
    [InlineData("Hernández", "Ernandes")]
    [InlineData("Ximena", "Jimena")]
    [InlineData("Gimena", "Jimena")]
    [InlineData("Gonçalves", "Gonsalves")]
    [InlineData("Yolanda", "Llolanda")]
    [InlineData("Ramallo", "Ramalho")]
    [InlineData("Peña", "Penha")]
    [InlineData("Quispe", "Kispe")]
    [InlineData("Cecilia", "Secilia")]
    [InlineData("Felipe", "Phelipe")]
    [InlineData("Mattos", "Matos")]
    [InlineData("Wagner", "Vagner")]
    [InlineData("Guillermo", "Guiyermo")]
    public void Phonetic_key_merges_spanish_and_portuguese_spellings(string a, string b) => Assert.Equal(Phonetic.Key(a), Phonetic.Key(b));

    [Theory]
    [InlineData("Garcia", "Marcia")]
    [InlineData("Rosa", "Rocha")]
    [InlineData("Pérez", "Paredes")]
    public void Phonetic_key_keeps_different_names_apart(string a, string b) => Assert.NotEqual(Phonetic.Key(a), Phonetic.Key(b));

    [Fact]
    public void Nicknames_expand()
    {
        Assert.Contains("JOSE", Nicknames.Expand("PEPE"));
        Assert.Contains("JOSE", Nicknames.Expand("ZE"));
        Assert.Contains("FRANCISCO", Nicknames.Expand("PANCHO"));
        Assert.Empty(Nicknames.Expand("QUISPE"));
    }

    [Fact]
    public void Jaro_winkler_is_standard()
    {
        Assert.Equal(0.961, Similarity.JaroWinkler("MARTHA", "MARHTA"), 3);
        Assert.Equal(0.840, Similarity.JaroWinkler("DWAYNE", "DUANE"), 3);
        Assert.Equal(1.0, Similarity.JaroWinkler("ANA", "ANA"));
        Assert.Equal(0.0, Similarity.JaroWinkler("ABC", "XYZ"));
    }

    [Fact]
    public void Scores_name_reasons()
    {
        string[] given = ["JOSE", "LUIS"], surnames = ["QUISPE", "MAMANI"];
        var exact = NameKeys.Score(["JOSE", "LUIS", "QUISPE", "MAMANI"], given, surnames, [])!;
        Assert.Equal(("NAME_EXACT", 1.0), (exact.Kind, exact.Score));
        var partial = NameKeys.Score(["JOSE", "QUISPE"], given, surnames, [])!;
        Assert.Equal("NAME_EXACT", partial.Kind);
        Assert.InRange(partial.Score, 0.8, 0.95);
        Assert.Equal("NAME_REORDERED", NameKeys.Score(["MAMANI", "QUISPE", "JOSE"], given, surnames, [])!.Kind);
        Assert.Equal("NAME_PREFIX", NameKeys.Score(["JOSE", "QUIS"], given, surnames, [])!.Kind);
        var phonetic = NameKeys.Score(["JOZE", "KISPE"], given, surnames, [])!;
        Assert.Equal("NAME_PHONETIC", phonetic.Kind);
        Assert.True(phonetic.Accept);
        Assert.InRange(phonetic.Score, 0.75, 0.95);
        var alias = NameKeys.Score(["CHOLO"], given, surnames, [["EL", "CHOLO"]])!;
        Assert.Equal(("ALIAS", "aliases"), (alias.Kind, alias.Field));
        Assert.False(NameKeys.Score(["PEDRO", "GARCIA"], given, surnames, [])!.Accept);
        // A record without the maternal surname is found by the full name.
        Assert.True(NameKeys.Score(["ROSA", "ELVIRA", "MAMANI", "CONDORI"], ["ROSA"], ["MAMANI"], [])!.Accept);
        Assert.False(NameKeys.Score(["ROSA", "ELVIRA", "MAMANI", "CONDORI"], ["ROSA"], ["QUISPE"], [])!.Accept);
    }

    [Fact]
    public void A_record_whose_first_name_and_paternal_surname_match_ranks_above_one_that_repeats_a_surname()
    {
        var story = NameKeys.Score(["ROSA", "MAMANI"], ["ROSA", "ELVIRA"], ["MAMANI", "CONDORI"], [])!;
        var repeated = NameKeys.Score(["ROSA", "MAMANI"], ["JAVIERA", "ROSA"], ["MAMANI", "MAMANI"], [])!;
        Assert.True(story.Accept && repeated.Accept);
        Assert.True(story.Score > repeated.Score, $"{story.Score} <= {repeated.Score}");
    }
}
