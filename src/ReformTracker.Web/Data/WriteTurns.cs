namespace ReformTracker.Web.Data;

/// <summary>
/// Hands out turns for audited write transactions, one at a time on SQLite. SQLite admits one writer; the others wait in
/// its busy handler, which naps in growing steps (up to 100 ms), so under a filing rush the lock sat idle while the
/// waiters slept. Queued here instead, the next writer starts the moment the last one commits. On SQL Server, which
/// locks rows, everyone writes at once.
/// </summary>
public sealed class WriteTurns
{
    private readonly SemaphoreSlim? _turn;
    private readonly TimeSpan _patience;

    private WriteTurns(SemaphoreSlim? turn, TimeSpan patience)
    {
        _turn = turn;
        _patience = patience;
    }

    /// <summary>One writer at a time; after <paramref name="patience"/> a writer goes ahead and leaves the rest to SQLite's busy timeout.</summary>
    public static WriteTurns OneAtATime(TimeSpan patience) => new(new SemaphoreSlim(1, 1), patience);

    public static WriteTurns Concurrent() => new(null, TimeSpan.Zero);

    /// <summary>Waits for the turn; dispose the result to pass it on.</summary>
    public async ValueTask<IDisposable> TakeAsync(CancellationToken cancellationToken)
    {
        if (_turn is null)
        {
            return Turn.None;
        }

        return await _turn.WaitAsync(_patience, cancellationToken) ? new Turn(_turn) : Turn.None;
    }

    private sealed class Turn(SemaphoreSlim? turn) : IDisposable
    {
        public static readonly Turn None = new(null);

        private SemaphoreSlim? _turn = turn;

        public void Dispose() => Interlocked.Exchange(ref _turn, null)?.Release();
    }
}
