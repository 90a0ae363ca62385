namespace Redtram.Gateway;

/// <summary>
/// Re-reads the supergraph source on an interval and swaps to a new supergraph only when it loads; a bad one is
/// logged with every problem and the last good supergraph stays in service.
/// </summary>
internal sealed partial class SupergraphPoller(GatewayState state, GatewayOptions options, ILogger<SupergraphPoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var timer = new PeriodicTimer(options.PollInterval!.Value);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await PollOnceAsync(http, stoppingToken).ConfigureAwait(false);
        }
    }

    internal async Task PollOnceAsync(HttpClient http, CancellationToken ct)
    {
        string sdl;
        try
        {
            sdl = await GatewayState.ReadSourceAsync(options, http, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            LogSourceFailed(logger, ex.Message);
            return;
        }

        if (sdl == state.Sdl)
        {
            return;
        }

        try
        {
            state.Apply(sdl);
            LogSwapped(logger, state.Version);
        }
        catch (Exception ex)
        {
            LogSourceFailed(logger, ex.Message);
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "The new supergraph was not put in service; the last good one stays. {Problems}")]
    private static partial void LogSourceFailed(ILogger logger, string problems);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "A new supergraph is in service (version {Version}).")]
    private static partial void LogSwapped(ILogger logger, int version);
}
