using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Redtram.Gateway.Explorer;

/// <summary>
/// The GraphQL explorer page (GraphiQL, bundled under <c>wwwroot/explorer</c>): <c>GET /</c> redirects to
/// <c>/explorer/</c>, which serves the page and its assets. Nothing is fetched from elsewhere at run time.
/// </summary>
/// <remarks>
/// A <c>Microsoft.NET.Sdk.Web</c> project copies <c>wwwroot</c> to the publish output but not to the build output,
/// so the files are looked for, in order, in: the content root's <c>wwwroot/explorer</c>;
/// <c>AppContext.BaseDirectory/wwwroot/explorer</c> (publish output); the project's <c>wwwroot</c> named by the
/// SDK's <c>&lt;app&gt;.staticwebassets.runtime.json</c> next to the build output; and finally
/// <c>gateway/Redtram.Gateway/wwwroot/explorer</c> in a folder above <c>AppContext.BaseDirectory</c> (a build from a
/// repository checkout, such as the tests').
/// </remarks>
public static class ExplorerEndpoints
{
    /// <summary>The page's Content-Security-Policy: everything from this origin, nothing inline but styles.</summary>
    /// <remarks>
    /// <c>font-src 'self' data:</c> is there because GraphiQL's stylesheet embeds its fonts as <c>data:</c> URLs
    /// (without it, <c>default-src 'self'</c> blocks them and the editors fall back to other fonts).
    /// </remarks>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; " +
        "font-src 'self' data:; object-src 'none'; base-uri 'self'";

    private const string VendorCacheControl = "public, max-age=31536000, immutable";
    private const string PageCacheControl = "no-cache";
    private const string RelativeRoot = "wwwroot/explorer";
    private const string RepositoryRoot = "gateway/Redtram.Gateway/wwwroot/explorer";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    /// <summary>
    /// Maps the explorer. <paramref name="examplesJsonPath"/> replaces the bundled <c>examples.json</c> (the example
    /// queries of the page's dropdown). Throws when the explorer's files or the examples file cannot be found.
    /// </summary>
    public static WebApplication MapExplorer(this WebApplication app, string? examplesJsonPath = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var root = FindRoot(app.Environment.ContentRootPath);
        string? examples = null;
        if (examplesJsonPath is not null)
        {
            examples = Path.GetFullPath(examplesJsonPath, app.Environment.ContentRootPath);
            if (!File.Exists(examples))
            {
                throw new FileNotFoundException($"The explorer's examples file '{examples}' does not exist.", examples);
            }
        }

        app.MapGet("/", (HttpContext ctx) => Results.Redirect(ctx.Request.PathBase + "/explorer/"));
        app.MapMethods("/explorer/{**path}", [HttpMethods.Get, HttpMethods.Head], (HttpContext ctx, string? path) =>
        {
            if (string.IsNullOrEmpty(path))
            {
                // The page's URLs are relative: it must be served at /explorer/, never /explorer.
                if (!ctx.Request.Path.Value!.EndsWith('/'))
                {
                    return Results.Redirect(ctx.Request.PathBase + "/explorer/" + ctx.Request.QueryString);
                }

                path = "index.html";
            }

            var file = path == "examples.json" && examples is not null ? examples : Resolve(root, path);
            if (file is null)
            {
                return Results.NotFound();
            }

            return Serve(ctx, file, path);
        });
        return app;
    }

    /// <summary>The folder the explorer's files are served from (the first of the candidates holding index.html).</summary>
    internal static string FindRoot(string contentRoot)
    {
        var tried = new List<string>();
        foreach (var candidate in Candidates(contentRoot))
        {
            var full = Path.GetFullPath(candidate);
            if (File.Exists(Path.Combine(full, "index.html")))
            {
                return full;
            }

            tried.Add(full);
        }

        throw new InvalidOperationException(
            "The explorer's files (wwwroot/explorer/index.html) were not found. Looked in: " + string.Join(", ", tried.Distinct()) +
            ". Publish the gateway (wwwroot is copied on publish), run it from its project folder, or add " +
            "<Content Update=\"wwwroot/explorer/**\" CopyToOutputDirectory=\"PreserveNewest\" /> to Redtram.Gateway.csproj.");
    }

