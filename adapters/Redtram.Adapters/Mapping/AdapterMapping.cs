using Redtram.Adapters.Normalization;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Redtram.Adapters.Mapping;

/// <summary>A country's declarative mapping (mapping.yaml); the format is documented in adapters/MAPPING.md.</summary>
public sealed class AdapterMapping
{
    public string Country { get; set; } = "";
    public string? System { get; set; }
    public DatabaseSection Database { get; set; } = new();
    public IndexSection Index { get; set; } = new();
    public HandlingSection Handling { get; set; } = new();
    public ContactPointSection ContactPoint { get; set; } = new();
    public NamesSection Names { get; set; } = new();
    public CodesSection Codes { get; set; } = new();
    public KeysSection Keys { get; set; } = new();
    public SqlSection Sql { get; set; } = new();
    public GrantsSection Grants { get; set; } = new();

    /// <summary>Loads a mapping file; placeholders are expanded later (<see cref="Resolve"/>).</summary>
    public static AdapterMapping Load(string path)
    {
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .Build();
        var mapping = deserializer.Deserialize<AdapterMapping>(File.ReadAllText(path))
                      ?? throw new MappingException($"{path}: empty mapping");
        mapping.SourcePath = Path.GetFullPath(path);
        mapping.SourceText = File.ReadAllText(path);
        mapping.Validate();
        return mapping;
    }

    [YamlIgnore] public string? SourcePath { get; private set; }
    [YamlIgnore] public string SourceText { get; private set; } = "";

    /// <summary>The connection string: the environment override if set, else the mapping's with placeholders expanded.</summary>
    /// <summary>The provider: postgresql when the (possibly overridden) connection string names a Host, else the mapping's.</summary>
    public string ProviderFor(string connectionString) =>
        connectionString.Contains("host=", StringComparison.OrdinalIgnoreCase) ? "postgresql" : Database.Provider;

    public string ConnectionString(string dataDir)
    {
        var env = Database.ConnectionEnv is { Length: > 0 } name ? Environment.GetEnvironmentVariable(name) : null;
        return Expand(string.IsNullOrWhiteSpace(env) ? Database.Connection : env, dataDir);
    }

    public string IndexPath(string dataDir)
    {
        if (!string.IsNullOrWhiteSpace(Index.Path))
            return Expand(Index.Path, dataDir);
        return Path.Combine(dataDir, Country.ToLowerInvariant() + ".redtram-index.sqlite");
    }

    public string Expand(string text, string dataDir)
    {
        var mappingDir = SourcePath is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(SourcePath)!;
        return text.Replace("{dataDir}", dataDir, StringComparison.Ordinal)
            .Replace("{mappingDir}", mappingDir, StringComparison.Ordinal)
            .Replace("{country}", Country.ToLowerInvariant(), StringComparison.Ordinal);
    }

    public void Validate()
    {
        var problems = new List<string>();
        if (Country.Length != 2 || !Api.CanonicalSchema.CountryCodes.Contains(Country))
            problems.Add($"country '{Country}' is not a REDTRAM country code");
        if (Database.Provider is not ("sqlite" or "postgresql"))
            problems.Add($"database.provider must be sqlite or postgresql, not '{Database.Provider}'");
        if (string.IsNullOrWhiteSpace(Database.Connection) && string.IsNullOrWhiteSpace(Database.ConnectionEnv))
            problems.Add("database.connection is required");
        foreach (var (name, sql) in new[] { ("persons", Sql.Persons), ("cases", Sql.Cases) })
            if (string.IsNullOrWhiteSpace(sql))
                problems.Add($"sql.{name} is required");
        foreach (var (code, role) in Codes.Roles)
            if (!Api.CanonicalSchema.Roles.Contains(role))
                problems.Add($"codes.roles.{code}: '{role}' is not a ParticipationRole");
        foreach (var (code, status) in Codes.Statuses)
            if (!Api.CanonicalSchema.Statuses.Contains(status))
                problems.Add($"codes.statuses.{code}: '{status}' is not a CaseStatus");
        foreach (var (code, o) in Codes.Offences)
        {
            if (o.Category is not ("TIP" or "SOM" or "RELATED"))
                problems.Add($"codes.offences.{code}: category must be TIP, SOM or RELATED");
            if (string.IsNullOrWhiteSpace(o.Iccs) || !o.Iccs.All(char.IsAsciiDigit))
                problems.Add($"codes.offences.{code}: iccs must be an ICCS code (digits)");
            if (string.IsNullOrWhiteSpace(o.Ref))
                problems.Add($"codes.offences.{code}: ref (national legal reference) is required");
        }
        foreach (var (code, d) in Codes.DocumentTypes)
            if (d.Rule is { } rule && !Documents.Rules.Contains(rule))
                problems.Add($"codes.documentTypes.{code}: unknown rule '{rule}' (one of {string.Join(", ", Documents.Rules)})");
        if (problems.Count > 0)
            throw new MappingException($"{SourcePath ?? "mapping"}: " + string.Join("; ", problems));
    }
}

