using ReformTracker.Web.Domain.Tasks;

namespace ReformTracker.Web.Security;

/// <summary>Who may write what in the monthly cycle: the lead unit files, the task's office reviews.</summary>
public static class ReportScope
{
    /// <summary>Tasks whose monthly report this user files: those their unit leads.</summary>
    public static IQueryable<ReformTask> FiledBy(this IQueryable<ReformTask> tasks, CurrentUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Can(Permissions.ReportsFile) && user.UnitId is { } unit
            ? tasks.Where(t => t.LeadUnitId == unit)
            : tasks.Where(_ => false);
    }

    /// <summary>Tasks on which this user's unit gives cooperation feedback.</summary>
    public static IQueryable<ReformTask> CooperatedBy(this IQueryable<ReformTask> tasks, CurrentUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Can(Permissions.ReportsFile) && user.UnitId is { } unit
            ? tasks.Where(t => t.Cooperations.Any(c => c.UnitId == unit))
            : tasks.Where(_ => false);
    }

    /// <summary>Tasks whose reports this user reviews: those of their office.</summary>
    public static IQueryable<ReformTask> ReviewedBy(this IQueryable<ReformTask> tasks, CurrentUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Can(Permissions.ReportsReview) && user.OfficeId is { } office
            ? tasks.Where(t => t.OfficeId == office)
            : tasks.Where(_ => false);
    }
}
