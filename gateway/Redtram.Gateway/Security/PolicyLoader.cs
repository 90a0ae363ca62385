using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;
using GraphQLParser.AST;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Redtram.Gateway.Security;

/// <summary>One problem in a policy, with the file and line where it was found (line 0: the file as a whole).</summary>
public sealed record PolicyError(string File, long Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}

/// <summary>A policy that did not load; <see cref="Errors"/> holds every error found, not just the first.</summary>
public sealed class PolicyLoadException(IReadOnlyList<PolicyError> errors)
    : Exception($"policy invalid ({errors.Count} error(s)):{Environment.NewLine}{string.Join(Environment.NewLine, errors)}")
{
    public IReadOnlyList<PolicyError> Errors { get; } = errors;
}

/// <summary>Reads every <c>*.yaml</c> file of a policy directory (sorted by name) into one <see cref="AccessPolicy"/>.
/// Top-level sections: <c>version</c>, <c>schema</c>, <c>purposes</c>, <c>defaults</c>, <c>fields</c> (each in one
/// file only) and <c>countries</c>, <c>issuers</c>, <c>agreements</c>, <c>jits</c> (lists, concatenated across
/// files). Validation collects every error before failing. See schema/policy/README.md.</summary>
public static partial class PolicyLoader
{
    public static (AccessPolicy? Policy, IReadOnlyList<PolicyError> Errors) Load(string directory)
    {
        var l = new Loader(Path.GetFullPath(directory));
        var policy = l.Run();
        return (l.Errors.Count == 0 ? policy : null, l.Errors);
    }

    [GeneratedRegex("^[A-Z][A-Z0-9_]{0,63}$")] private static partial Regex PurposeRx();
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$")] private static partial Regex IdRx();
    [GeneratedRegex("^[A-Z]{2}:[^\\s]{1,128}$")] internal static partial Regex CaseRefRx();

    private static readonly string[] SingleSections = ["version", "schema", "purposes", "defaults", "fields"];
    private static readonly string[] ListSections = ["countries", "issuers", "agreements", "jits"];

    private sealed class Loader(string dir)
    {
        public readonly List<PolicyError> Errors = [];
        private string _file = "";
        private readonly Dictionary<string, (string File, YamlNode Node)> _single = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<(string File, YamlSequenceNode Node)>> _lists = new(StringComparer.Ordinal);

        private void Err(YamlNode? node, string message) => Errors.Add(new PolicyError(_file, node is null ? 0 : (long)node.Start.Line, message));

        public AccessPolicy? Run()
        {
            if (!Directory.Exists(dir)) { Errors.Add(new PolicyError(dir, 0, "policy directory not found")); return null; }
            var files = Directory.GetFiles(dir, "*.yaml").OrderBy(f => f, StringComparer.Ordinal).ToArray();
            if (files.Length == 0) { Errors.Add(new PolicyError(dir, 0, "no *.yaml file in the policy directory")); return null; }
            foreach (var f in files) ReadFile(f);

            _file = Path.GetFileName(files[0]);
            var schemaRel = _single.TryGetValue("schema", out var s) ? Scalar(s, "schema") : "../national.graphql";
            if (_single.TryGetValue("version", out var v) && Scalar(v, "version") is { } ver && ver != "1") { Use(v); Err(v.Node, "version must be 1"); }
            var schemaPath = Path.GetFullPath(Path.Combine(dir, schemaRel ?? "../national.graphql"));
            var schema = ReadSchema(schemaPath);

            var purposes = ReadPurposes();
            var countries = ReadCountries(schema?.CountryCodes);
            var issuers = ReadIssuers(countries);
            var defaults = ReadDefaults();
            var agreements = ReadAgreements(countries, purposes, defaults);
            var jits = ReadJits(countries, purposes, defaults);
            var fields = ReadFields(schema);
            if (Errors.Count > 0 || defaults is null) return null;
            return new AccessPolicy
            {
                SchemaPath = schemaPath,
                Countries = countries.ToFrozenSet(StringComparer.Ordinal),
                Purposes = purposes.ToFrozenSet(StringComparer.Ordinal),
                Issuers = issuers.ToFrozenDictionary(i => i.Issuer, StringComparer.Ordinal),
                Agreements = agreements,
                Jits = jits,
                Defaults = defaults,
                FieldLevels = fields.ToFrozenDictionary(StringComparer.Ordinal),
                NotifyUrls = NotifyUrls.ToFrozenDictionary(StringComparer.Ordinal),
            };
        }

