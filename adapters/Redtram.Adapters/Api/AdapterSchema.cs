using System.Security.Cryptography;
using System.Text;
using GraphQL;
using GraphQL.Federation;
using GraphQL.Federation.Resolvers;
using GraphQL.Resolvers;
using GraphQL.Types;
using Redtram.Adapters.Access;
using Redtram.Adapters.Data;
using Redtram.Adapters.Normalization;
using Redtram.Adapters.Search;
using Redtram.Grants;

namespace Redtram.Adapters.Api;

public sealed record PageInfoItem(bool HasNextPage, string? EndCursor);
public sealed record PersonHitItem(double Score, IReadOnlyList<MatchReason> Reasons, PersonInfo Person, string Cursor);
public sealed record CaseHitItem(double Score, IReadOnlyList<MatchReason> Reasons, CaseInfo Case, string Cursor);

/// <summary>What a search page knows of every match (not only the listed ones): offence categories and follow-up token.</summary>
public interface ISearchPage
{
    /// <summary>"person" or "case".</summary>
    string Kind { get; }
    int TotalCount { get; }
    /// <summary>Every matching record, listed or not.</summary>
    SearchResults Matches { get; }
}

/// <summary>One country's page of a search.</summary>
/// <param name="Hits">The listed records; null when the grant is below SUMMARY (hit / no hit only).</param>
public sealed record PersonPage(string Country, int TotalCount, IReadOnlyList<PersonHitItem>? Hits, PageInfoItem PageInfo, ContactPointInfo ContactPoint,
    SearchResults Matches) : ISearchPage
{
    public string Kind => "person";
    /// <summary>Matching records not listed because they are outside the JIT scope and below SUMMARY there.</summary>
    public int Withheld { get; init; }
}

/// <inheritdoc cref="PersonPage"/>
public sealed record CasePage(string Country, int TotalCount, IReadOnlyList<CaseHitItem>? Hits, PageInfoItem PageInfo, ContactPointInfo ContactPoint,
    SearchResults Matches) : ISearchPage
{
    public string Kind => "case";
    public int Withheld { get; init; }
}

/// <summary>A request error the caller can fix: extensions.code BAD_USER_INPUT.</summary>
public sealed class BadInput(string message) : ExecutionError(message)
{
    public BadInput Init()
    {
        Code = "BAD_USER_INPUT";
        return this;
    }

    public static BadInput Of(string message) => new BadInput(message).Init();
}

/// <summary>
/// The canonical schema (schema-first from national.graphql) with the resolvers of one country adapter. The request's
/// grant is enforced per record (see <see cref="RequestAccess"/> and <see cref="LevelGuards"/>): records below SUMMARY are
/// not returned, fields above their record's level are null with one ACCESS_DENIED error per field name, and below FULL
/// participations list suspects, accused and convicted persons only (domain.md §8).
/// </summary>
public sealed class AdapterSchema(NationalStore store, SearchIndex index, FollowUps followUps)
{
    private string Country => store.Country;
    internal NationalStore Store => store;

    /// <summary>The roles shown below FULL (domain.md §8, SUMMARY: "roles limited to suspect, accused and convicted").</summary>
    public static bool IsSummaryRole(string role) => RequestAccess.IsSummaryRole(role);

    internal static object? Get(IDictionary<string, object?>? d, string key) => d is not null && d.TryGetValue(key, out var v) ? v : null;

