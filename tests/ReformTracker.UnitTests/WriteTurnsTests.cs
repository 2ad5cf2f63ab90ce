using ReformTracker.Web.Data;

namespace ReformTracker.UnitTests;

public sealed class WriteTurnsTests
{
    [Fact]
    public async Task On_sqlite_the_next_writer_waits_until_the_last_one_passes_its_turn_on()
    {
        var turns = WriteTurns.OneAtATime(TimeSpan.FromSeconds(30));
        var first = await turns.TakeAsync(CancellationToken.None);

        var second = turns.TakeAsync(CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(second.IsCompleted);

        first.Dispose();
        first.Dispose(); // passing a turn twice must not let two writers in later
        using var secondTurn = await second.WaitAsync(TimeSpan.FromSeconds(5));
        var third = turns.TakeAsync(CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(third.IsCompleted);
    }

    [Fact]
    public async Task A_writer_that_waited_past_its_patience_goes_ahead_and_leaves_the_rest_to_the_database()
    {
        var turns = WriteTurns.OneAtATime(TimeSpan.FromMilliseconds(50));
        using var held = await turns.TakeAsync(CancellationToken.None);

        using var late = await turns.TakeAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.NotNull(late);
    }

    [Fact]
    public async Task On_sql_server_writers_never_wait_for_each_other()
    {
        var turns = WriteTurns.Concurrent();
        using var first = await turns.TakeAsync(CancellationToken.None);

        var second = turns.TakeAsync(CancellationToken.None);

        Assert.True(second.IsCompleted);
    }
}
