using System.Text;
using Redtram.Federation.Schema;

namespace Redtram.Federation.Composition;

internal sealed class MField
{
    public required string Name { get; init; }

    public required string Type { get; set; }

    public string? Description { get; set; }

    public List<SgInputValue> Args { get; } = [];

    public string? Deprecated { get; set; }

    public bool Inaccessible { get; set; }

    public List<string> Tags { get; } = [];

    public List<string> Custom { get; } = [];

    public List<string> Join { get; } = [];

    /// <summary>Subgraph indexes that can resolve the field (non-external, not overridden away).</summary>
    public List<int> Resolvers { get; } = [];
}

internal sealed class MEnumValue
{
    public required string Name { get; init; }

    public string? Description { get; set; }

    public string? Deprecated { get; set; }

    public bool Inaccessible { get; set; }

    public List<string> Tags { get; } = [];

    public List<string> Custom { get; } = [];

    public List<string> Join { get; } = [];
}

internal sealed class MType
{
    public required string Name { get; init; }

    public required TypeKind Kind { get; init; }

    public string? Description { get; set; }

    public bool Inaccessible { get; set; }

    public List<string> Tags { get; } = [];

    public List<string> Custom { get; } = [];

    public List<string> Join { get; } = [];

    public List<MField> Fields { get; } = [];

    public List<string> Interfaces { get; } = [];

    public List<string> Members { get; } = [];

    public List<MEnumValue> EnumValues { get; } = [];

    public List<MField> InputFields { get; } = [];

    public string? SpecifiedBy { get; set; }

    public bool OneOf { get; set; }

    public MField? Field(string name) => Fields.Find(f => f.Name == name);
}

internal sealed class Supergraph
{
    public List<(string Enum, string Name, string Url)> Graphs { get; } = [];

    public string JoinVersion { get; set; } = "0.5";

    public Dictionary<string, MType> Types { get; } = new(StringComparer.Ordinal);

    public bool HasMutation => Types.ContainsKey("Mutation");

    public bool HasSubscription => Types.ContainsKey("Subscription");

    public List<(string Url, string? Import)> CustomLinks { get; } = [];

    public List<string> CustomDirectiveDefs { get; } = [];

    public MType? Type(string name) => Types.TryGetValue(name, out var t) ? t : null;
}

internal sealed class Merger
{
    private readonly List<Subgraph> _sgs;
    private readonly List<CompositionError> _errors;
    private readonly List<CompositionError> _hints;
    private readonly Supergraph _sup = new();
    private readonly HashSet<string> _enumOutput = new(StringComparer.Ordinal);
    private readonly HashSet<string> _enumInput = new(StringComparer.Ordinal);

    public Merger(List<Subgraph> sgs, List<CompositionError> errors, List<CompositionError> hints)
    {
        _sgs = sgs;
        _errors = errors;
        _hints = hints;
    }

    private void Error(string code, string message, IEnumerable<int> subgraphs, params string[] coords) =>
        _errors.Add(new CompositionError(code, message, subgraphs.Select(i => _sgs[i].Name).Distinct().ToList(), coords));

    private void Hint(string code, string message, IEnumerable<int> subgraphs, params string[] coords) =>
        _hints.Add(new CompositionError(code, message, subgraphs.Select(i => _sgs[i].Name).Distinct().ToList(), coords));

    private string G(int idx) => _sup.Graphs[idx].Enum;

    public Supergraph? Merge()
    {
        ComputeGraphs();
        ComputeJoinVersion();
        foreach (var sg in _sgs)
        {
            if (sg.Type("Query") is null)
            {
                sg.Types["Query"] = new SgType { Name = "Query", Kind = TypeKind.Object, HasDefinition = true };
                sg.TypeOrder.Add("Query");
            }
        }

        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sg in _sgs)
        {
            foreach (var n in sg.TypeOrder)
            {
                if (sg.Types.ContainsKey(n) && seen.Add(n))
                {
                    names.Add(n);
                }
            }
        }

