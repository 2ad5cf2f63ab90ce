namespace ReformTracker.IntegrationTests.Support;

/// <summary>A settable clock; starts on 2026-11-23 10:00 in the district (UTC+8).</summary>
public sealed class TestClock : TimeProvider
{
    public static readonly DateTimeOffset Default = new(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(8));

    public DateTimeOffset Now { get; set; } = Default;

    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();
}