    public ISchema Build(IServiceProvider services)
    {
        var schema = Schema.For(CanonicalSchema.TypeDefinitions, sb =>
        {
            sb.ServiceProvider = services;
            var q = sb.Types.For("Query");
            q.FieldFor("searchPersons").Resolver = new FuncFieldResolver<object?>(async ctx => await SearchPersons(ctx));
            q.FieldFor("searchCases").Resolver = new FuncFieldResolver<object?>(async ctx => await SearchCases(ctx));
            q.FieldFor("person").Resolver = new FuncFieldResolver<object?>(async ctx =>
            {
                if (ParseId(ctx.GetArgument<string>("id")) is not { } local)
                    return null;
                // "CC:~pseudonym": the person behind a pseudonym this requesting country was given, shown with that reference
                // while still pseudonymous.
                if (local[0] == '~')
                {
                    if (LevelGuards.Access(ctx).ResolvePseudonym(local) is not { } resolved)
                        return Visible(ctx, "Query.person", null);
                    return AsReference(Visible(ctx, "Query.person", await Loaders(ctx).Persons.GetAsync(resolved, ctx.CancellationToken)), Country + ":" + local);
                }
                // A look-up by real id gets its own pseudonym context: joined with a name search's hits in the same
                // request, the two references must not tie the name to the national id.
                var found = Visible(ctx, "Query.person", await Loaders(ctx).Persons.GetAsync(local, ctx.CancellationToken));
                return found is PersonInfo { Pseudonymous: true } hidden ? hidden.InContext(Pseudonyms.LookupContext(Country + ":" + local)) : found;
            });
            q.FieldFor("case").Resolver = new FuncFieldResolver<object?>(async ctx =>
                ParseId(ctx.GetArgument<string>("id")) is { } local && local[0] != '~'
                    ? Visible(ctx, "Query.case", await Loaders(ctx).Cases.GetAsync(local, ctx.CancellationToken))
                    : null);
            q.FieldFor("contactPoint").Resolver = new FuncFieldResolver<object?>(ctx =>
                Equals(ctx.GetArgument<object>("country")?.ToString(), Country) ? store.ContactPoint : null);

            sb.Types.For("Person").IsTypeOfFunc = o => o is PersonInfo;
            sb.Types.For("Case").IsTypeOfFunc = o => o is CaseInfo;
            sb.Types.For("Organisation").IsTypeOfFunc = o => o is OrganisationInfo;
            sb.Types.For("ContactPoint").IsTypeOfFunc = o => o is ContactPointInfo;

            var part = sb.Types.For("CaseParticipation");
            // A participant shown pseudonymously gets the pseudonym of that case's participant list, which no other context of
            // the request (search hits, other cases) shares.
            part.FieldFor("person").Resolver = new FuncFieldResolver<object?>(async ctx =>
            {
                var participation = (ParticipationInfo)ctx.Source!;
                var person = Visible(ctx, "CaseParticipation.person", await Loaders(ctx).Persons.GetAsync(participation.PersonLocalId, ctx.CancellationToken));
                return person is PersonInfo { Pseudonymous: true } p ? p.InContext(Pseudonyms.CaseContext(Country + ":" + participation.CaseLocalId)) : person;
            });
            part.FieldFor("case").Resolver = new FuncFieldResolver<object?>(async ctx =>
                Visible(ctx, "CaseParticipation.case", await Loaders(ctx).Cases.GetAsync(((ParticipationInfo)ctx.Source!).CaseLocalId, ctx.CancellationToken)));

            var kase = sb.Types.For("Case");
            kase.FieldFor("contactPoint").Resolver = new FuncFieldResolver<object?>(_ => store.ContactPoint);
            kase.FieldFor("participants").Resolver = new FuncFieldResolver<object?>(ctx => Participants((CaseInfo)ctx.Source!));
            kase.FieldFor("organisations").Resolver = new FuncFieldResolver<object?>(async ctx =>
            {
                var loaders = Loaders(ctx);
                var c = (CaseInfo)ctx.Source!;
                var result = new List<OrganisationInfo>();
                foreach (var id in c.OrganisationIds)
                    if (await loaders.Organisations.GetAsync(id, ctx.CancellationToken) is { } o)
                    {
                        // A linked entity of the case: it is seen at the case's level.
                        o.Level = AccessLevels.Max(o.Level, c.Level);
                        result.Add(o);
                    }
                return result;
            });

            var person = sb.Types.For("Person");
            person.FieldFor("participations").Resolver = new FuncFieldResolver<object?>(Participations);
            person.FieldFor("id").Resolver = new FuncFieldResolver<object?>(ctx =>
                ((PersonInfo)ctx.Source!) is var p && p.Pseudonymous ? LevelGuards.Access(ctx).PseudonymousId(p) : p.Id);

            // Every place a person is returned counts the pseudonymous references it hands out (one error per request).
            sb.Types.For("PersonHit").FieldFor("person").Resolver = new FuncFieldResolver<object?>(ctx =>
            {
                var p = ((PersonHitItem)ctx.Source!).Person;
                if (p.Pseudonymous)
                    LevelGuards.Access(ctx).Pseudonymised(ctx);
                return p;
            });

            foreach (var page in new[] { "PersonSearchPage", "CaseSearchPage" })
            {
                var pageType = sb.Types.For(page);
                pageType.FieldFor("contactPoint").Resolver = new FuncFieldResolver<object?>(_ => store.ContactPoint);
                pageType.FieldFor("offenceCategories").Resolver = new FuncFieldResolver<object?>(async ctx =>
                {
                    var p = (ISearchPage)ctx.Source!;
                    return await index.OffenceCategoriesAsync(p.Kind == "person", p.Matches, ctx.CancellationToken);
                });
                // Made (and recorded in the state file) only when asked for, one per page.
                pageType.FieldFor("followUpToken").Resolver = new FuncFieldResolver<object?>(ctx =>
                {
                    var p = (ISearchPage)ctx.Source!;
                    return p.TotalCount == 0 ? null : followUps.Create(LevelGuards.Access(ctx).Grant, p.Kind, p.Matches.Select(m => m.LocalId));
                });
                var key = page + ".hits";
                pageType.FieldFor("hits").Resolver = new FuncFieldResolver<object?>(ctx =>
                {
                    var (hits, withheld) = ctx.Source switch
                    {
                        PersonPage p => ((object?)p.Hits, p.Withheld),
                        CasePage c => (c.Hits, c.Withheld),
                        _ => (null, 0),
                    };
                    if (withheld > 0)
                    {
                        var access = LevelGuards.Access(ctx);
                        access.Deny(ctx, key, AccessLevel.Summary, access.Outside, withheld);
                    }
                    return hits;
                });
            }

            sb.Types.For("Person").ResolveReference(new EntityResolver(this, "Person"));
            sb.Types.For("Case").ResolveReference(new EntityResolver(this, "Case"));
            sb.Types.For("Organisation").ResolveReference(new EntityResolver(this, "Organisation"));
            sb.Types.For("ContactPoint").ResolveReference(new EntityResolver(this, "ContactPoint"));

            // Last: wrap every field a grant can withhold (fields.yaml) around the resolver it has by now.
            foreach (var typeField in FieldLevels.All.Keys)
            {
                var dot = typeField.IndexOf('.');
                var field = sb.Types.For(typeField[..dot]).FieldFor(typeField[(dot + 1)..]);
                if (LevelGuards.For(typeField[..dot], typeField[(dot + 1)..], field.Resolver) is { } guard)
                    field.Resolver = guard;
            }
        });
        schema.RegisterType(new IsoDateGraphType());
        schema.RegisterType(new IsoDateTimeGraphType());
        return schema;
    }