public sealed class MappingException(string message) : Exception(message);

public sealed class DatabaseSection
{
    public string Provider { get; set; } = "sqlite";
    public string Connection { get; set; } = "";
    /// <summary>Environment variable that overrides <see cref="Connection"/> when set.</summary>
    public string? ConnectionEnv { get; set; }
}

public sealed class IndexSection
{
    /// <summary>Sidecar SQLite file of the name-key index (default {dataDir}/&lt;cc&gt;.redtram-index.sqlite).</summary>
    public string? Path { get; set; }
    /// <summary>How often (seconds) the data epoch is re-read to decide whether the index must be rebuilt.</summary>
    public int EpochCheckSeconds { get; set; } = 30;
}

/// <summary>How the adapter checks the gateway's signed grants and keeps its own state (see MAPPING.md).</summary>
public sealed class GrantsSection
{
    /// <summary>JWKS file with the gateway's public grant keys (placeholders allowed); overridden by --grant-keys.</summary>
    public string? Keys { get; set; }
    /// <summary>The iss the grants must carry (default redtram-gateway); overridden by --grant-issuer.</summary>
    public string? Issuer { get; set; }
    /// <summary>File holding the secret that keys the pseudonyms of protected persons (default: generated once in the state file).</summary>
    public string? PseudonymSecretFile { get; set; }
    /// <summary>Sidecar SQLite file of the adapter's own state: pseudonyms, follow-up tokens (default {dataDir}/&lt;cc&gt;.redtram-adapter.sqlite).</summary>
    public string? StatePath { get; set; }
    /// <summary>Days a pseudonym handed out stays resolvable and recorded in the state file (default 400); overridden by
    /// --pseudonym-retention-days.</summary>
    public int? PseudonymRetentionDays { get; set; }
}

public sealed class HandlingSection
{
    public string Code { get; set; } = "H0";
    public List<string> Restrictions { get; set; } = [];
}

public sealed class ContactPointSection
{
    public string Office { get; set; } = "";
    public string Unit { get; set; } = "";
    public string Email { get; set; } = "";
    public string Phone { get; set; } = "";
    public List<string> Channels { get; set; } = [];
}

public sealed class NamesSection
{
    /// <summary>How a `surnames` column holding several surnames is read: spanish (paternal first) or portuguese (paternal last).</summary>
    public string SurnameOrder { get; set; } = "spanish";
    /// <summary>Characters separating several aliases in one `aliases` column.</summary>
    public string AliasSeparators { get; set; } = "/;,";
}

public sealed class OffenceCode
{
    public string Ref { get; set; } = "";
    public string Category { get; set; } = "RELATED";
    public string Iccs { get; set; } = "";
    public List<string> Forms { get; set; } = [];
}

public sealed class DocumentTypeCode
{
    public string Type { get; set; } = "OTHER";
    /// <summary>Check rule (see Documents.Rules); default: the issuer's usual rule for the type.</summary>
    public string? Rule { get; set; }
    /// <summary>Label shown as localType (default: the national code).</summary>
    public string? Label { get; set; }
}

public sealed class CodesSection
{
    public Dictionary<string, string> Nationalities { get; set; } = [];
    public Dictionary<string, string> Sex { get; set; } = [];
    public Dictionary<string, string> BirthPrecision { get; set; } = [];
    public Dictionary<string, DocumentTypeCode> DocumentTypes { get; set; } = [];
    public Dictionary<string, string> Roles { get; set; } = [];
    public Dictionary<string, string> Statuses { get; set; } = [];
    public Dictionary<string, OffenceCode> Offences { get; set; } = [];
    public OffenceCode? UnmappedOffence { get; set; }
    public Dictionary<string, string> Stages { get; set; } = [];
    public Dictionary<string, string> Aggravating { get; set; } = [];
    public Dictionary<string, string> Exploitation { get; set; } = [];
    public Dictionary<string, string> OrganisationKinds { get; set; } = [];
}

public sealed class KeysSection
{
    /// <summary>integer or text: how ids taken from requests are bound when filtering on the key column.</summary>
    public string Persons { get; set; } = "integer";
    public string Cases { get; set; } = "integer";
    public string Organisations { get; set; } = "integer";
}

/// <summary>One SELECT per canonical entity; the host filters it by key (see MAPPING.md for the column aliases).</summary>
public sealed class SqlSection
{
    public string? Epoch { get; set; }
    public string Persons { get; set; } = "";
    public string? Aliases { get; set; }
    public string? Documents { get; set; }
    public string? Phones { get; set; }
    public string? Participations { get; set; }
    public string Cases { get; set; } = "";
    public string? Offences { get; set; }
    public string? CaseExploitation { get; set; }
    public string? CaseOrganisations { get; set; }
    public string? Organisations { get; set; }
}