        private void ReadFile(string path)
        {
            _file = Path.GetFileName(path);
            var stream = new YamlStream();
            try
            {
                using var reader = new StreamReader(path);
                stream.Load(reader);
            }
            catch (YamlException ex) { Errors.Add(new PolicyError(_file, (long)ex.Start.Line, "YAML syntax: " + FirstLine(ex.Message))); return; }
            catch (InvalidOperationException) { Errors.Add(new PolicyError(_file, 0, "YAML syntax: unreadable (unterminated quote, bracket or brace?)")); return; }
            catch (IOException) { Errors.Add(new PolicyError(_file, 0, "file could not be read")); return; }
            if (stream.Documents.Count == 0) return;
            if (stream.Documents.Count > 1) Err(stream.Documents[1].RootNode, "one YAML document per file");
            if (stream.Documents[0].RootNode is not YamlMappingNode root) { Err(stream.Documents[0].RootNode, "a policy file must be a mapping of sections"); return; }
            foreach (var (k, node) in root.Children)
            {
                var key = (k as YamlScalarNode)?.Value ?? "";
                if (SingleSections.Contains(key))
                {
                    if (_single.TryGetValue(key, out var prev)) Err(k, $"section '{key}' already defined in {prev.File}");
                    else _single[key] = (_file, node);
                }
                else if (ListSections.Contains(key))
                {
                    if (node is YamlSequenceNode seq) { if (!_lists.TryGetValue(key, out var l)) _lists[key] = l = []; l.Add((_file, seq)); }
                    else Err(node, $"section '{key}' must be a list");
                }
                else Err(k, $"unknown section '{key}' (expected one of {string.Join(", ", SingleSections.Concat(ListSections))})");
            }
        }

        private static string FirstLine(string s) { var i = s.IndexOf('\n'); return i < 0 ? s : s[..i]; }

        private void Use((string File, YamlNode Node) section) => _file = section.File;

        private string? Scalar((string File, YamlNode Node) section, string what)
        {
            Use(section);
            if (section.Node is YamlScalarNode { Value: { Length: > 0 } v }) return v;
            Err(section.Node, $"'{what}' must be a non-empty scalar");
            return null;
        }

        private IEnumerable<YamlMappingNode> Items(string section)
        {
            if (!_lists.TryGetValue(section, out var parts)) yield break;
            foreach (var (file, seq) in parts)
                foreach (var item in seq.Children)
                {
                    _file = file;
                    if (item is YamlMappingNode m) yield return m;
                    else Err(item, $"each entry of '{section}' must be a mapping");
                }
        }

        // ---------- canonical schema ----------

        private sealed record SchemaInfo(HashSet<string> CountryCodes, Dictionary<string, List<string>> ObjectFields);

        private SchemaInfo? ReadSchema(string path)
        {
            string text;
            try { text = File.ReadAllText(path); }
            catch (IOException) { Err(null, $"canonical schema '{Path.GetFileName(path)}' not found"); return null; }
            GraphQLDocument doc;
            try { doc = GraphQLParser.Parser.Parse(text); }
            catch (GraphQLParser.Exceptions.GraphQLParserException) { Err(null, $"canonical schema '{Path.GetFileName(path)}' does not parse"); return null; }
            var codes = new HashSet<string>(StringComparer.Ordinal);
            var objects = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var def in doc.Definitions)
            {
                switch (def)
                {
                    case GraphQLEnumTypeDefinition e when e.Name.StringValue == "CountryCode":
                        foreach (var val in e.Values?.Items ?? []) codes.Add(val.Name.StringValue);
                        break;
                    case GraphQLObjectTypeDefinition o:
                        Add(o.Name.StringValue, o.Fields);
                        break;
                    case GraphQLObjectTypeExtension o:
                        Add(o.Name.StringValue, o.Fields);
                        break;
                    case GraphQLInterfaceTypeDefinition i:
                        Add(i.Name.StringValue, i.Fields);
                        break;
                }
            }
            return new SchemaInfo(codes, objects);

            void Add(string type, GraphQLFieldsDefinition? fields)
            {
                if (!objects.TryGetValue(type, out var list)) objects[type] = list = [];
                foreach (var f in fields?.Items ?? []) list.Add(f.Name.StringValue);
            }
        }

        // ---------- sections ----------

