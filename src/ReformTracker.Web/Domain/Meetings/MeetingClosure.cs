using System.Globalization;

namespace ReformTracker.Web.Domain.Meetings;

/// <summary>办结率: how many of a meeting's items are done, and how many open ones are past their deadline.</summary>
public sealed record MeetingClosure(int Total, int Done, int Overdue)
{
    public int Open => Total - Done;

    /// <summary>Percent done, one decimal; null when the meeting assigned nothing.</summary>
    public decimal? Rate => Total == 0 ? null : Math.Round(Done * 100m / Total, 1, MidpointRounding.AwayFromZero);

    /// <summary>"66.7%", "100%", or "—" without items.</summary>
    public string RateText => Rate is { } rate ? rate.ToString("0.#", CultureInfo.InvariantCulture) + "%" : "—";

    public static MeetingClosure Of(IEnumerable<(MeetingItemState State, DateOnly Deadline)> items, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(items);
        var list = items.ToList();
        return new MeetingClosure(
            list.Count,
            list.Count(i => i.State == MeetingItemState.Done),
            list.Count(i => MeetingItem.IsOverdue(i.State, i.Deadline, today)));
    }
}