    // ------------------------------------------------------------------ records under the grant

    /// <summary>A record, if the request may see it at all (SUMMARY); otherwise null and ACCESS_DENIED. An unknown id is
    /// reported the same way when records outside the JIT scope are below SUMMARY, so the answer does not tell whether it exists.</summary>
    private static object? Visible(IResolveFieldContext ctx, string key, IRecordLevel? record)
    {
        var access = LevelGuards.Access(ctx);
        if (record is null)
        {
            if (access.Outside < AccessLevel.Summary)
                access.Deny(ctx, key, AccessLevel.Summary, access.Outside);
            return null;
        }
        if (record.Level < AccessLevel.Summary)
        {
            access.Deny(ctx, key, AccessLevel.Summary, record.Level);
            return null;
        }
        if (record is PersonInfo { Pseudonymous: true })
            access.Pseudonymised(ctx);
        return record;
    }

    /// <summary>A person looked up by a pseudonymous reference is shown with that reference while they stay pseudonymous.</summary>
    private static object? AsReference(object? record, string reference) =>
        record is PersonInfo { Pseudonymous: true } p ? p.AsReference(reference) : record;

    /// <summary>Case.participants: below FULL, suspects, accused and convicted persons only.</summary>
    private static IReadOnlyList<ParticipationInfo> Participants(CaseInfo c)
    {
        if (c.Level >= AccessLevel.Full)
            return c.Participants;
        List<ParticipationInfo>? kept = null;
        for (var i = 0; i < c.Participants.Count; i++)
        {
            var p = c.Participants[i];
            if (IsSummaryRole(p.Role))
                kept?.Add(p);
            else
                kept ??= c.Participants.GetRange(0, i);
        }
        return kept ?? (IReadOnlyList<ParticipationInfo>)c.Participants;
    }