        private HashSet<string> ReadPurposes()
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            if (!_single.TryGetValue("purposes", out var sec)) { Errors.Add(new PolicyError(dir, 0, "section 'purposes' missing")); return set; }
            Use(sec);
            if (sec.Node is not YamlSequenceNode seq) { Err(sec.Node, "'purposes' must be a list"); return set; }
            foreach (var n in seq.Children)
            {
                var p = (n as YamlScalarNode)?.Value;
                if (p is null || !PurposeRx().IsMatch(p)) Err(n, "a purpose must be an UPPER_SNAKE_CASE code");
                else if (!set.Add(p)) Err(n, $"purpose {p} listed twice");
            }
            if (set.Count == 0) Err(sec.Node, "'purposes' is empty");
            return set;
        }

        private HashSet<string> ReadCountries(HashSet<string>? schemaCodes)
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var m in Items("countries"))
            {
                var code = Req(m, "code");
                Opt(m, "name");
                NoOther(m, "code", "name", "notify_url");
                var notify = NotifyUrl(m);
                if (code is null) continue;
                if (schemaCodes is not null && !schemaCodes.Contains(code)) Err(m, $"country {code} is not a CountryCode of the canonical schema");
                else if (!set.Add(code)) Err(m, $"country {code} listed twice");
                else if (notify is not null) NotifyUrls[code] = notify;
            }
            if (set.Count == 0) Errors.Add(new PolicyError(dir, 0, "section 'countries' missing or empty"));
            return set;
        }

        /// <summary>Owner-notification webhooks by country (countries[].notify_url).</summary>
        public readonly Dictionary<string, Uri> NotifyUrls = new(StringComparer.Ordinal);

        /// <summary>notify_url: an absolute https URL, or http on 127.0.0.1 (a receiver on the same host, tests).</summary>
        private Uri? NotifyUrl(YamlMappingNode m)
        {
            if (Opt(m, "notify_url") is not { } raw) return null;
            if (Uri.TryCreate(raw, UriKind.Absolute, out var u) && string.IsNullOrEmpty(u.UserInfo)
                && (u.Scheme == Uri.UriSchemeHttps || (u.Scheme == Uri.UriSchemeHttp && u.Host == "127.0.0.1")))
                return u;
            Err(Node(m, "notify_url"), "notify_url must be an absolute https URL (or http://127.0.0.1:<port>/… for a local receiver), without user info");
            return null;
        }

        private List<TrustedIssuer> ReadIssuers(HashSet<string> countries)
        {
            var list = new List<TrustedIssuer>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var m in Items("issuers"))
            {
                NoOther(m, "issuer", "country", "audience", "jwks_file", "jwks_url", "refresh_seconds");
                var iss = Req(m, "issuer");
                var country = Country(m, "country", countries);
                var aud = Req(m, "audience");
                var file = Opt(m, "jwks_file");
                var url = Opt(m, "jwks_url");
                var refresh = TimeSpan.FromMinutes(15);
                if (Opt(m, "refresh_seconds") is { } rs)
                {
                    if (int.TryParse(rs, NumberStyles.None, CultureInfo.InvariantCulture, out var sec) && sec is >= 60 and <= 86400) refresh = TimeSpan.FromSeconds(sec);
                    else Err(Node(m, "refresh_seconds"), "refresh_seconds must be an integer between 60 and 86400");
                }
                if (iss is not null && !seen.Add(iss)) Err(m, "issuer listed twice");
                if ((file is null) == (url is null)) { Err(m, "an issuer needs exactly one of jwks_file and jwks_url"); continue; }
                JsonWebKeySet? keys = null;
                string? fullFile = null;
                Uri? uri = null;
                if (file is not null)
                {
                    fullFile = Path.GetFullPath(Path.Combine(dir, file));
                    string json;
                    try { json = File.ReadAllText(fullFile); }
                    catch (IOException) { Err(Node(m, "jwks_file"), $"key set file '{file}' not found"); continue; }
                    var ke = new List<string>();
                    keys = JsonWebKeySet.Parse(json, ke);
                    foreach (var e in ke) Err(Node(m, "jwks_file"), $"key set '{file}': {e}");
                }
                else if (!Uri.TryCreate(url, UriKind.Absolute, out uri) || uri.Scheme != Uri.UriSchemeHttps)
                { Err(Node(m, "jwks_url"), "jwks_url must be an absolute https URL"); continue; }
                if (iss is null || country is null || aud is null || (file is not null && keys is null)) continue;
                list.Add(new TrustedIssuer { Issuer = iss, Country = country, Audience = aud, JwksFile = fullFile, JwksUrl = uri, Refresh = refresh, FileKeys = keys });
            }
            if (!_lists.ContainsKey("issuers")) Errors.Add(new PolicyError(dir, 0, "section 'issuers' missing"));
            return list;
        }

        private PolicyDefaults? ReadDefaults()
        {
            if (!_single.TryGetValue("defaults", out var sec)) { Errors.Add(new PolicyError(dir, 0, "section 'defaults' missing")); return null; }
            Use(sec);
            if (sec.Node is not YamlMappingNode m) { Err(sec.Node, "'defaults' must be a mapping"); return null; }
            NoOther(m, "home", "foreign", "agreement_level", "agreement_roles", "jit_level", "jit_roles");
            var home = RoleLevels(m, "home");
            var foreign = RoleLevels(m, "foreign");
            var agreementLevel = Level(m, "agreement_level", required: true) ?? AccessLevel.None;
            var jitLevel = Level(m, "jit_level", required: true) ?? AccessLevel.None;
            var agreementRoles = RoleList(m, "agreement_roles", Roles.None, required: true);
            var jitRoles = RoleList(m, "jit_roles", Roles.None, required: true);
            if (home is null || foreign is null) return null;
            if (foreign.TryGetValue(Roles.Secretariat, out var sl) && sl != AccessLevel.None) Err(Node(m, "foreign"), "secretariat must be NONE (no content)");
            if (home.TryGetValue(Roles.Secretariat, out var hl) && hl != AccessLevel.None) Err(Node(m, "home"), "secretariat must be NONE (no content)");
            return new PolicyDefaults { Home = home, Foreign = foreign, AgreementLevel = agreementLevel, AgreementRoles = agreementRoles, JitLevel = jitLevel, JitRoles = jitRoles };
        }

        private FrozenDictionary<Roles, AccessLevel>? RoleLevels(YamlMappingNode parent, string key)
        {
            if (Node(parent, key) is not YamlMappingNode m) { Err(Node(parent, key) ?? parent, $"'{key}' must be a mapping role → level for every role"); return null; }
            var d = new Dictionary<Roles, AccessLevel>();
            foreach (var (k, v) in m.Children)
            {
                var name = (k as YamlScalarNode)?.Value;
                if (!RoleNames.TryParse(name, out var role)) { Err(k, $"unknown role '{name}'"); continue; }
                if (!AccessLevels.TryParse((v as YamlScalarNode)?.Value, out var level)) { Err(v, "level must be NONE, HIT, SUMMARY, FULL or RESTRICTED"); continue; }
                d[role] = level;
            }
            foreach (var (name, role) in RoleNames.ByName)
                if (!d.ContainsKey(role)) Err(m, $"'{key}' has no level for role {name}");
            return d.ToFrozenDictionary();
        }

        private List<Agreement> ReadAgreements(HashSet<string> countries, HashSet<string> purposes, PolicyDefaults? defaults)
        {
            var list = new List<Agreement>();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var m in Items("agreements"))
            {
                NoOther(m, "id", "owner", "requester", "level", "purposes", "roles", "valid_from", "valid_until", "requesting_cases", "note");
                var id = Id(m, ids);
                var owner = Country(m, "owner", countries);
                var requester = Country(m, "requester", countries);
                if (owner is not null && owner == requester) Err(m, "owner and requester must differ (home access follows defaults.home)");
                var level = Level(m, "level", required: false) ?? defaults?.AgreementLevel ?? AccessLevel.None;
                var ps = PurposeList(m, purposes);
                var roles = RoleList(m, "roles", defaults?.AgreementRoles ?? Roles.None, required: false);
                var (from, until) = Validity(m);
                FrozenSet<string>? cases = null;
                if (Node(m, "requesting_cases") is { } cn)
                {
                    cases = CaseList(cn, requester);
                }
                if (id is null || owner is null || requester is null || ps is null || from is null) continue;
                list.Add(new Agreement { Id = id, Owner = owner, Requester = requester, Level = level, Purposes = ps, Roles = roles, ValidFrom = from.Value, ValidUntil = until, RequestingCases = cases });
            }
            return list;
        }

        private List<JointInvestigationTeam> ReadJits(HashSet<string> countries, HashSet<string> purposes, PolicyDefaults? defaults)
        {
            var list = new List<JointInvestigationTeam>();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var m in Items("jits"))
            {
                NoOther(m, "id", "members", "cases", "level", "allow_restricted", "purposes", "roles", "valid_from", "valid_until", "note");
                var id = Id(m, ids);
                var members = new HashSet<string>(StringComparer.Ordinal);
                if (Node(m, "members") is YamlSequenceNode ms)
                    foreach (var c in ms.Children)
                    {
                        var code = (c as YamlScalarNode)?.Value;
                        if (code is null || !countries.Contains(code)) Err(c, $"member '{code}' is not a country of the policy");
                        else if (!members.Add(code)) Err(c, $"member {code} listed twice");
                    }
                else Err(Node(m, "members") ?? m, "'members' must be a list of countries");
                if (members.Count is > 0 and < 2) Err(m, "a JIT needs at least two member countries");
                var cases = new Dictionary<string, FrozenSet<string>>(StringComparer.Ordinal);
                if (Node(m, "cases") is YamlMappingNode cm)
                    foreach (var (k, v) in cm.Children)
                    {
                        var c = (k as YamlScalarNode)?.Value ?? "";
                        if (!members.Contains(c)) { Err(k, $"cases given for {c}, which is not a member"); continue; }
                        if (CaseList(v, c) is { } set) cases[c] = set;
                    }
                else Err(Node(m, "cases") ?? m, "'cases' must map each member country to its case references");
                foreach (var mem in members) if (!cases.ContainsKey(mem)) Err(m, $"no cases in scope for member {mem}");
                var level = Level(m, "level", required: false) ?? defaults?.JitLevel ?? AccessLevel.None;
                if (level is AccessLevel.Restricted) Err(Node(m, "level"), "use allow_restricted: true for RESTRICTED");
                var restricted = false;
                if (Opt(m, "allow_restricted") is { } ar)
                {
                    if (ar is "true" or "false") restricted = ar == "true";
                    else Err(Node(m, "allow_restricted"), "allow_restricted must be true or false");
                }
                var ps = PurposeList(m, purposes);
                var roles = RoleList(m, "roles", defaults?.JitRoles ?? Roles.None, required: false);
                var (from, until) = Validity(m);
                if (id is null || ps is null || from is null) continue;
                list.Add(new JointInvestigationTeam
                {
                    Id = id, Members = members.ToFrozenSet(StringComparer.Ordinal), CasesInScope = cases.ToFrozenDictionary(StringComparer.Ordinal),
                    Level = level, AllowsRestricted = restricted, Purposes = ps, Roles = roles, ValidFrom = from.Value, ValidUntil = until,
                });
            }
            return list;
        }

        private Dictionary<string, AccessLevel> ReadFields(SchemaInfo? schema)
        {
            var levels = new Dictionary<string, AccessLevel>(StringComparer.Ordinal);
            if (!_single.TryGetValue("fields", out var sec)) { Errors.Add(new PolicyError(dir, 0, "section 'fields' missing")); return levels; }
            Use(sec);
            if (sec.Node is not YamlMappingNode types) { Err(sec.Node, "'fields' must map type → field → level"); return levels; }
            foreach (var (tk, tv) in types.Children)
            {
                var type = (tk as YamlScalarNode)?.Value ?? "";
                List<string>? known = null;
                if (schema is not null && !schema.ObjectFields.TryGetValue(type, out known)) { Err(tk, $"type {type} is not an object type of the canonical schema"); continue; }
                if (tv is not YamlMappingNode fm) { Err(tv, $"{type}: must map field → level"); continue; }
                foreach (var (fk, fv) in fm.Children)
                {
                    var field = (fk as YamlScalarNode)?.Value ?? "";
                    if (known is not null && !known.Contains(field)) { Err(fk, $"{type}.{field} is not a field of the canonical schema"); continue; }
                    if (!AccessLevels.TryParse((fv as YamlScalarNode)?.Value, out var level)) { Err(fv, $"{type}.{field}: level must be NONE, HIT, SUMMARY, FULL or RESTRICTED"); continue; }
                    if (!levels.TryAdd(type + "." + field, level)) Err(fk, $"{type}.{field} given twice");
                }
            }
            if (schema is not null)
                foreach (var (type, fields) in schema.ObjectFields.OrderBy(p => p.Key, StringComparer.Ordinal))
                    foreach (var f in fields)
                        if (!levels.ContainsKey(type + "." + f)) Err(sec.Node, $"{type}.{f} has no level (every field of every type needs one)");
            return levels;
        }

        // ---------- helpers ----------

        private static YamlNode? Node(YamlMappingNode m, string key)
            => m.Children.TryGetValue(new YamlScalarNode(key), out var n) ? n : null;

        private void NoOther(YamlMappingNode m, params string[] allowed)
        {
            foreach (var k in m.Children.Keys)
                if (k is not YamlScalarNode { Value: { } v } || !allowed.Contains(v)) Err(k, $"unknown key '{(k as YamlScalarNode)?.Value}' (allowed: {string.Join(", ", allowed)})");
        }

        private string? Opt(YamlMappingNode m, string key)
        {
            var n = Node(m, key);
            if (n is null) return null;
            if (n is YamlScalarNode { Value: { Length: > 0 } v }) return v;
            Err(n, $"'{key}' must be a non-empty scalar");
            return null;
        }

        private string? Req(YamlMappingNode m, string key)
        {
            if (Node(m, key) is null) { Err(m, $"'{key}' is required"); return null; }
            return Opt(m, key);
        }

        private string? Id(YamlMappingNode m, HashSet<string> ids)
        {
            var id = Req(m, "id");
            if (id is null) return null;
            if (!IdRx().IsMatch(id)) { Err(Node(m, "id"), "id may hold letters, digits and . _ : / - only"); return null; }
            if (!ids.Add(id)) { Err(Node(m, "id"), $"id {id} used twice"); return null; }
            return id;
        }

        private string? Country(YamlMappingNode m, string key, HashSet<string> countries)
        {
            var c = Req(m, key);
            if (c is not null && !countries.Contains(c)) { Err(Node(m, key), $"{key} {c} is not a country of the policy"); return null; }
            return c;
        }

        private AccessLevel? Level(YamlMappingNode m, string key, bool required)
        {
            var s = required ? Req(m, key) : Opt(m, key);
            if (s is null) return null;
            if (AccessLevels.TryParse(s, out var l)) return l;
            Err(Node(m, key), $"'{key}' must be NONE, HIT, SUMMARY, FULL or RESTRICTED");
            return null;
        }

        private Roles RoleList(YamlMappingNode m, string key, Roles fallback, bool required)
        {
            var n = Node(m, key);
            if (n is null) { if (required) Err(m, $"'{key}' is required"); return fallback; }
            if (n is not YamlSequenceNode seq || seq.Children.Count == 0) { Err(n, $"'{key}' must be a non-empty list of roles"); return fallback; }
            var roles = Roles.None;
            foreach (var r in seq.Children)
                if (RoleNames.TryParse((r as YamlScalarNode)?.Value, out var role)) roles |= role;
                else Err(r, $"unknown role '{(r as YamlScalarNode)?.Value}'");
            if ((roles & Roles.Secretariat) != 0) Err(n, "the secretariat gets no content: it may not be granted a level");
            return roles;
        }

        private FrozenSet<string>? PurposeList(YamlMappingNode m, HashSet<string> purposes)
        {
            if (Node(m, "purposes") is not YamlSequenceNode seq || seq.Children.Count == 0) { Err(Node(m, "purposes") ?? m, "'purposes' must be a non-empty list"); return null; }
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in seq.Children)
            {
                var v = (p as YamlScalarNode)?.Value;
                if (v is null || !purposes.Contains(v)) Err(p, $"purpose '{v}' is not declared in 'purposes'");
                else set.Add(v);
            }
            return set.ToFrozenSet(StringComparer.Ordinal);
        }

        private FrozenSet<string>? CaseList(YamlNode n, string? country)
        {
            if (n is not YamlSequenceNode seq || seq.Children.Count == 0) { Err(n, "case references must be a non-empty list"); return null; }
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var c in seq.Children)
            {
                var v = (c as YamlScalarNode)?.Value;
                if (v is null || !CaseRefRx().IsMatch(v)) Err(c, "a case reference is CC:local-number");
                else if (country is not null && !v.StartsWith(country + ":", StringComparison.Ordinal)) Err(c, $"case reference must belong to {country}");
                else set.Add(v);
            }
            return set.ToFrozenSet(StringComparer.Ordinal);
        }

        private (DateOnly? From, DateOnly? Until) Validity(YamlMappingNode m)
        {
            DateOnly? from = null, until = null;
            if (Req(m, "valid_from") is { } f)
            {
                if (DateOnly.TryParseExact(f, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) from = d;
                else Err(Node(m, "valid_from"), "valid_from must be YYYY-MM-DD");
            }
            if (Opt(m, "valid_until") is { } u)
            {
                if (DateOnly.TryParseExact(u, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) until = d;
                else Err(Node(m, "valid_until"), "valid_until must be YYYY-MM-DD");
            }
            if (from is not null && until is not null && until < from) Err(m, "valid_until is before valid_from");
            return (from, until);
        }
    }
}