        var kinds = new Dictionary<string, TypeKind>(StringComparer.Ordinal);
        foreach (var n in names)
        {
            var srcs = Sources(n);
            var distinct = srcs.Select(s => s.T.InterfaceObject ? TypeKind.Interface : s.T.Kind).Distinct().ToList();
            if (distinct.Count > 1)
            {
                var parts = distinct.Select(k => $"{SubgraphReader.KindName(k)} in {Join(srcs.Where(s => (s.T.InterfaceObject ? TypeKind.Interface : s.T.Kind) == k).Select(s => _sgs[s.I].Name))}");
                Error("TYPE_KIND_MISMATCH", $"Type \"{n}\" has mismatched kind: it is defined as {string.Join(" but ", parts)}. Use the same kind in every subgraph (or rename one of them).", srcs.Select(s => s.I), n);
                continue;
            }

            kinds[n] = distinct[0];
        }

        if (_errors.Count > 0)
        {
            return null;
        }

        // record enum usages
        foreach (var sg in _sgs)
        {
            foreach (var t in sg.Types.Values)
            {
                foreach (var f in t.Fields)
                {
                    Usage(f.Type, output: true);
                    foreach (var a in f.Args)
                    {
                        Usage(a.Type, output: false);
                    }
                }

                foreach (var f in t.InputFields)
                {
                    Usage(f.Type, output: false);
                }
            }
        }

        foreach (var n in names)
        {
            if (!kinds.TryGetValue(n, out var kind))
            {
                continue;
            }

            var srcs = Sources(n);
            var mt = new MType { Name = n, Kind = kind };
            MergeCommon(mt, srcs.Select(s => (s.I, s.T.Description, s.T.Inaccessible, (IEnumerable<string>)s.T.Tags, s.T.Custom)).ToList());
            switch (kind)
            {
                case TypeKind.Object:
                case TypeKind.Interface:
                    AddJoinType(mt, srcs);
                    MergeComposite(mt, srcs);
                    break;
                case TypeKind.Union:
                    AddJoinType(mt, srcs);
                    foreach (var (i, t) in srcs)
                    {
                        foreach (var m in t.Members)
                        {
                            if (!mt.Members.Contains(m))
                            {
                                mt.Members.Add(m);
                            }

                            mt.Join.Add($"@join__unionMember(graph: {G(i)}, member: {Printer.Quote(m)})");
                        }
                    }

                    break;
                case TypeKind.Enum:
                    AddJoinType(mt, srcs);
                    MergeEnum(mt, srcs);
                    break;
                case TypeKind.InputObject:
                    AddJoinType(mt, srcs);
                    MergeInput(mt, srcs);
                    break;
                default:
                    AddJoinType(mt, srcs);
                    mt.SpecifiedBy = srcs.Select(s => s.T.SpecifiedBy).FirstOrDefault(s => s is not null);
                    break;
            }

            if (kind is TypeKind.Object or TypeKind.Interface && mt.Fields.Count == 0)
            {
                continue;
            }

            _sup.Types[n] = mt;
        }

        AddInterfaceObjectFields();
        if (_sup.Type("Query") is not { Fields.Count: > 0 })
        {
            Error("NO_QUERIES", "No queries found in any subgraph: a supergraph must have a query root type. Add at least one field to type Query in one subgraph.", Enumerable.Range(0, _sgs.Count), "Query");
        }

        foreach (var sg in _sgs)
        {
            foreach (var l in sg.ComposedLinks)
            {
                if (!_sup.CustomLinks.Contains(l) && sg.ComposedDirectiveDefs.Count > 0)
                {
                    _sup.CustomLinks.Add(l);
                }
            }

            foreach (var d in sg.ComposedDirectiveDefs.Values)
            {
                if (!_sup.CustomDirectiveDefs.Contains(d))
                {
                    _sup.CustomDirectiveDefs.Add(d);
                }
            }
        }

