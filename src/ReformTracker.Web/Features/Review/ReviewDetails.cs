using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Review;

/// <summary>One report laid out for review: the change since last month, full texts, problems, cooperating units' feedback and evidence.</summary>
public static class ReviewDetails
{
    public sealed record ProblemRow(string Description, string Measure, string? ResponsibleUnit, DateOnly? ResolveBy, DateOnly? ResolvedOn, bool IsOverdue);

    public sealed record FeedbackRow(string UnitName, string Text);

    public sealed record EvidenceRow(int Id, string FileName, long SizeBytes)
    {
        public string Size => SizeBytes switch
        {
            < 1024 => $"{SizeBytes} B",
            < 1024 * 1024 => $"{SizeBytes / 1024.0:0.#} KB",
            _ => $"{SizeBytes / (1024.0 * 1024):0.#} MB",
        };
    }

    public sealed record Model(
        int Id,
        int Version,
        int TaskId,
        string TaskCode,
        string TaskTitle,
        string LeadUnitName,
        string OfficeName,
        YearMonth Period,
        ReportStatus Status,
        DateTime? SubmittedAtLocal,
        string SubmittedBy,
        bool OnTime,
        DateOnly CutOff,
        int ReturnCount,
        string? ReviewComment,
        string? ReviewedBy,
        DateTime? ReviewedAtLocal,
        string? PercentDecreaseReason,
        ConstructionState? ConstructionState,
        ReportComparison.Model Changes,
        IReadOnlyList<ProblemRow> Problems,
        IReadOnlyList<FeedbackRow> Feedback,
        IReadOnlyList<EvidenceRow> Evidence,
        ReturnReport.Form ReturnForm)
    {
        public bool CanReview => Status == ReportStatus.Submitted;
    }

    public sealed class Handler(AppDbContext db, DistrictClock clock, ReportingCalendar calendar, CurrentUser user)
    {
        /// <summary>Null when the report does not exist or its task is not one the user reviews.</summary>
        public async Task<Model?> HandleAsync(int id, ReturnReport.Form? returnForm, CancellationToken cancellationToken)
        {
            var report = await db.Reports.AsNoTracking()
                .Include(r => r.Problems)
                .Include(r => r.MilestonesReached)
                .Where(r => r.Id == id && db.Tasks.VisibleTo(user).ReviewedBy(user).Any(t => t.Id == r.TaskId))
                .SingleOrDefaultAsync(cancellationToken);
            if (report is null)
            {
                return null;
            }

            var task = await (from t in db.Tasks
                              join u in db.Units on t.LeadUnitId equals u.Id
                              join o in db.Offices on t.OfficeId equals o.Id
                              where t.Id == report.TaskId
                              select new { t.Code, t.Title, t.IsKeyProject, Unit = u.Name, Office = o.Name })
                .AsNoTracking().SingleAsync(cancellationToken);

            var reports = new[] { report };
            var previous = await ReportComparison.PreviousAcceptedAsync(db, reports, cancellationToken);
            var milestones = await ReportComparison.MilestoneTitlesAsync(db, reports, cancellationToken);
            var people = await Submitters.DisplayNamesAsync(db, [report.SubmittedBy, report.ReviewedBy], cancellationToken);

            var unitIds = report.Problems.Select(p => p.ResponsibleUnitId).OfType<int>().Distinct().ToList();
            var unitNames = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);

            var feedback = await (from f in db.CooperationFeedback
                                  join u in db.Units on f.UnitId equals u.Id
                                  where f.TaskId == report.TaskId && f.Period == report.Period
                                  orderby u.Kind, u.SortOrder, u.Id
                                  select new FeedbackRow(u.Name, f.Text))
                .AsNoTracking().ToListAsync(cancellationToken);

            var evidence = await db.EvidenceFiles.AsNoTracking()
                .Where(e => e.ReportId == report.Id)
                .OrderBy(e => e.Id)
                .Select(e => new EvidenceRow(e.Id, e.FileName, e.SizeBytes))
                .ToListAsync(cancellationToken);

            var today = clock.Today;
            return new Model(
                report.Id,
                report.Version,
                report.TaskId,
                task.Code,
                task.Title,
                task.Unit,
                task.Office,
                report.Period,
                report.Status,
                report.SubmittedAtUtc is { } submitted ? clock.ToLocal(submitted) : null,
                Submitters.Describe(report.SubmittedBy, people),
                report.WasSubmittedOnTime(calendar, clock.Zone),
                calendar.CutOffFor(report.Period),
                report.ReturnCount,
                report.ReviewComment,
                report.ReviewedBy is null ? null : Submitters.Describe(report.ReviewedBy, people),
                report.ReviewedAtUtc is { } reviewed ? clock.ToLocal(reviewed) : null,
                report.PercentDecreaseReason,
                report.ConstructionState,
                ReportComparison.Compare(report, previous.GetValueOrDefault(report.Id), task.IsKeyProject, milestones),
                report.Problems
                    .OrderBy(p => p.ResolvedOn is not null).ThenBy(p => p.ResolveBy ?? DateOnly.MaxValue).ThenBy(p => p.Id)
                    .Select(p => new ProblemRow(
                        p.Description,
                        p.Measure,
                        p.ResponsibleUnitId is { } unit ? unitNames.GetValueOrDefault(unit) : null,
                        p.ResolveBy,
                        p.ResolvedOn,
                        p.IsOverdue(today)))
                    .ToList(),
                feedback,
                evidence,
                returnForm ?? new ReturnReport.Form { Version = report.Version });
        }
    }
}