    /// <summary>Person.participations: below FULL, suspect, accused and convicted roles only; participations in cases the
    /// request may not see (outside the JIT scope, below SUMMARY) are left out and reported.</summary>
    private static object? Participations(IResolveFieldContext ctx)
    {
        var p = (PersonInfo)ctx.Source!;
        var access = LevelGuards.Access(ctx);
        var limitRoles = p.Level < AccessLevel.Full;
        List<ParticipationInfo>? kept = null;
        var hidden = 0;
        var hiddenLevel = AccessLevel.None;
        for (var i = 0; i < p.Participations.Count; i++)
        {
            var part = p.Participations[i];
            var keep = !limitRoles || IsSummaryRole(part.Role);
            if (keep && access.CaseLevel(part.CaseLocalId) is var caseLevel && caseLevel < AccessLevel.Summary)
            {
                keep = false;
                if (hidden++ == 0)
                    hiddenLevel = caseLevel;
            }
            if (keep)
                kept?.Add(part);
            else
                kept ??= p.Participations.GetRange(0, i);
        }
        if (hidden > 0)
            access.Deny(ctx, "CaseParticipation.case", AccessLevel.Summary, hiddenLevel, hidden);
        return kept ?? (IReadOnlyList<ParticipationInfo>)p.Participations;
    }

    // ------------------------------------------------------------------ ids and loaders

    /// <summary>The local id of "CC:localId" when CC is this country; null for another country; an error when malformed.</summary>
    private string? ParseId(string? id)
    {
        if (id is null || id.Length > 120 || id.Length < 4 || id[2] != ':' || !CanonicalSchema.CountryCodes.Contains(id[..2]))
            throw BadInput.Of("an id is \"CC:localId\" (ISO 3166-1 alpha-2 country of a REDTRAM member, a colon, the national id)");
        return id[..2] == Country ? id[3..] : null;
    }

    private static RequestLoaders Loaders(IResolveFieldContext ctx) => RequestLoaders.For(ctx);

    /// <summary>
    /// _entities: the first representation of a type loads every representation of that type of the request in one
    /// batch (one query per table), the others read the batch. Unknown or foreign ids resolve to null; records the grant
    /// does not reach (below SUMMARY) too, with ACCESS_DENIED.
    /// </summary>
    private sealed class EntityResolver(AdapterSchema owner, string typeName) : IFederationResolver
    {
        public bool MatchKeys(IDictionary<string, object?> representation) => true;
        public object ParseRepresentation(IComplexGraphType graphType, IDictionary<string, object?> representation) => representation;

        public async ValueTask<object?> ResolveAsync(IResolveFieldContext context, IComplexGraphType graphType, object parsedRepresentation)
        {
            var rep = (IDictionary<string, object?>)parsedRepresentation;
            if (typeName == "ContactPoint")
                return Equals(Get(rep, "country")?.ToString(), owner.Country) ? owner.Store.ContactPoint : null;
            var id = Get(rep, "id")?.ToString();
            if (id is null || id.Length < 4 || id[2] != ':' || id[..2] != owner.Country)
                return null;
            var local = LocalIdOf(context, id);
            if (local is null)
                return null;
            var cacheKey = "entities:" + typeName;
            Task<Dictionary<string, object>> batch;
            lock (context.UserContext)
            {
                if (context.UserContext.TryGetValue(cacheKey, out var existing) && existing is Task<Dictionary<string, object>> t)
                {
                    batch = t;
                }
                else
                {
                    var all = AllIds(context);
                    batch = LoadAsync(context, all, context.CancellationToken);
                    context.UserContext[cacheKey] = batch;
                }
            }
            var loaded = await batch;
            if (!loaded.TryGetValue(local, out var found))
                // Not part of the first batch (representations not readable as a list): load it on its own.
                found = (await LoadAsync(context, [local], context.CancellationToken)).GetValueOrDefault(local);
            if (found is IRecordLevel { Level: < AccessLevel.Summary } r)
            {
                var index = IndexOf(context, rep);
                LevelGuards.Access(context).Deny(typeName + ".id", index >= 0 ? ["_entities", index] : ["_entities"], AccessLevel.Summary, r.Level);
                return null;
            }
            if (found is PersonInfo { Pseudonymous: true } p)
            {
                var index = IndexOf(context, rep);
                LevelGuards.Access(context).Pseudonymised(null, index >= 0 ? ["_entities", index] : ["_entities"]);
                // Looked up by its pseudonymous reference: shown with it.
                if (id[3] == '~')
                    return p.AsReference(id);
            }
            return found;
        }

