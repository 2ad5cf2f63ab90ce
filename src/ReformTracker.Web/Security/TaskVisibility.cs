using ReformTracker.Web.Domain.Tasks;

namespace ReformTracker.Web.Security;

/// <summary>The row-scope rule. Every query that returns tasks, or things hanging off a task, goes through it.</summary>
public static class TaskVisibility
{
    public static IQueryable<ReformTask> VisibleTo(this IQueryable<ReformTask> tasks, CurrentUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!user.Can(Permissions.TasksView))
        {
            return tasks.Where(_ => false);
        }

        if (user.SeesAllTasks)
        {
            return tasks;
        }

        return user.Role switch
        {
            Roles.Reporter when user.UnitId is { } unit =>
                tasks.Where(t => t.LeadUnitId == unit || t.Cooperations.Any(c => c.UnitId == unit)),
            Roles.OfficeReviewer when user.OfficeId is { } office => tasks.Where(t => t.OfficeId == office),
            _ => tasks.Where(_ => false),
        };
    }
}
