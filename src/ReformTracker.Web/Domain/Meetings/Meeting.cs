using ReformTracker.Web.Domain.Common;

namespace ReformTracker.Web.Domain.Meetings;

/// <summary>
/// 晒比会: the monthly comparison meeting of one plan or one office (exactly one of them), with its attendees, minutes
/// and the items assigned on the spot (现场交办).
/// </summary>
public sealed class Meeting : Entity
{
    private readonly List<MeetingItem> _items = [];

    private Meeting()
    {
        Title = string.Empty;
        Attendees = string.Empty;
        Minutes = string.Empty;
        CreatedBy = string.Empty;
    }

    public Meeting(string title, DateOnly date, int? planId, int? officeId, string? attendees, string? minutes, string createdBy)
        : this()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(createdBy);
        CreatedBy = createdBy;
        Update(title, date, planId, officeId, attendees, minutes);
    }

    public string Title { get; private set; }

    public DateOnly Date { get; private set; }

    public int? PlanId { get; private set; }

    public int? OfficeId { get; private set; }

    /// <summary>Free text, one attendee (a name or a unit) per line.</summary>
    public string Attendees { get; private set; }

    /// <summary>会议纪要.</summary>
    public string Minutes { get; private set; }

    public string CreatedBy { get; private set; }

    public IReadOnlyList<MeetingItem> Items => _items;

    public IReadOnlyList<string> AttendeeList => SplitAttendees(Attendees);

    /// <summary>Exactly one scope: a plan or an office.</summary>
    public static bool IsValidScope(int? planId, int? officeId) => planId is null != officeId is null;

    /// <summary>One attendee per line; 、，, and ; also separate, so a pasted list works too.</summary>
    public static IReadOnlyList<string> SplitAttendees(string? text) =>
        (text ?? string.Empty).Split(['\n', '\r', '、', '，', ',', '；', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public void Update(string title, DateOnly date, int? planId, int? officeId, string? attendees, string? minutes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        if (!IsValidScope(planId, officeId))
        {
            throw new ArgumentException("A meeting belongs to exactly one plan or one office.", nameof(planId));
        }

        if (_items.Count > 0 && _items.Min(i => i.Deadline) < date)
        {
            throw new InvalidOperationException("The meeting cannot move after a deadline it set.");
        }

        Title = title.Trim();
        Date = date;
        PlanId = planId;
        OfficeId = officeId;
        Attendees = string.Join('\n', SplitAttendees(attendees));
        Minutes = minutes?.Trim() ?? string.Empty;
    }

    /// <summary>现场交办: assigns an item to a unit with a deadline not before the meeting.</summary>
    public MeetingItem Assign(string content, int assigneeUnitId, DateOnly deadline, int? taskId)
    {
        if (deadline < Date)
        {
            throw new InvalidOperationException("An item's deadline cannot precede the meeting.");
        }

        var item = new MeetingItem(content, assigneeUnitId, deadline, taskId);
        _items.Add(item);
        return item;
    }
}
