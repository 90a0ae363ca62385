using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Redtram.Gateway.Security;

namespace Redtram.Gateway.Tests.Security;

public sealed class PolicyTests : IDisposable
{
    private readonly SecurityFixture _fx = new();
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "redtram-pol-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        _fx.Dispose();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Fact]
    public void Checked_in_policy_loads_without_errors()
    {
        var (policy, errors) = PolicyLoader.Load(SecurityFixture.CheckedInPolicyDir);
        Assert.Empty(errors);
        Assert.NotNull(policy);
        Assert.Equal(20, policy.Countries.Count);
        Assert.NotEmpty(policy.Issuers);
        Assert.All(policy.Issuers.Values, i => Assert.Equal("https", i.JwksUrl!.Scheme));
        Assert.Equal(AccessLevel.Hit, policy.RequiredLevel("Query", "searchPersons"));
        Assert.Equal(AccessLevel.Full, policy.RequiredLevel("Person", "aliases"));
        Assert.Equal(AccessLevel.Summary, policy.RequiredLevel("Case", "localNumber"));
        Assert.Equal(AccessLevel.Restricted, policy.RequiredLevel("Person", "noSuchField"));
    }

    [Fact]
    public void Every_field_of_every_object_type_of_the_canonical_schema_has_a_level()
    {
        var policy = PolicyLoader.Load(SecurityFixture.CheckedInPolicyDir).Policy!;
        var doc = GraphQLParser.Parser.Parse(File.ReadAllText(Path.Combine(SecurityFixture.RepoRoot, "schema", "national.graphql")));
        var count = 0;
        foreach (var o in doc.Definitions.OfType<GraphQLParser.AST.GraphQLObjectTypeDefinition>())
            foreach (var f in o.Fields!.Items)
            {
                Assert.True(policy.FieldLevels.ContainsKey(o.Name.StringValue + "." + f.Name.StringValue), $"{o.Name.StringValue}.{f.Name.StringValue}");
                count++;
            }
        Assert.Equal(count, policy.FieldLevels.Count);
    }

    [Fact]
    public void Broken_policy_reports_all_its_errors_with_file_and_line()
    {
        _fx.WritePolicy(_dir);
        Edit("policy.yaml", s => s.Replace("  - { code: UY, name: Uruguay }", "  - { code: XX, name: Nowhere }\n  - { code: PE, name: Again }")
                                  .Replace("    analyst: FULL\n", "    analyst: EVERYTHING\n")
                                  .Replace("  jit_level: FULL", "  jit_level: FULL\n  colour: blue"));
        Edit("fields.yaml", s => s.Replace("    aliases: FULL\n", "    nickname: FULL\n")
                                  .Replace("  Surname:", "  Spaceship:\n    warp: HIT\n  Surname:"));
        Edit("agreements.yaml", s => s.Replace("    requester: CL\n", "    requester: ZZ\n")
                                      .Replace("purposes: [JIT_OPERATION, CRIMINAL_INVESTIGATION]", "purposes: [JIT_OPERATION, FISHING]")
                                      .Replace("    members: [BR, PY]", "    members: [BR, PY, QQ]"));
        File.WriteAllText(Path.Combine(_dir, "keys", "br.jwks.json"), """{"keys":[{"kty":"oct","kid":"x","k":"c2VjcmV0"}]}""");
        File.WriteAllText(Path.Combine(_dir, "zz-extra.yaml"), "gossip: true\nfields: {}\n");

        var (policy, errors) = PolicyLoader.Load(_dir);
        Assert.Null(policy);
        var text = string.Join("\n", errors);
        string[] expected =
        [
            "policy.yaml:", "country XX is not a CountryCode", "country PE listed twice", "level must be NONE, HIT",
            "unknown key 'colour'", "fields.yaml:", "Person.nickname is not a field", "Person.aliases has no level",
            "type Spaceship is not an object type", "agreements.yaml:", "requester ZZ is not a country",
            "purpose 'FISHING' is not declared", "member 'QQ' is not a country", "issuers.yaml:", "key set 'keys/br.jwks.json'",
            "zz-extra.yaml:", "unknown section 'gossip'", "section 'fields' already defined",
        ];
        foreach (var e in expected) Assert.Contains(e, text);
        Assert.True(errors.Count >= 14, text);
        Assert.All(errors.Where(e => e.File != _dir && !e.Message.Contains("has no level")), e => Assert.True(e.Line > 0, e.ToString()));
        var nick = errors.Single(e => e.Message.Contains("nickname"));
        Assert.Equal("fields.yaml", nick.File);
        Assert.Equal(LineOf("fields.yaml", "nickname:"), nick.Line);
    }

