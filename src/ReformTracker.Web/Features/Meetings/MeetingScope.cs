using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Meetings;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Meetings;

/// <summary>How far a user reaches one meeting: not at all (404), their own items, the whole page, or managing it (else 403).</summary>
public enum MeetingAccess
{
    None,
    OwnItems,
    Read,
    Manage,
}

/// <summary>
/// Who reads, manages and answers meetings. Leaders, supervisors and administrators read every meeting; a reviewer reads
/// the office's meetings and those of plans in which the office has tasks; a reporter reaches only the meetings that
/// assigned something to the own unit, and of those only the own unit's items.
/// </summary>
public static class MeetingScope
{
    /// <summary>Meetings whose whole page (minutes and every item) the user reads.</summary>
    public static IQueryable<Meeting> ReadableBy(this IQueryable<Meeting> meetings, AppDbContext db, CurrentUser user)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        if (!user.Can(Permissions.TasksView))
        {
            return meetings.Where(_ => false);
        }

        if (user.SeesAllTasks)
        {
            return meetings;
        }

        if (user.Role == Roles.OfficeReviewer && user.OfficeId is { } office)
        {
            return meetings.Where(m => m.OfficeId == office || (m.PlanId != null && db.Tasks.Any(t => t.PlanId == m.PlanId && t.OfficeId == office)));
        }

        return meetings.Where(_ => false);
    }

    /// <summary>Meetings the user reaches at all: those readable, and for a reporter those with an item for the own unit.</summary>
    public static IQueryable<Meeting> VisibleTo(this IQueryable<Meeting> meetings, AppDbContext db, CurrentUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var unit = AnsweringUnit(user);
        var readable = db.Meetings.ReadableBy(db, user);
        return meetings.Where(m => readable.Any(r => r.Id == m.Id) || (unit != null && m.Items.Any(i => i.AssigneeUnitId == unit)));
    }

    /// <summary>Items the user sees: all items of readable meetings, and the own unit's items.</summary>
    public static IQueryable<MeetingItem> VisibleTo(this IQueryable<MeetingItem> items, AppDbContext db, CurrentUser user)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var unit = AnsweringUnit(user);
        var readable = db.Meetings.ReadableBy(db, user);
        return items.Where(i => readable.Any(m => m.Id == i.MeetingId) || (unit != null && i.AssigneeUnitId == unit));
    }

    /// <summary>Meetings the user edits, adds items to, reopens items of and chases with notices: any for a supervisor, the own office's for a reviewer.</summary>
    public static IQueryable<Meeting> ManagedBy(this IQueryable<Meeting> meetings, CurrentUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!user.Can(Permissions.MeetingsManage))
        {
            return meetings.Where(_ => false);
        }

        return user.Role == Roles.Supervisor ? meetings
            : user.OfficeId is { } office ? meetings.Where(m => m.OfficeId == office)
            : meetings.Where(_ => false);
    }

    /// <summary>A meeting with this scope may be created or kept by the user (plan meetings: supervisors only).</summary>
    public static bool MayManageScope(this CurrentUser user, int? planId, int? officeId)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!user.Can(Permissions.MeetingsManage))
        {
            return false;
        }

        return user.Role == Roles.Supervisor || (planId is null && officeId is { } office && office == user.OfficeId);
    }

    /// <summary>The assignee unit's reporters report an item done.</summary>
    public static bool MayMarkDone(this CurrentUser user, int assigneeUnitId)
    {
        ArgumentNullException.ThrowIfNull(user);
        return AnsweringUnit(user) == assigneeUnitId;
    }

    public static async Task<MeetingAccess> MeetingAccessAsync(this AppDbContext db, CurrentUser user, int meetingId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await db.Meetings.ManagedBy(user).AnyAsync(m => m.Id == meetingId, cancellationToken))
        {
            return MeetingAccess.Manage;
        }

        if (await db.Meetings.ReadableBy(db, user).AnyAsync(m => m.Id == meetingId, cancellationToken))
        {
            return MeetingAccess.Read;
        }

        return await db.Meetings.VisibleTo(db, user).AnyAsync(m => m.Id == meetingId, cancellationToken) ? MeetingAccess.OwnItems : MeetingAccess.None;
    }

    private static int? AnsweringUnit(CurrentUser user) => user.Can(Permissions.ReportsFile) ? user.UnitId : null;
}
