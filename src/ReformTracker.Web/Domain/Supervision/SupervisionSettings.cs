namespace ReformTracker.Web.Domain.Supervision;

/// <summary>The thresholds of the rules; configuration (Supervision:*), with the programme's defaults.</summary>
public sealed record SupervisionSettings
{
    /// <summary>A report missing for more than this many days after the cut-off turns the light red.</summary>
    public int MissingReportRedAfterDays { get; init; } = 10;

    /// <summary>A task due within this many days …</summary>
    public int DueSoonDays { get; init; } = 30;

    /// <summary>… and less than this percent done is yellow.</summary>
    public int DueSoonMinimumPercent { get; init; } = 80;

    /// <summary>Actual progress this many points below the expected trajectory is yellow.</summary>
    public int BehindTrajectoryTolerance { get; init; } = 15;
}