    [Fact]
    public void Yaml_syntax_error_is_reported_with_its_line_and_other_files_still_checked()
    {
        _fx.WritePolicy(_dir);
        Edit("agreements.yaml", s => s.Replace("    owner: PE\n", "    owner: PE\n   owner: CL\n"));
        Edit("issuers.yaml", s => s.Replace("  - issuer: https://idp.pe.test", "  - issuer: [https://idp.pe.test"));
        Edit("fields.yaml", s => s.Replace("    aliases: FULL\n", "    aliases: MAYBE\n"));
        var (policy, errors) = PolicyLoader.Load(_dir);
        Assert.Null(policy);
        Assert.Contains(errors, e => e.File == "agreements.yaml" && e.Message.StartsWith("YAML syntax") && e.Line == LineOf("agreements.yaml", "   owner: CL"));
        Assert.Contains(errors, e => e.File == "issuers.yaml" && e.Message.StartsWith("YAML syntax"));
        Assert.Contains(errors, e => e.File == "fields.yaml" && e.Message.Contains("Person.aliases: level must be"));
    }

    [Fact]
    public void Key_set_with_private_key_or_Ed448_or_short_RSA_is_refused()
    {
        _fx.WritePolicy(_dir);
        using var small = RSA.Create(1024);
        var priv = SecurityFixture.RsaJwk(_fx.PeKey, "pe-priv");
        priv["d"] = SecurityFixture.B64(_fx.PeKey.ExportParameters(true).D!);
        var okp = new JsonObject { ["kty"] = "OKP", ["crv"] = "Ed448", ["kid"] = "ed", ["x"] = SecurityFixture.B64(new byte[57]) };
        File.WriteAllText(Path.Combine(_dir, "keys", "pe.jwks.json"), SecurityFixture.Jwks(priv, okp, SecurityFixture.RsaJwk(small, "small")));
        var text = string.Join("\n", PolicyLoader.Load(_dir).Errors);
        Assert.Contains("private or symmetric key material", text);
        Assert.Contains("keys[1]: OKP key must use crv Ed25519", text);
        Assert.Contains("RSA key must be 2048 to 8192 bits", text);
        Assert.DoesNotContain(SecurityFixture.B64(_fx.PeKey.ExportParameters(true).D!), text);
    }

    [Fact]
    public void Bad_reload_keeps_the_last_good_policy_and_a_good_one_replaces_it()
    {
        _fx.WritePolicy(_dir);
        using var store = PolicyStore.Load(_dir);
        var good = store.Current;
        AccessPolicy? changed = null;
        store.Changed += p => changed = p;

        Edit("fields.yaml", s => s.Replace("    aliases: FULL\n", "    aliases: LOTS\n"));
        Edit("policy.yaml", s => s.Replace("  - { code: UY, name: Uruguay }", "  - { code: XX, name: Nowhere }"));
        var errors = store.Reload();
        Assert.True(errors.Count >= 2);
        Assert.Same(good, store.Current);
        Assert.Null(changed);

        Edit("fields.yaml", s => s.Replace("    aliases: LOTS\n", "    aliases: SUMMARY\n"));
        Edit("policy.yaml", s => s.Replace("  - { code: XX, name: Nowhere }", "  - { code: UY, name: Uruguay }"));
        Assert.Empty(store.Reload());
        Assert.NotSame(good, store.Current);
        Assert.Same(store.Current, changed);
        Assert.Equal(AccessLevel.Summary, store.Current.RequiredLevel("Person", "aliases"));
    }

    [Fact]
    public void Initial_load_of_a_broken_policy_throws_with_every_error()
    {
        _fx.WritePolicy(_dir);
        Edit("fields.yaml", s => s.Replace("    aliases: FULL\n", "").Replace("    sex: FULL\n", ""));
        var ex = Assert.Throws<PolicyLoadException>(() => PolicyStore.Load(_dir));
        Assert.Equal(2, ex.Errors.Count);
        Assert.Contains("Person.aliases has no level", ex.Message);
        Assert.Contains("Person.sex has no level", ex.Message);
    }

    [Fact]
    public async Task Watcher_reloads_a_changed_policy()
    {
        _fx.WritePolicy(_dir);
        using var store = PolicyStore.Load(_dir);
        var reloaded = new TaskCompletionSource<AccessPolicy>(TaskCreationOptions.RunContinuationsAsynchronously);
        store.Changed += p => reloaded.TrySetResult(p);
        store.WatchForChanges(TimeSpan.FromMilliseconds(50));
        Edit("fields.yaml", s => s.Replace("    aliases: FULL\n", "    aliases: SUMMARY\n"));
        var p = await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(AccessLevel.Summary, p.RequiredLevel("Person", "aliases"));
    }

    private void Edit(string file, Func<string, string> change)
    {
        var path = Path.Combine(_dir, file);
        var before = File.ReadAllText(path);
        var after = change(before);
        Assert.NotEqual(before, after);
        File.WriteAllText(path, after);
    }

    private long LineOf(string file, string text)
        => Array.FindIndex(File.ReadAllLines(Path.Combine(_dir, file)), l => l.Contains(text)) + 1;
}
