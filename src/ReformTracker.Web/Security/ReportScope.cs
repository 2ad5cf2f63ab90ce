using ReformTracker.Web.Domain.Tasks;

namespace ReformTracker.Web.Security;

/// <summary>Who may write what in the monthly cycle: the lead unit files, the task's office reviews.</summary>
public static class ReportScope
{
    /// <summary>Tasks whose monthly report this user files: those their unit leads.</summary>
    public static IQueryable<ReformTask> FiledBy(this IQueryable<ReformTask> tasks, CurrentUser user) =>
        FilingUnit(user) is { } unit ? tasks.Where(t => t.LeadUnitId == unit) : tasks.Where(_ => false);

    /// <summary>The rule of <see cref="FiledBy"/> for a task already read: its lead unit is the one this user files for.</summary>
    public static bool Files(this CurrentUser user, int leadUnitId) => FilingUnit(user) == leadUnitId;

    /// <summary>Tasks on which this user's unit gives cooperation feedback.</summary>
    public static IQueryable<ReformTask> CooperatedBy(this IQueryable<ReformTask> tasks, CurrentUser user) =>
        FilingUnit(user) is { } unit ? tasks.Where(t => t.Cooperations.Any(c => c.UnitId == unit)) : tasks.Where(_ => false);

    /// <summary>Tasks whose reports this user reviews: those of their office.</summary>
    public static IQueryable<ReformTask> ReviewedBy(this IQueryable<ReformTask> tasks, CurrentUser user) =>
        ReviewingOffice(user) is { } office ? tasks.Where(t => t.OfficeId == office) : tasks.Where(_ => false);

    /// <summary>The rule of <see cref="ReviewedBy"/> for a task already read: its office is the one this user reviews for.</summary>
    public static bool Reviews(this CurrentUser user, int officeId) => ReviewingOffice(user) == officeId;

    private static int? FilingUnit(CurrentUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Can(Permissions.ReportsFile) ? user.UnitId : null;
    }

    private static int? ReviewingOffice(CurrentUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Can(Permissions.ReportsReview) ? user.OfficeId : null;
    }
}