        return _errors.Count > 0 ? null : _sup;
    }

    private static string Join(IEnumerable<string> names)
    {
        var l = names.Select(n => $"\"{n}\"").ToList();
        return l.Count <= 1 ? string.Concat(l) : string.Join(", ", l.Take(l.Count - 1)) + " and " + l[^1];
    }

    private void Usage(string type, bool output)
    {
        var n = TypeRefs.Named(type);
        (output ? _enumOutput : _enumInput).Add(n);
    }

    private List<(int I, SgType T)> Sources(string name)
    {
        var list = new List<(int, SgType)>();
        for (int i = 0; i < _sgs.Count; i++)
        {
            if (_sgs[i].Type(name) is { } t)
            {
                list.Add((i, t));
            }
        }

        return list;
    }

    private void ComputeGraphs()
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sg in _sgs)
        {
            var sb = new StringBuilder();
            foreach (var c in sg.Name.ToUpperInvariant())
            {
                sb.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
            }

            var baseName = sb.ToString();
            if (baseName.Length == 0 || char.IsDigit(baseName[0]))
            {
                baseName = "_" + baseName;
            }

            var name = baseName;
            for (int k = 1; !used.Add(name); k++)
            {
                name = baseName + "_" + k;
            }

            _sup.Graphs.Add((name, sg.Name, sg.Url));
        }
    }

    private void ComputeJoinVersion()
    {
        Version? max = null;
        foreach (var sg in _sgs)
        {
            var v = sg.IsFed2 ? sg.FedVersion : null;
            if (v is not null && (max is null || v > max))
            {
                max = v;
            }
        }

        max ??= new Version(2, 0);
        if (_sgs.All(s => !s.IsFed2))
        {
            max = new Version(2, 0);
        }

        _sup.JoinVersion = max >= new Version(2, 8) ? "0.5" : max >= new Version(2, 7) ? "0.4" : "0.3";
    }

    private static string? MostCommon(IEnumerable<string?> values)
    {
        var list = values.Where(v => !string.IsNullOrEmpty(v)).ToList();
        if (list.Count == 0)
        {
            return null;
        }

        return list.GroupBy(v => v).OrderByDescending(g => g.Count()).First().Key;
    }

    private static void MergeCommon(MType mt, List<(int I, string? Desc, bool Inacc, IEnumerable<string> Tags, List<DirectiveUse> Custom)> srcs)
    {
        mt.Description = MostCommon(srcs.Select(s => s.Desc));
        mt.Inaccessible = srcs.Any(s => s.Inacc);
        foreach (var s in srcs)
        {
            foreach (var tg in s.Tags)
            {
                if (!mt.Tags.Contains(tg))
                {
                    mt.Tags.Add(tg);
                }
            }

            foreach (var c in s.Custom)
            {
                if (!mt.Custom.Contains(c.Printed))
                {
                    mt.Custom.Add(c.Printed);
                }
            }
        }
    }

    private void AddJoinType(MType mt, List<(int I, SgType T)> srcs)
    {
        foreach (var (i, t) in srcs)
        {
            var io = t.InterfaceObject ? ", isInterfaceObject: true" : string.Empty;
            if (t.Keys.Count == 0)
            {
                mt.Join.Add($"@join__type(graph: {G(i)}{io})");
                continue;
            }

            foreach (var k in t.Keys)
            {
                var ext = k.Extension || t.Extends ? ", extension: true" : string.Empty;
                var res = k.Resolvable ? string.Empty : ", resolvable: false";
                mt.Join.Add($"@join__type(graph: {G(i)}, key: {Printer.Quote(k.Fields)}{ext}{res}{io})");
            }
        }
    }

    private bool NamedSubtype(string sub, string super)
    {
        if (sub == super)
        {
            return true;
        }

        foreach (var sg in _sgs)
        {
            var st = sg.Type(super);
            if (st is { Kind: TypeKind.Union } && st.Members.Contains(sub))
            {
                return true;
            }

            if (st is { Kind: TypeKind.Interface } && sg.Type(sub) is { } subT && subT.Interfaces.Contains(super))
            {
                return true;
            }
        }

        return false;
    }

    private void MergeComposite(MType mt, List<(int I, SgType T)> srcs)
    {
        foreach (var (i, t) in srcs)
        {
            foreach (var itf in t.Interfaces)
            {
                if (!mt.Interfaces.Contains(itf))
                {
                    mt.Interfaces.Add(itf);
                }

                mt.Join.Add($"@join__implements(graph: {G(i)}, interface: {Printer.Quote(itf)})");
            }
        }

        var fieldNames = new List<string>();
        foreach (var (_, t) in srcs)
        {
            foreach (var f in t.Fields)
            {
                if (!fieldNames.Contains(f.Name))
                {
                    fieldNames.Add(f.Name);
                }
            }
        }

        foreach (var fname in fieldNames)
        {
            var coord = $"{mt.Name}.{fname}";
            var withField = srcs.Where(s => s.T.Field(fname) is not null).Select(s => (s.I, s.T, F: s.T.Field(fname)!)).ToList();

            // @override
            var unusedOverridden = new HashSet<int>();
            var usedOverridden = new HashSet<int>();
            foreach (var (i, t, f) in withField)
            {
                if (f.Override is null)
                {
                    continue;
                }

                if (f.Override == _sgs[i].Name)
                {
                    Error("OVERRIDE_FROM_SELF_ERROR", $"Source and destination subgraphs \"{f.Override}\" are the same for overridden field \"{coord}\": remove @override or name the other subgraph in \"from\".", [i], coord);
                    continue;
                }

                var fromIdx = _sgs.FindIndex(s => s.Name == f.Override);
                if (fromIdx < 0)
                {
                    Hint("FROM_SUBGRAPH_DOES_NOT_EXIST", $"Source subgraph \"{f.Override}\" for field \"{coord}\" on subgraph \"{_sgs[i].Name}\" does not exist. Did you mean one of the existing subgraphs?", [i], coord);
                    continue;
                }

                var other = withField.FirstOrDefault(w => w.I == fromIdx);
                if (other.F is null)
                {
                    continue;
                }

                if (other.F.Override is not null)
                {
                    Error("OVERRIDE_SOURCE_HAS_OVERRIDE", $"Field \"{coord}\" on subgraph \"{_sgs[i].Name}\" is also marked with directive @override in subgraph \"{_sgs[fromIdx].Name}\". Only one @override directive is allowed per field.", [i, fromIdx], coord);
                    continue;
                }

                if (f.OverrideLabel is not null)
                {
                    continue;
                }

                var sgFrom = _sgs[fromIdx];
                if (sgFrom.IsKeyField(other.T, fname) || sgFrom.UsedExternals.Contains(coord) || IsUsedByRequires(sgFrom, other.T, fname))
                {
                    usedOverridden.Add(fromIdx);
                }
                else
                {
                    unusedOverridden.Add(fromIdx);
                }
            }

            var resolving = withField.Where(w => !w.F.External && !unusedOverridden.Contains(w.I) && !usedOverridden.Contains(w.I)).ToList();
            var considered = withField.Where(w => !w.F.External).ToList();
            if (considered.Count == 0)
            {
                if (mt.Kind == TypeKind.Object && !withField.Any(w => w.T.InterfaceObject))
                {
                    Error("EXTERNAL_MISSING_ON_BASE", $"Field \"{coord}\" is marked @external on all the subgraphs in which it is listed ({Join(withField.Select(w => _sgs[w.I].Name))}). Define the field without @external in the subgraph that resolves it.", withField.Select(w => w.I), coord);
                    continue;
                }

                considered = withField;
            }

            var typed = considered.Where(w => !unusedOverridden.Contains(w.I)).ToList();
            if (typed.Count == 0)
            {
                typed = considered;
            }

            // type merge (output: most general)
            string dest = typed[0].F.Type;
            bool mismatch = false;
            foreach (var w in typed.Skip(1))
            {
                var st = w.F.Type;
                if (st == dest)
                {
                    continue;
                }

                if (TypeRefs.IsSubtype(dest, st, NamedSubtype))
                {
                    dest = st;
                }
                else if (!TypeRefs.IsSubtype(st, dest, NamedSubtype))
                {
                    mismatch = true;
                }
            }

            if (mismatch)
            {
                Error("FIELD_TYPE_MISMATCH", $"Type of field \"{coord}\" is incompatible across subgraphs: it has type {string.Join(" but type ", typed.GroupBy(w => w.F.Type).Select(g => $"\"{g.Key}\" in subgraph{(g.Count() > 1 ? "s" : string.Empty)} {Join(g.Select(w => _sgs[w.I].Name))}"))}. Use the same type (or compatible nullability) everywhere.", typed.Select(w => w.I), coord);
                continue;
            }

            // field sharing
            if (mt.Kind == TypeKind.Object)
            {
                var res = resolving.Where(w => !w.T.InterfaceObject).ToList();
                if (res.Count > 1 && res.Any(w => !_sgs[w.I].IsShareable(w.T, w.F)))
                {
                    var nonShareable = res.Where(w => !_sgs[w.I].IsShareable(w.T, w.F)).Select(w => _sgs[w.I].Name).ToList();
                    Error("INVALID_FIELD_SHARING", $"Non-shareable field \"{coord}\" is resolved from multiple subgraphs: it is resolved from subgraphs {Join(res.Select(w => _sgs[w.I].Name))} and defined as non-shareable in {(nonShareable.Count == res.Count ? "all of them" : "subgraph" + (nonShareable.Count > 1 ? "s " : " ") + Join(nonShareable))}. Mark it @shareable in every subgraph that resolves it, or resolve it from a single subgraph (use @external/@override).", res.Select(w => w.I), coord);
                }
            }

            var mf = new MField { Name = fname, Type = dest };
            mf.Description = MostCommon(withField.Select(w => w.F.Description));
            mf.Deprecated = withField.Select(w => w.F.Deprecated).FirstOrDefault(d => d is not null);
            mf.Inaccessible = withField.Any(w => w.F.Inaccessible);
            foreach (var w in withField)
            {
                foreach (var tg in w.F.Tags)
                {
                    if (!mf.Tags.Contains(tg))
                    {
                        mf.Tags.Add(tg);
                    }
                }

                foreach (var c in w.F.Custom)
                {
                    if (!mf.Custom.Contains(c.Printed))
                    {
                        mf.Custom.Add(c.Printed);
                    }
                }
            }

            mf.Resolvers.AddRange(resolving.Select(w => w.I));
            MergeArgs(mf, coord, considered.Select(w => (w.I, w.F)).ToList());

            bool allTypesEqual = withField.All(w => w.F.Type == dest);
            bool needsJoin = !allTypesEqual || usedOverridden.Count > 0 || withField.Any(w => w.F.OverrideLabel is not null)
                || srcs.Any(s => s.T.Field(fname) is null || unusedOverridden.Contains(s.I))
                || withField.Any(w => !unusedOverridden.Contains(w.I) && (w.F.External || w.F.Requires is not null || w.F.Provides is not null));
            if (needsJoin)
            {
                foreach (var (i, _, f) in withField)
                {
                    if (unusedOverridden.Contains(i))
                    {
                        continue;
                    }

                    var sb = new StringBuilder($"@join__field(graph: {G(i)}");
                    if (f.Requires is not null)
                    {
                        sb.Append(", requires: ").Append(Printer.Quote(f.Requires));
                    }

                    if (f.Provides is not null)
                    {
                        sb.Append(", provides: ").Append(Printer.Quote(f.Provides));
                    }

                    if (!allTypesEqual)
                    {
                        sb.Append(", type: ").Append(Printer.Quote(f.Type));
                    }

                    if (f.External)
                    {
                        sb.Append(", external: true");
                    }

                    if (f.Override is not null && f.Override != _sgs[i].Name)
                    {
                        sb.Append(", override: ").Append(Printer.Quote(f.Override));
                    }

                    if (usedOverridden.Contains(i))
                    {
                        sb.Append(", usedOverridden: true");
                    }

                    if (f.OverrideLabel is not null && _sup.JoinVersion != "0.3")
                    {
                        sb.Append(", overrideLabel: ").Append(Printer.Quote(f.OverrideLabel));
                    }

                    mf.Join.Add(sb.Append(')').ToString());
                }
            }

            mt.Fields.Add(mf);
        }
    }

    private static bool IsUsedByRequires(Subgraph sg, SgType t, string field) =>
        t.Fields.Any(f => f.Requires is not null && FieldSet.TryParse(f.Requires, out _)?.Any(n => n.Name == field) == true);

    private void MergeArgs(MField mf, string coord, List<(int I, SgField F)> srcs)
    {
        var names = new List<string>();
        foreach (var (_, f) in srcs)
        {
            foreach (var a in f.Args)
            {
                if (!names.Contains(a.Name))
                {
                    names.Add(a.Name);
                }
            }
        }

        foreach (var an in names)
        {
            var acoord = $"{coord}({an}:)";
            var withArg = srcs.Where(s => s.F.Args.Any(a => a.Name == an)).Select(s => (s.I, A: s.F.Args.First(a => a.Name == an))).ToList();
            if (withArg.Count < srcs.Count)
            {
                var required = withArg.Where(w => TypeRefs.IsNonNull(w.A.Type) && w.A.DefaultValue is null).ToList();
                if (required.Count > 0)
                {
                    Error("REQUIRED_ARGUMENT_MISSING_IN_SOME_SUBGRAPH", $"Argument \"{acoord}\" is required in some subgraphs but does not appear in all subgraphs: it is required in {Join(required.Select(w => _sgs[w.I].Name))} but does not appear in {Join(srcs.Where(s => withArg.All(w => w.I != s.I)).Select(s => _sgs[s.I].Name))}. Add the argument everywhere or make it optional.", srcs.Select(s => s.I), acoord);
                }
                else
                {
                    Hint("INCONSISTENT_ARGUMENT_PRESENCE", $"Optional argument \"{acoord}\" will not be included in the supergraph as it does not appear in all subgraphs.", withArg.Select(w => w.I), acoord);
                }

                continue;
            }

            var merged = MergeInputValue(an, acoord, withArg, "FIELD_ARGUMENT_TYPE_MISMATCH", "FIELD_ARGUMENT_DEFAULT_MISMATCH");
            if (merged is not null)
            {
                mf.Args.Add(merged);
            }
        }
    }

    private SgInputValue? MergeInputValue(string name, string coord, List<(int I, SgInputValue A)> srcs, string typeCode, string defaultCode)
    {
        string dest = srcs[0].A.Type;
        bool mismatch = false;
        foreach (var (_, a) in srcs.Skip(1))
        {
            if (a.Type == dest)
            {
                continue;
            }

            if (TypeRefs.IsSubtype(a.Type, dest, (x, y) => x == y))
            {
                dest = a.Type; // input position: the stricter type wins
            }
            else if (!TypeRefs.IsSubtype(dest, a.Type, (x, y) => x == y))
            {
                mismatch = true;
            }
        }

        if (mismatch)
        {
            Error(typeCode, $"Type of \"{coord}\" is incompatible across subgraphs: it has type {string.Join(" but type ", srcs.GroupBy(w => w.A.Type).Select(g => $"\"{g.Key}\" in {Join(g.Select(w => _sgs[w.I].Name))}"))}. Use the same type everywhere.", srcs.Select(s => s.I), coord);
            return null;
        }

        var defaults = srcs.Select(s => s.A.DefaultValue).Distinct().ToList();
        var nonNullDefaults = defaults.Where(d => d is not null).ToList();
        if (nonNullDefaults.Count > 1 || (nonNullDefaults.Count == 1 && defaults.Count > 1))
        {
            Error(defaultCode, $"\"{coord}\" has incompatible default values across subgraphs: {string.Join(", ", srcs.Select(s => $"{(s.A.DefaultValue ?? "no default")} in \"{_sgs[s.I].Name}\""))}. Use the same default value everywhere.", srcs.Select(s => s.I), coord);
            return null;
        }

        var v = new SgInputValue { Name = name, Type = dest, DefaultValue = nonNullDefaults.FirstOrDefault() };
        v.Description = MostCommon(srcs.Select(s => s.A.Description));
        v.Deprecated = srcs.Select(s => s.A.Deprecated).FirstOrDefault(d => d is not null);
        v.Inaccessible = srcs.Any(s => s.A.Inaccessible);
        foreach (var (_, a) in srcs)
        {
            foreach (var tg in a.Tags)
            {
                if (!v.Tags.Contains(tg))
                {
                    v.Tags.Add(tg);
                }
            }

            foreach (var c in a.Custom)
            {
                if (!v.Custom.Any(x => x.Printed == c.Printed))
                {
                    v.Custom.Add(c);
                }
            }
        }

        return v;
    }

    private void MergeInput(MType mt, List<(int I, SgType T)> srcs)
    {
        var names = new List<string>();
        foreach (var (_, t) in srcs)
        {
            foreach (var f in t.InputFields)
            {
                if (!names.Contains(f.Name))
                {
                    names.Add(f.Name);
                }
            }
        }

        mt.OneOf = srcs.Any(s => s.T.OneOf);
        foreach (var fname in names)
        {
            var coord = $"{mt.Name}.{fname}";
            var withF = srcs.Where(s => s.T.InputFields.Any(f => f.Name == fname)).Select(s => (s.I, A: s.T.InputFields.First(f => f.Name == fname))).ToList();
            if (withF.Count < srcs.Count)
            {
                var required = withF.Where(w => TypeRefs.IsNonNull(w.A.Type) && w.A.DefaultValue is null).ToList();
                if (required.Count > 0)
                {
                    Error("REQUIRED_INPUT_FIELD_MISSING_IN_SOME_SUBGRAPH", $"Input object field \"{coord}\" is required in some subgraphs but does not appear in all subgraphs: it is required in {Join(required.Select(w => _sgs[w.I].Name))} but does not appear in {Join(srcs.Where(s => withF.All(w => w.I != s.I)).Select(s => _sgs[s.I].Name))}. Add the field everywhere or make it optional.", srcs.Select(s => s.I), coord);
                }
                else
                {
                    Hint("INCONSISTENT_INPUT_OBJECT_FIELD", $"Input object field \"{coord}\" will not be added to the supergraph as it does not appear in all subgraphs.", withF.Select(w => w.I), coord);
                }

                continue;
            }

            var merged = MergeInputValue(fname, coord, withF, "INPUT_FIELD_TYPE_MISMATCH", "INPUT_FIELD_DEFAULT_MISMATCH");
            if (merged is null)
            {
                continue;
            }

            var mf = new MField { Name = fname, Type = merged.Type, Description = merged.Description, Deprecated = merged.Deprecated, Inaccessible = merged.Inaccessible };
            mf.Args.Add(merged);
            mf.Tags.AddRange(merged.Tags);
            mf.Custom.AddRange(merged.Custom.Select(c => c.Printed));
            if (withF.Any(w => w.A.Type != merged.Type))
            {
                foreach (var (i, a) in withF)
                {
                    mf.Join.Add($"@join__field(graph: {G(i)}, type: {Printer.Quote(a.Type)})");
                }
            }

            mt.InputFields.Add(mf);
        }

        if (mt.InputFields.Count == 0)
        {
            Error("EMPTY_MERGED_INPUT_TYPE", $"None of the fields of input object type \"{mt.Name}\" are consistently defined in all the subgraphs defining that type. Define at least one field in every subgraph that defines \"{mt.Name}\".", srcs.Select(s => s.I), mt.Name);
        }
    }

    private void MergeEnum(MType mt, List<(int I, SgType T)> srcs)
    {
        bool input = _enumInput.Contains(mt.Name);
        bool output = _enumOutput.Contains(mt.Name);
        var names = new List<string>();
        foreach (var (_, t) in srcs)
        {
            foreach (var v in t.EnumValues)
            {
                if (!names.Contains(v.Name))
                {
                    names.Add(v.Name);
                }
            }
        }

        foreach (var vn in names)
        {
            var withV = srcs.Where(s => s.T.EnumValues.Any(v => v.Name == vn)).Select(s => (s.I, V: s.T.EnumValues.First(v => v.Name == vn))).ToList();
            if (withV.Count < srcs.Count)
            {
                if (input && output && withV.All(w => w.V.Inaccessible))
                {
                    // A value only some subgraphs define, hidden from the API everywhere it exists: clients can
                    // never send it, so the subgraphs without it are safe (as the reference composition treats it).
                }
                else if (input && output)
                {
                    Error("ENUM_VALUE_MISMATCH", $"Enum type \"{mt.Name}\" is used as both input type and output type, but value \"{vn}\" is not defined in all the subgraphs defining \"{mt.Name}\": \"{vn}\" is defined in {Join(withV.Select(w => _sgs[w.I].Name))} but not in {Join(srcs.Where(s => withV.All(w => w.I != s.I)).Select(s => _sgs[s.I].Name))}. Define the same values everywhere.", srcs.Select(s => s.I), $"{mt.Name}.{vn}");
                    continue;
                }

                if (input)
                {
                    Hint("INCONSISTENT_ENUM_VALUE_FOR_INPUT_ENUM", $"Value \"{vn}\" of enum type \"{mt.Name}\" will not be part of the supergraph as it is not defined in all the subgraphs defining \"{mt.Name}\".", withV.Select(w => w.I), $"{mt.Name}.{vn}");
                    continue;
                }
            }

            var mv = new MEnumValue { Name = vn };
            mv.Description = MostCommon(withV.Select(w => w.V.Description));
            mv.Deprecated = withV.Select(w => w.V.Deprecated).FirstOrDefault(d => d is not null);
            mv.Inaccessible = withV.Any(w => w.V.Inaccessible);
            foreach (var (i, v) in withV)
            {
                foreach (var tg in v.Tags)
                {
                    if (!mv.Tags.Contains(tg))
                    {
                        mv.Tags.Add(tg);
                    }
                }

                foreach (var c in v.Custom)
                {
                    if (!mv.Custom.Contains(c.Printed))
                    {
                        mv.Custom.Add(c.Printed);
                    }
                }

                mv.Join.Add($"@join__enumValue(graph: {G(i)})");
            }

            mt.EnumValues.Add(mv);
        }

        if (mt.EnumValues.Count == 0)
        {
            Error("EMPTY_MERGED_ENUM_TYPE", $"None of the values of enum type \"{mt.Name}\" are defined consistently in all the subgraphs defining that type. Define at least one common value.", srcs.Select(s => s.I), mt.Name);
        }
    }

    private void AddInterfaceObjectFields()
    {
        foreach (var itf in _sup.Types.Values.Where(t => t.Kind == TypeKind.Interface).ToList())
        {
            var provided = new HashSet<string>(StringComparer.Ordinal);
            foreach (var sg in _sgs)
            {
                if (sg.Type(itf.Name) is { InterfaceObject: true } io)
                {
                    foreach (var f in io.Fields.Where(f => !f.External))
                    {
                        provided.Add(f.Name);
                    }
                }
            }

            if (provided.Count == 0)
            {
                continue;
            }

            foreach (var obj in _sup.Types.Values.Where(t => t.Kind == TypeKind.Object && t.Interfaces.Contains(itf.Name)))
            {
                foreach (var f in itf.Fields)
                {
                    if (obj.Field(f.Name) is not null || !provided.Contains(f.Name))
                    {
                        continue;
                    }

                    var copy = new MField { Name = f.Name, Type = f.Type, Description = f.Description, Deprecated = f.Deprecated, Inaccessible = f.Inaccessible };
                    copy.Args.AddRange(f.Args);
                    copy.Tags.AddRange(f.Tags);
                    copy.Custom.AddRange(f.Custom);
                    copy.Join.Add("@join__field");
                    obj.Fields.Add(copy);
                }
            }
        }
    }
}