    private static IEnumerable<string> Candidates(string contentRoot)
    {
        yield return Path.Combine(contentRoot, RelativeRoot);
        var baseDir = AppContext.BaseDirectory;
        yield return Path.Combine(baseDir, RelativeRoot);
        if (FromStaticWebAssetsManifest(baseDir) is { } fromManifest)
        {
            yield return fromManifest;
        }

        for (var dir = new DirectoryInfo(baseDir); dir is not null; dir = dir.Parent)
        {
            yield return Path.Combine(dir.FullName, RepositoryRoot);
        }
    }

    /// <summary>
    /// The project's wwwroot/explorer per the Web SDK's build manifest (the one ASP.NET's development-time static web
    /// assets read): its first content root is the project's wwwroot folder.
    /// </summary>
    private static string? FromStaticWebAssetsManifest(string baseDir)
    {
        var manifest = Path.Combine(baseDir, typeof(ExplorerEndpoints).Assembly.GetName().Name + ".staticwebassets.runtime.json");
        if (!File.Exists(manifest))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(manifest));
            if (doc.RootElement.TryGetProperty("ContentRoots", out var roots) && roots.ValueKind == JsonValueKind.Array)
            {
                foreach (var r in roots.EnumerateArray())
                {
                    if (r.GetString() is { } s && File.Exists(Path.Combine(s, "explorer", "index.html")))
                    {
                        return Path.Combine(s, "explorer");
                    }
                }
            }
        }
        catch (JsonException)
        {
            // A manifest that cannot be read is just not a candidate.
        }

        return null;
    }

    /// <summary>The file under <paramref name="root"/> named by the URL path, or null (also for anything hidden or outside).</summary>
    private static string? Resolve(string root, string path)
    {
        var segments = path.Split('/');
        foreach (var s in segments)
        {
            if (s.Length == 0 || s[0] == '.' || s.Contains('\\', StringComparison.Ordinal) || s.Contains(':', StringComparison.Ordinal) || s.Contains('\0', StringComparison.Ordinal))
            {
                return null;
            }
        }

        var full = Path.GetFullPath(Path.Combine([root, .. segments]));
        var prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        return full.StartsWith(prefix, StringComparison.Ordinal) && File.Exists(full) ? full : null;
    }

    private static IResult Serve(HttpContext ctx, string file, string path)
    {
        var info = new FileInfo(file);
        var headers = ctx.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = path.StartsWith("vendor/", StringComparison.Ordinal) ? VendorCacheControl : PageCacheControl;
        var contentType = ContentTypeOf(path);
        if (contentType.StartsWith("text/html", StringComparison.Ordinal))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers["X-Frame-Options"] = "SAMEORIGIN";
        }

        var lastModified = new DateTimeOffset(info.LastWriteTimeUtc);
        var etag = new EntityTagHeaderValue(new StringSegment(
            "\"" + info.Length.ToString("x", CultureInfo.InvariantCulture) + "-" + info.LastWriteTimeUtc.Ticks.ToString("x", CultureInfo.InvariantCulture) + "\""));
        return Results.File(file, contentType, lastModified: lastModified, entityTag: etag, enableRangeProcessing: false);
    }

    /// <summary>The Content-Type of an explorer file (UTF-8 for text; licence files without an extension are text).</summary>
    internal static string ContentTypeOf(string path)
    {
        var name = Path.GetFileName(path);
        if (!Path.HasExtension(name))
        {
            return "text/plain; charset=utf-8";
        }

        var type = ContentTypes.TryGetContentType(name, out var t) ? t : "application/octet-stream";
        return type.StartsWith("text/", StringComparison.Ordinal) || type == "application/json" ? type + "; charset=utf-8" : type;
    }
}
