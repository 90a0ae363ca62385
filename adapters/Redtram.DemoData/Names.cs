using System.Text;

namespace Redtram.DemoData;

/// <summary>Hand-written name and place lists (fictitious combinations) and the name-key normaliser.</summary>
public static class Names
{
    public static readonly string[] SpanishMale =
    [
        "José", "Juan", "Luis", "Carlos", "Jorge", "Miguel", "Pedro", "Víctor", "César", "Raúl", "Julio", "Manuel",
        "Francisco", "Antonio", "Alberto", "Ricardo", "Fernando", "Óscar", "Wilfredo", "Edwin", "Percy", "Hugo",
        "Ramón", "Rubén", "Héctor", "Andrés", "Sebastián", "Matías", "Cristián", "Rodrigo", "Gonzalo", "Felipe",
        "Diego", "Javier", "Sergio", "Eduardo", "Daniel", "Marcelo", "Osvaldo", "Derlis", "Rolando", "Aníbal",
        "Celso", "Nelson", "Gustavo", "Iván", "Elvis", "Jhon", "Yonathan", "Wálter", "Teodoro", "Agustín",
    ];

    public static readonly string[] SpanishFemale =
    [
        "María", "Rosa", "Ana", "Carmen", "Luz", "Juana", "Elena", "Sofía", "Lucía", "Valentina", "Camila", "Gabriela",
        "Daniela", "Andrea", "Patricia", "Verónica", "Milagros", "Yesenia", "Flor", "Gladys", "Nélida", "Marisol",
        "Jimena", "Constanza", "Javiera", "Catalina", "Francisca", "Fernanda", "Paola", "Lorena", "Liz", "Ramona",
        "Nilda", "Librada", "Mirian", "Diana", "Karina", "Yeny", "Roxana", "Teresa", "Beatriz", "Graciela",
        "Noelia", "Yamila", "Ruth", "Norma", "Zulma", "Isabel", "Esther", "Dayana", "Yelitza", "Mariángel",
    ];

    public static readonly string[] PortugueseMale =
    [
        "João", "José", "Antônio", "Francisco", "Carlos", "Paulo", "Pedro", "Lucas", "Luiz", "Marcos", "Luís",
        "Gabriel", "Rafael", "Daniel", "Marcelo", "Bruno", "Eduardo", "Felipe", "Raimundo", "Rodrigo", "Thiago",
        "Tiago", "Mateus", "Gustavo", "Leonardo", "Fábio", "Sebastião", "Joaquim", "Vinícius", "Diego", "Anderson",
        "Cláudio", "Edson", "Wellington", "Jefferson", "Márcio", "Sérgio", "Renato", "Roberto", "Valdir",
    ];

    public static readonly string[] PortugueseFemale =
    [
        "Maria", "Ana", "Francisca", "Antônia", "Adriana", "Juliana", "Márcia", "Fernanda", "Patrícia", "Aline",
        "Sandra", "Camila", "Amanda", "Bruna", "Jéssica", "Letícia", "Júlia", "Luciana", "Vanessa", "Mariana",
        "Gabriela", "Vitória", "Rafaela", "Larissa", "Raimunda", "Tatiane", "Cristiane", "Débora", "Simone", "Elaine",
        "Conceição", "Rosângela", "Kelly", "Thaís", "Beatriz", "Luana", "Daniele", "Priscila", "Sônia", "Joana",
    ];

    public static readonly string[] SurnamesPe =
    [
        "Quispe", "Flores", "Sánchez", "Rodríguez", "García", "Rojas", "Huamán", "Mamani", "Chávez", "Vásquez",
        "Ramírez", "Torres", "Díaz", "Mendoza", "Castillo", "Espinoza", "López", "Gutiérrez", "Condori", "Ccama",
        "Apaza", "Cárdenas", "Ticona", "Paredes", "Salazar", "Vargas", "Cruz", "Ramos", "Pérez", "Huanca",
        "Choque", "Cahuana", "Villanueva", "Zapata", "Aguilar", "Medina", "Yupanqui", "Palomino", "Ñahui", "Lozano",
    ];

    public static readonly string[] SurnamesCl =
    [
        "González", "Muñoz", "Rojas", "Díaz", "Pérez", "Soto", "Contreras", "Silva", "Martínez", "Sepúlveda",
        "Morales", "Rodríguez", "López", "Fuentes", "Hernández", "Torres", "Araya", "Flores", "Espinoza", "Valenzuela",
        "Castillo", "Tapia", "Reyes", "Gutiérrez", "Castro", "Pizarro", "Álvarez", "Vásquez", "Sánchez", "Fernández",
        "Carrasco", "Cortés", "Gómez", "Herrera", "Núñez", "Jara", "Vergara", "Rivera", "Figueroa", "Mamani",
    ];

    public static readonly string[] SurnamesPy =
    [
        "Benítez", "González", "Martínez", "López", "Giménez", "Villalba", "Ortiz", "Duarte", "Cáceres", "Acosta",
        "Ramírez", "Rodríguez", "Fernández", "Vera", "Báez", "Rojas", "Gauto", "Espínola", "Galeano", "Franco",
        "Cabrera", "Ayala", "Sosa", "Núñez", "Aquino", "Romero", "Florentín", "Insfrán", "Cardozo", "Ovelar",
        "Meza", "Riveros", "Sanabria", "Bogado", "Chamorro", "Ríos", "Paredes", "Ocampos", "Ledesma", "Zárate",
    ];

