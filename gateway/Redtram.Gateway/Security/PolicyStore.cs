using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Redtram.Gateway.Security;

/// <summary>The current access policy, loaded from a directory (schema/policy). A reload that fails keeps the
/// last good policy and reports every error. Readers take <see cref="Current"/> once per request: it is an
/// immutable snapshot swapped atomically.</summary>
public sealed class PolicyStore : IDisposable
{
    private readonly ILogger _log;
    private volatile AccessPolicy? _current;
    private readonly Lock _reloadLock = new();
    private FileSystemWatcher? _watcher;
    private Timer? _debounce;

    private PolicyStore(string directory, ILogger? log) { Directory = Path.GetFullPath(directory); _log = log ?? NullLogger.Instance; }

    public string Directory { get; }

    /// <summary>Loads the policy; throws <see cref="PolicyLoadException"/> listing every error if it is invalid
    /// (the gateway must not start with a broken policy).</summary>
    public static PolicyStore Load(string directory, ILogger? log = null)
    {
        var store = new PolicyStore(directory, log);
        var (policy, errors) = PolicyLoader.Load(store.Directory);
        if (policy is null) throw new PolicyLoadException(errors);
        store._current = policy;
        return store;
    }

    public bool HasPolicy => _current is not null;

    /// <summary>The last good policy.</summary>
    public AccessPolicy Current => _current ?? throw new InvalidOperationException("no policy loaded");

    /// <summary>Raised after a successful reload, with the new policy.</summary>
    public event Action<AccessPolicy>? Changed;

    /// <summary>Reloads from <see cref="Directory"/>. On success swaps <see cref="Current"/> and returns no error;
    /// otherwise keeps the last good policy and returns every error (also logged as a warning: file, line and
    /// message only — policy files hold no personal data).</summary>
    public IReadOnlyList<PolicyError> Reload()
    {
        lock (_reloadLock)
        {
            var (policy, errors) = PolicyLoader.Load(Directory);
            if (policy is null)
            {
                _log.LogWarning("Policy reload rejected, keeping the last good policy ({Count} error(s)):{NewLine}{Errors}",
                    errors.Count, Environment.NewLine, string.Join(Environment.NewLine, errors));
                return errors;
            }
            _current = policy;
            _log.LogInformation("Policy reloaded: {Countries} countries, {Issuers} issuers, {Agreements} agreements, {Jits} JITs",
                policy.Countries.Count, policy.Issuers.Count, policy.Agreements.Count, policy.Jits.Count);
            Changed?.Invoke(policy);
            return [];
        }
    }

    /// <summary>Reloads automatically when a *.yaml file of the directory changes (debounced by
    /// <paramref name="debounce"/>, default 500 ms). Optional: the owner may instead call <see cref="Reload"/> on a
    /// signal or an admin endpoint.</summary>
    public void WatchForChanges(TimeSpan? debounce = null)
    {
        if (_watcher is not null) return;
        var delay = debounce ?? TimeSpan.FromMilliseconds(500);
        _debounce = new Timer(_ => Reload());
        _watcher = new FileSystemWatcher(Directory, "*.yaml") { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size };
        FileSystemEventHandler onChange = (_, _) => _debounce.Change(delay, Timeout.InfiniteTimeSpan);
        _watcher.Changed += onChange;
        _watcher.Created += onChange;
        _watcher.Deleted += onChange;
        _watcher.Renamed += (_, _) => _debounce.Change(delay, Timeout.InfiniteTimeSpan);
        _watcher.EnableRaisingEvents = true;
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce?.Dispose();
    }
}
