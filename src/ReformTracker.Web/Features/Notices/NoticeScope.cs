using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Notices;

/// <summary>Who may read, answer and decide a notice.</summary>
public static class NoticeScope
{
    /// <summary>Whoever may see the related task reads the notice; a unit's reporters read those addressed to their unit.</summary>
    public static IQueryable<Notice> VisibleTo(this IQueryable<Notice> notices, AppDbContext db, CurrentUser user)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        if (!user.Can(Permissions.TasksView))
        {
            return notices.Where(_ => false);
        }

        if (user.SeesAllTasks)
        {
            return notices;
        }

        var tasks = db.Tasks.VisibleTo(user);
        var unit = user.Can(Permissions.NoticesRespond) ? user.UnitId : null;
        var office = user.Can(Permissions.NoticesIssue) ? user.OfficeId : null;
        return notices.Where(n =>
            (n.TaskId != null && tasks.Any(t => t.Id == n.TaskId))
            || (unit != null && n.RecipientUnitId == unit)
            || (office != null && n.IssuerOfficeId == office));
    }

    /// <summary>The recipient unit's reporters sign for and respond.</summary>
    public static bool MayAnswer(this CurrentUser user, Notice notice)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(notice);
        return user.Can(Permissions.NoticesRespond) && user.UnitId == notice.RecipientUnitId;
    }

    /// <summary>The issuer's office returns and closes; a notice issued by a supervisor is decided by any supervisor.</summary>
    public static bool MayDecide(this CurrentUser user, Notice notice)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(notice);
        if (!user.Can(Permissions.NoticesIssue))
        {
            return false;
        }

        return notice.IssuerOfficeId is { } office
            ? user.Role == Roles.OfficeReviewer && user.OfficeId == office
            : user.Role == Roles.Supervisor;
    }
}