    public static readonly string[] SurnamesBr =
    [
        "Silva", "Santos", "Oliveira", "Souza", "Sousa", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima",
        "Gomes", "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Soares", "Fernandes", "Vieira",
        "Barbosa", "Rocha", "Dias", "Nascimento", "Andrade", "Moreira", "Nunes", "Marques", "Machado", "Mendes",
        "Freitas", "Cardoso", "Ramos", "Gonçalves", "Santana", "Teixeira", "Araújo", "Pinto", "Batista", "Cavalcanti",
    ];

    public static readonly string[] SurnamesVe =
    [
        "Rondón", "Hernández", "Pérez", "Rodríguez", "Marcano", "Guerrero", "Briceño", "Colmenares", "Urdaneta", "Bracho",
        "Zambrano", "Mujica", "Salcedo", "Carrillo", "Parra", "Quintero", "Escalona", "Villegas", "Peña", "Blanco",
    ];

    public static readonly string[] SurnamesBo =
    [
        "Mamani", "Quispe", "Choque", "Condori", "Flores", "Vargas", "Gutiérrez", "Limachi", "Huarachi", "Copa",
        "Chambi", "Tarqui", "Poma", "Calle", "Laura", "Rojas", "Ticona", "Alanoca", "Colque", "Yujra",
    ];

    public static readonly string[] SurnamesCo =
    [
        "Rodríguez", "Gómez", "Martínez", "Moreno", "Jiménez", "Muñoz", "Rojas", "Ospina", "Cardona", "Restrepo",
        "Londoño", "Vélez", "Zuluaga", "Arango", "Mosquera", "Valencia", "Palacios", "Cuesta", "Osorio", "Henao",
    ];

    public static readonly string[] SurnamesEc = ["Cedeño", "Zambrano", "Vera", "Mera", "Intriago", "Loor", "Macías", "Moreira", "Chiriboga", "Guamán"];

    public static readonly string[] SurnamesAr = ["Fernández", "Gómez", "Sosa", "Romero", "Benítez", "Acuña", "Medina", "Ledesma", "Giménez", "Ojeda"];

    public static readonly string[] HaitianMale = ["Jean", "Pierre", "Jean-Baptiste", "Wilner", "Jocelyn", "Dieuseul", "Frantz", "Ronel"];

    public static readonly string[] HaitianFemale = ["Widlene", "Fabiola", "Roseline", "Marie", "Nadège", "Kerlande", "Mirlande", "Guerline"];

    public static readonly string[] HaitianSurnames = ["Joseph", "Pierre", "Jean-Louis", "Louis", "Charles", "Baptiste", "Dorvil", "Saint-Fleur", "Exantus", "Célestin", "Métellus", "Augustin"];

    public static readonly string[] ChineseGiven = ["Wei", "Fang", "Jun", "Li Na", "Xiaoming", "Hong", "Yan", "Lei"];

    public static readonly string[] ChineseSurnames = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao"];

    public static readonly string[] Aliases =
    [
        "El Chato", "La Flaca", "Gringo", "Cholo", "Negro", "El Tío", "La Tía", "Pancho", "Pepe", "Chino", "Colorado",
        "El Profe", "La Jefa", "Flaco", "Gordo", "Cabezón", "Zé", "Baiano", "Alemão", "Careca", "Paraguaio", "Kuña",
        "Chiquito", "Manco", "El Ingeniero", "Doña", "Tucán", "Coyote",
    ];

    private static readonly HashSet<string> Particles = new(StringComparer.Ordinal)
    {
        "DE", "DEL", "LA", "LAS", "LOS", "Y", "DA", "DAS", "DO", "DOS", "E",
    };

    /// <summary>Upper case, Latin diacritics stripped (Ñ→N, Ç→C), everything else that is not a letter or digit → space.</summary>
    public static string Fold(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (char ch in s)
        {
            char c = char.ToUpperInvariant(ch);
            c = c switch
            {
                'Á' or 'À' or 'Â' or 'Ã' or 'Ä' => 'A',
                'É' or 'È' or 'Ê' or 'Ë' => 'E',
                'Í' or 'Ì' or 'Î' or 'Ï' => 'I',
                'Ó' or 'Ò' or 'Ô' or 'Õ' or 'Ö' => 'O',
                'Ú' or 'Ù' or 'Û' or 'Ü' => 'U',
                'Ñ' => 'N',
                'Ç' => 'C',
                _ => c,
            };
            sb.Append(c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') ? c : ' ');
        }
        return string.Join(' ', sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The search keys of a name: folded words, particles dropped, distinct, in order.</summary>
    public static IEnumerable<string> Keys(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) yield break;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var w in Fold(name).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Particles.Contains(w)) continue;
            if (seen.Add(w)) yield return w;
        }
    }

    /// <summary>Strips accents but keeps case: "José Pérez" → "Jose Perez" (a clerk without accents on the keyboard).</summary>
    public static string StripAccents(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (char ch in s)
        {
            sb.Append(ch switch
            {
                'á' or 'à' or 'â' or 'ã' or 'ä' => 'a', 'Á' or 'À' or 'Â' or 'Ã' or 'Ä' => 'A',
                'é' or 'è' or 'ê' or 'ë' => 'e', 'É' or 'È' or 'Ê' or 'Ë' => 'E',
                'í' or 'ì' or 'î' or 'ï' => 'i', 'Í' or 'Ì' or 'Î' or 'Ï' => 'I',
                'ó' or 'ò' or 'ô' or 'õ' or 'ö' => 'o', 'Ó' or 'Ò' or 'Ô' or 'Õ' or 'Ö' => 'O',
                'ú' or 'ù' or 'û' or 'ü' => 'u', 'Ú' or 'Ù' or 'Û' or 'Ü' => 'U',
                'ñ' => 'n', 'Ñ' => 'N', 'ç' => 'c', 'Ç' => 'C',
                _ => ch,
            });
        }
        return sb.ToString();
    }
}