        private static IEnumerable<object?> Representations(IResolveFieldContext context) =>
            context.Arguments is { } args && args.TryGetValue("representations", out var value) && value.Value is System.Collections.IEnumerable reps
                ? reps.Cast<object?>()
                : [];

        private static int IndexOf(IResolveFieldContext context, IDictionary<string, object?> rep)
        {
            var i = 0;
            foreach (var item in Representations(context))
            {
                if (ReferenceEquals(item is Representation r ? r.Value : item, rep))
                    return i;
                i++;
            }
            return -1;
        }

        private List<string> AllIds(IResolveFieldContext context)
        {
            var ids = new List<string>();
            foreach (var item in Representations(context))
                if ((item is Representation rep ? rep.GraphType.Name == typeName ? rep.Value : null : item) is IDictionary<string, object?> d
                    && (item is Representation || Equals(Get(d, "__typename"), typeName))
                    && Get(d, "id")?.ToString() is { Length: >= 4 } id && id[2] == ':' && id[..2] == owner.Country
                    && LocalIdOf(context, id) is { } local)
                    ids.Add(local);
            return ids;
        }

        /// <summary>The local id of "CC:local", or of "CC:~pseudonym" (persons only, for the requesting country that got it).</summary>
        private string? LocalIdOf(IResolveFieldContext context, string id)
        {
            if (id[3] != '~')
                return id[3..];
            return typeName == "Person" ? LevelGuards.Access(context).ResolvePseudonym(id[3..]) : null;
        }

        private async Task<Dictionary<string, object>> LoadAsync(IResolveFieldContext context, List<string> ids, CancellationToken ct)
        {
            var loaders = Loaders(context);
            switch (typeName)
            {
                case "Person":
                    return loaders.Track(await owner.Store.PersonsAsync(ids, ct)).ToDictionary(kv => kv.Key, kv => (object)kv.Value);
                case "Case":
                    return loaders.Track(await owner.Store.CasesAsync(ids, ct)).ToDictionary(kv => kv.Key, kv => (object)kv.Value);
                default:
                    var outside = LevelGuards.Access(context).Outside;
                    var orgs = await owner.Store.OrganisationsAsync(ids, ct);
                    foreach (var o in orgs.Values)
                        o.Level = outside;
                    return orgs.ToDictionary(kv => kv.Key, kv => (object)kv.Value);
            }
        }
    }

    // ------------------------------------------------------------------ searches

    private (bool Answer, int First, int Offset) Paging(IResolveFieldContext ctx, string fingerprint)
    {
        var countries = ctx.GetArgument<List<object>>("countries");
        if (countries is not null && !countries.Any(c => Equals(c?.ToString(), Country)))
            return (false, 0, 0);
        var first = ctx.GetArgument("first", 20);
        if (first is < 0 or > 100)
            throw BadInput.Of($"first must be between 0 and 100 (was {first})");
        var offset = 0;
        if (ctx.GetArgument<string>("after") is { } after)
            offset = DecodeCursor(after, fingerprint);
        return (true, first, offset);
    }

    private string Cursor(int position, string fingerprint) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"v1|{Country}|{position}|{fingerprint}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private int DecodeCursor(string cursor, string fingerprint)
    {
        try
        {
            if (cursor.Length > 200)
                throw new FormatException();
            var b64 = cursor.Replace('-', '+').Replace('_', '/');
            b64 += new string('=', (4 - b64.Length % 4) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(b64)).Split('|');
            if (parts.Length != 4 || parts[0] != "v1" || !int.TryParse(parts[2], out var pos) || pos < 0)
                throw new FormatException();
            if (parts[1] != Country)
                throw BadInput.Of($"the cursor belongs to country {parts[1]}, not {Country}; pass each country its own cursor");
            if (parts[3] != fingerprint)
                throw BadInput.Of("the cursor belongs to a different search; repeat the same filter to page on");
            return pos;
        }
        catch (FormatException)
        {
            throw BadInput.Of("after is not a cursor returned by this search");
        }
    }

    private static string Fingerprint(string kind, IDictionary<string, object?>? filter)
    {
        var sb = new StringBuilder(kind);
        if (filter is not null)
            foreach (var (k, v) in filter.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                sb.Append('|').Append(k).Append('=').Append(v is IDictionary<string, object?> d
                    ? string.Join(",", d.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => $"{x.Key}:{x.Value}"))
                    : Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..12];
    }

    private async Task<object?> SearchPersons(IResolveFieldContext ctx)
    {
        var filter = ctx.GetArgument<Dictionary<string, object?>>("filter");
        var fp = Fingerprint("persons", filter);
        var (answer, first, offset) = Paging(ctx, fp);
        if (!answer)
            return Array.Empty<PersonPage>();
        var access = LevelGuards.Access(ctx);
        var criteria = Filters.Person(filter, Country, store.Codes);
        // A role matches only where the request could see it (RequestAccess.RoleShown): every role when every case is at RESTRICTED.
        var hits = await index.SearchPersonsAsync(criteria, access.Outside == AccessLevel.Restricted ? null : access.RoleShown, ctx.CancellationToken);
        if (access.Level < AccessLevel.Summary)
            // Hit / no hit: the records are not even read.
            return new[] { new PersonPage(Country, hits.Count, null, new PageInfoItem(false, null), store.ContactPoint, hits) };
        IReadOnlyList<SearchHit> visible = hits;
        if (access.ScopeLimitsRecords)
        {
            var inScope = await index.PersonsInCasesAsync(access.JitCaseLocalIds, ctx.CancellationToken);
            visible = hits.Where(h => inScope.Contains(h.LocalId)).ToList();
        }
        var page = visible.Skip(offset).Take(first).ToList();
        var persons = Loaders(ctx).Track(await store.PersonsAsync(page.Select(h => h.LocalId).ToList(), ctx.CancellationToken));
        var items = new List<PersonHitItem>(page.Count);
        for (var i = 0; i < page.Count; i++)
            if (persons.TryGetValue(page[i].LocalId, out var p) && p.Level >= AccessLevel.Summary)
                items.Add(new PersonHitItem(page[i].Score, page[i].Reasons, p, Cursor(offset + i + 1, fp)));
        var end = offset + page.Count;
        return new[]
        {
            new PersonPage(Country, hits.Count, items, new PageInfoItem(end < visible.Count, page.Count > 0 ? Cursor(end, fp) : null), store.ContactPoint, hits)
            {
                Withheld = hits.Count - visible.Count,
            },
        };
    }

    private async Task<object?> SearchCases(IResolveFieldContext ctx)
    {
        var filter = ctx.GetArgument<Dictionary<string, object?>>("filter");
        var fp = Fingerprint("cases", filter);
        var (answer, first, offset) = Paging(ctx, fp);
        if (!answer)
            return Array.Empty<CasePage>();
        var access = LevelGuards.Access(ctx);
        var criteria = Filters.Case(filter);
        // A protected participant's name finds a case only where their identity may be shown (every protective participation
        // at RESTRICTED), so that a name is never linked to a case below RESTRICTED.
        var hits = await index.SearchCasesAsync(criteria,
            access.Outside == AccessLevel.Restricted ? null : caseLocalId => access.CaseLevel(caseLocalId) == AccessLevel.Restricted, ctx.CancellationToken);
        if (access.Level < AccessLevel.Summary)
            return new[] { new CasePage(Country, hits.Count, null, new PageInfoItem(false, null), store.ContactPoint, hits) };
        IReadOnlyList<SearchHit> visible = access.ScopeLimitsRecords ? hits.Where(h => access.CaseInScope(h.LocalId)).ToList() : hits;
        var page = visible.Skip(offset).Take(first).ToList();
        var cases = Loaders(ctx).Track(await store.CasesAsync(page.Select(h => h.LocalId).ToList(), ctx.CancellationToken));
        var items = new List<CaseHitItem>(page.Count);
        for (var i = 0; i < page.Count; i++)
            if (cases.TryGetValue(page[i].LocalId, out var c) && c.Level >= AccessLevel.Summary)
                items.Add(new CaseHitItem(page[i].Score, page[i].Reasons, c, Cursor(offset + i + 1, fp)));
        var end = offset + page.Count;
        return new[]
        {
            new CasePage(Country, hits.Count, items, new PageInfoItem(end < visible.Count, page.Count > 0 ? Cursor(end, fp) : null), store.ContactPoint, hits)
            {
                Withheld = hits.Count - visible.Count,
            },
        };
    }
}

/// <summary>Validation and normalisation of the search filters; everything a caller can get wrong is BAD_USER_INPUT.</summary>
public static class Filters
{
    private const int MaxText = 200;

    private static string? Str(IDictionary<string, object?>? d, string key) => AdapterSchema.Get(d, key)?.ToString();

    private static IReadOnlyList<string> NameTokens(string? text, string field)
    {
        if (text is null)
            return [];
        if (text.Length > MaxText)
            throw BadInput.Of($"{field} is longer than {MaxText} characters");
        var tokens = Names.Tokens(text).Distinct().ToList();
        if (tokens.Count == 0)
            throw BadInput.Of($"{field} has no letters to search for (particles such as 'de', 'da', 'y' alone are ignored)");
        if (tokens.Count > 8)
            throw BadInput.Of($"{field} has more than 8 words");
        return tokens;
    }

    private static string? Iccs(string? code)
    {
        if (code is null)
            return null;
        var c = code.Trim();
        if (c.Length is < 2 or > 8 || !c.All(char.IsAsciiDigit))
            throw BadInput.Of("iccsCode is an ICCS code of 2 to 8 digits, e.g. 0204 or 02041");
        return c;
    }

    private static (string?, string?) Range(string? from, string? to, string fromName, string toName)
    {
        if (from is not null && to is not null && string.CompareOrdinal(from, to) > 0)
            throw BadInput.Of($"{fromName} ({from}) is after {toName} ({to})");
        return (from, to);
    }

    public static PersonCriteria Person(IDictionary<string, object?>? f, string country, Mapping.CodeLists codes)
    {
        var name = NameTokens(Str(f, "name"), "name");
        string? docNorm = null, docIssuer = null, docType = null;
        if (AdapterSchema.Get(f, "document") is IDictionary<string, object?> doc)
        {
            var number = Str(doc, "number") ?? "";
            if (number.Length > 40)
                throw BadInput.Of("document.number is longer than 40 characters");
            docIssuer = Str(doc, "issuer") ?? country;
            docType = Str(doc, "type");
            var rule = Documents.DefaultRule(docIssuer, docType, Documents.Normalize(number));
            var check = Documents.Check(rule, number);
            if (check.Valid == false)
                throw BadInput.Of(check.Problem!);
            docNorm = check.Normalized;
        }
        string? phone = null;
        if (Str(f, "phone") is { } ph)
            phone = Phones.ToE164(ph, country) ?? throw BadInput.Of("phone is not a phone number (digits, spaces, dashes, dots, parentheses and a leading + or 00)");
        var (bornFrom, bornTo) = Range(Str(f, "bornFrom"), Str(f, "bornTo"), "bornFrom", "bornTo");
        var criteria = new PersonCriteria
        {
            NameTokens = name,
            DocumentNormalized = docNorm,
            DocumentIssuer = docIssuer,
            DocumentType = docType,
            Phone = phone,
            BornFrom = bornFrom,
            BornTo = bornTo,
            Nationality = Str(f, "nationality"),
            Role = Str(f, "role"),
            OffenceCategory = Str(f, "offenceCategory"),
            Iccs = Iccs(Str(f, "iccsCode")),
        };
        if (name.Count == 0 && docNorm is null && phone is null && bornFrom is null && bornTo is null && criteria.Nationality is null
            && criteria.Role is null && criteria.OffenceCategory is null && criteria.Iccs is null)
            throw BadInput.Of("the filter needs at least one criterion (name, document, phone, birth dates, nationality, role, offence)");
        return criteria;
    }

    public static CaseCriteria Case(IDictionary<string, object?>? f)
    {
        string? number = null;
        if (Str(f, "localNumber") is { } n)
        {
            if (n.Length > 60)
                throw BadInput.Of("localNumber is longer than 60 characters");
            number = Documents.Normalize(n);
            if (number.Length == 0)
                throw BadInput.Of("localNumber has no letters or digits");
        }
        var (from, to) = Range(Str(f, "openedFrom"), Str(f, "openedTo"), "openedFrom", "openedTo");
        var criteria = new CaseCriteria
        {
            LocalNumber = number,
            OffenceCategory = Str(f, "offenceCategory"),
            Iccs = Iccs(Str(f, "iccsCode")),
            Status = Str(f, "status"),
            OpenedFrom = from,
            OpenedTo = to,
            ParticipantTokens = NameTokens(Str(f, "participantName"), "participantName"),
        };
        if (number is null && criteria.OffenceCategory is null && criteria.Iccs is null && criteria.Status is null && from is null && to is null
            && criteria.ParticipantTokens.Count == 0)
            throw BadInput.Of("the filter needs at least one criterion (localNumber, offence, status, dates, participantName)");
        return criteria;
    }
}
