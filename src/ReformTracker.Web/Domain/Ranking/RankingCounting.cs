using System.Globalization;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Organisation;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Domain.Tasks;

namespace ReformTracker.Web.Domain.Ranking;

/// <summary>
/// The month being ranked and the day it is ranked on. Things due after <see cref="AsOf"/> are not counted yet; a report is
/// owed by the cut-off of the month; months before <paramref name="ReportingSince"/> (the first report in the system) owe none.
/// </summary>
public sealed record RankingMonth(YearMonth Period, DateOnly Today, DateOnly CutOff, YearMonth? ReportingSince, int TrajectoryTolerance)
{
    /// <summary>The last day counted: the month's end, or today while the month is running.</summary>
    public DateOnly AsOf => Period.LastDay < Today ? Period.LastDay : Today;
}

public sealed record RankedUnit(int Id, string Name, UnitKind Kind);

/// <summary>
/// A task of the plan as the ranking needs it in one month. <paramref name="PercentAsOfMonth"/> is the accepted progress at the
/// month's end; <paramref name="ExtensionWaived"/> is null without an approved extension, otherwise whether the latest approval
/// waived it; <paramref name="Milestones"/> says how many milestones the task has and how many were planned by the day counted,
/// which is all its trajectory needs of them.
/// </summary>
public sealed record RankingTask(
    int Id, string Code, string Title, int LeadUnitId, DateOnly StartDate, DateOnly DueDate, DateOnly? OriginalDueDate, ReformTaskStatus Status,
    DateOnly? CompletedOn, int PercentAsOfMonth, bool? ExtensionWaived, MilestonesPlanned Milestones)
{
    /// <summary>The date overdue is judged against: the original one unless the approved extension waived it.</summary>
    public DateOnly ScoringDueDate => ExtensionWaived == true ? DueDate : OriginalDueDate ?? DueDate;

    public bool WasExtended => ExtensionWaived is not null && OriginalDueDate is not null && OriginalDueDate != DueDate;
}

/// <summary>
/// A milestone judged for overdue. Only those planned by the day counted and not done before the month can be judged, so a
/// caller may leave the others out.
/// </summary>
public sealed record RankingMilestone(int TaskId, int Id, string Title, DateOnly PlannedDate, DateOnly? DoneDate)
{
    /// <summary>Whether the milestone can count in any month from <paramref name="first"/> to <paramref name="last"/> (the gatherers' filter).</summary>
    public bool MayCount(RankingMonth first, RankingMonth last) =>
        PlannedDate <= last.AsOf && !(DoneDate is { } done && done < first.Period.FirstDay);
}

/// <summary>A notice to a unit: the district day of its first answer, and whether its lateness was forgiven in good faith (容错).</summary>
public sealed record RankingNotice(int Id, string Number, int RecipientUnitId, DateOnly Deadline, DateOnly? FirstAnsweredOn, bool GoodFaith);

/// <summary>A meeting item (交办事项): the district day it was done, if it is done.</summary>
public sealed record RankingItem(int Id, int MeetingId, string Content, int AssigneeUnitId, DateOnly Deadline, DateOnly? DoneOn);

/// <summary>
/// Counts, for every lead unit of a plan, what it did in a month — the <see cref="UnitMonthFacts"/> the score is computed from —
/// and lists what cost it marks or was exempted, for the drill-down. Pure: the caller gathers the records in a few queries.
/// </summary>
public static class RankingCounting
{
    public sealed record UnitCount(UnitMonthFacts Facts, IReadOnlyList<RankingDetail> Details);

    public static IReadOnlyList<UnitCount> Count(
        RankingMonth month,
        IEnumerable<RankedUnit> units,
        IEnumerable<RankingTask> tasks,
        IEnumerable<RankingMilestone> milestones,
        IReadOnlyDictionary<int, DateOnly?> firstSubmittedOnByTask,
        IEnumerable<RankingNotice> notices,
        IEnumerable<RankingItem> items,
        bool withDetails = true)
    {
        ArgumentNullException.ThrowIfNull(month);
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(milestones);
        ArgumentNullException.ThrowIfNull(firstSubmittedOnByTask);
        ArgumentNullException.ThrowIfNull(notices);
        ArgumentNullException.ThrowIfNull(items);
        var tasksByUnit = tasks.Where(t => t.StartDate <= month.Period.LastDay).ToLookup(t => t.LeadUnitId);
        var milestonesByTask = milestones.ToLookup(m => m.TaskId);
        var noticesByUnit = notices.ToLookup(n => n.RecipientUnitId);
        var itemsByUnit = items.ToLookup(i => i.AssigneeUnitId);
        var result = new List<UnitCount>();
        foreach (var unit in units)
        {
            // Without details (the board's counting) nothing is listed, so the order of the tasks does not matter.
            var details = withDetails ? new List<RankingDetail>() : null;
            var unitTasks = withDetails ? tasksByUnit[unit.Id].OrderBy(t => t.Code, StringComparer.Ordinal).ToList() : tasksByUnit[unit.Id].ToList();
            var (reportsDue, reportsOnTime) = Reports(month, unitTasks, firstSubmittedOnByTask, details);
            var (judged, onTrack) = Trajectory(month, unitTasks, details);
            var (due, overdue, waived, unwaived) = Overdue(month, unitTasks, milestonesByTask, details);
            var (noticesDue, noticesOnTime, goodFaith) = Notices(month, noticesByUnit[unit.Id], details);
            var (itemsDue, itemsOnTime) = Items(month, itemsByUnit[unit.Id], details);
            var facts = new UnitMonthFacts(
                unit.Id, unit.Name, unit.Kind, reportsDue, reportsOnTime, judged, onTrack, due, overdue, noticesDue, noticesOnTime, itemsDue, itemsOnTime,
                new RankingExemptions(goodFaith, waived, unwaived));
            result.Add(new UnitCount(facts, details ?? []));
        }

        return result;
    }

    private static (int Due, int OnTime) Reports(
        RankingMonth month, List<RankingTask> tasks, IReadOnlyDictionary<int, DateOnly?> firstSubmittedOn, List<RankingDetail>? details)
    {
        if (month.ReportingSince is { } since && month.Period < since)
        {
            return (0, 0);
        }

        int due = 0, onTime = 0;
        foreach (var task in tasks.Where(t => ReportObligation.IsDue(t.StartDate, t.Status, t.CompletedOn, month.Period)))
        {
            var submitted = firstSubmittedOn.GetValueOrDefault(task.Id);
            if (submitted is { } day && day <= month.CutOff)
            {
                due++;
                onTime++;
            }
            else if (submitted is not null || month.Today > month.CutOff)
            {
                due++;
                details?.Add(new RankingDetail(
                    RankingComponent.OnTimeReporting, RankingSubject.Report, task.Id, Label(task),
                    submitted is { } late ? Format("{0} 月报 {1:yyyy-MM-dd} 报送，晚于截止日 {2:yyyy-MM-dd}", month.Period, late, month.CutOff)
                        : Format("{0} 月报截止 {1:yyyy-MM-dd} 未报送", month.Period, month.CutOff),
                    RankingOutcome.Failed));
            }
        }

        return (due, onTime);
    }

    private static (int Judged, int OnTrack) Trajectory(RankingMonth month, List<RankingTask> tasks, List<RankingDetail>? details)
    {
        int judged = 0, onTrack = 0;
        var asOf = month.AsOf;
        foreach (var task in tasks.Where(t => t.Status != ReformTaskStatus.Suspended && t.StartDate <= asOf
                     && !(t.CompletedOn is { } done && done < month.Period.FirstDay)))
        {
            judged++;
            if (task.CompletedOn is { } completed && completed <= asOf)
            {
                onTrack++;
                continue;
            }

            var expected = SupervisionRules.ExpectedPercent(task.StartDate, task.DueDate, task.Milestones.Total, task.Milestones.ByAsOf, asOf);
            if (task.PercentAsOfMonth + month.TrajectoryTolerance >= expected)
            {
                onTrack++;
            }
            else
            {
                details?.Add(new RankingDetail(
                    RankingComponent.Trajectory, RankingSubject.Task, task.Id, Label(task),
                    Format("截至 {0:yyyy-MM-dd} 进度 {1}%，计划进度 {2}%（允许落后 {3} 个百分点）", asOf, task.PercentAsOfMonth, expected, month.TrajectoryTolerance),
                    RankingOutcome.Failed));
            }
        }

        return (judged, onTrack);
    }

    private static (int Due, int Overdue, int Waived, int Unwaived) Overdue(
        RankingMonth month, List<RankingTask> tasks, ILookup<int, RankingMilestone> milestones, List<RankingDetail>? details)
    {
        int due = 0, overdue = 0, waived = 0, unwaived = 0;
        var asOf = month.AsOf;
        foreach (var task in tasks.Where(t => t.Status != ReformTaskStatus.Suspended && !(t.CompletedOn is { } done && done < month.Period.FirstDay)))
        {
            var scoringDue = task.ScoringDueDate;
            var judgedTask = Judge(scoringDue, task.CompletedOn, asOf);
            if (judgedTask is not null)
            {
                due++;
                var extension = task.WasExtended && details is not null
                    ? task.ExtensionWaived == true
                        ? Format("经批准延期并免于考核，按新时限 {0:yyyy-MM-dd} 计", task.DueDate)
                        : Format("经批准延期至 {0:yyyy-MM-dd}，但未免于考核，仍按原定时限 {1:yyyy-MM-dd} 计", task.DueDate, scoringDue)
                    : null;
                if (task.WasExtended)
                {
                    _ = task.ExtensionWaived == true ? waived++ : unwaived++;
                }

                if (judgedTask == false)
                {
                    overdue++;
                    if (details is not null)
                    {
                        var what = task.CompletedOn is { } late
                            ? Format("任务完成时限 {0:yyyy-MM-dd}，{1:yyyy-MM-dd} 才完成", scoringDue, late)
                            : Format("任务完成时限 {0:yyyy-MM-dd}，至 {1:yyyy-MM-dd} 仍未完成", scoringDue, asOf);
                        details.Add(new RankingDetail(RankingComponent.Overdue, RankingSubject.Task, task.Id, Label(task),
                            extension is null ? what : what + "；" + extension, RankingOutcome.Failed));
                    }
                }
                else if (extension is not null)
                {
                    details?.Add(new RankingDetail(RankingComponent.Overdue, RankingSubject.Task, task.Id, Label(task), "按期完成；" + extension, RankingOutcome.Exempt));
                }
            }

            var judgedMilestones = milestones[task.Id].Where(m => m.MayCount(month, month));
            foreach (var milestone in details is null ? judgedMilestones : judgedMilestones.OrderBy(m => m.PlannedDate))
            {
                var judged = Judge(milestone.PlannedDate, milestone.DoneDate, asOf);
                if (judged is null)
                {
                    continue;
                }

                due++;
                if (judged == false)
                {
                    overdue++;
                    details?.Add(new RankingDetail(
                        RankingComponent.Overdue, RankingSubject.Milestone, task.Id, Label(task) + Format(" · 节点“{0}”", milestone.Title),
                        milestone.DoneDate is { } late
                            ? Format("节点计划 {0:yyyy-MM-dd}，{1:yyyy-MM-dd} 才完成", milestone.PlannedDate, late)
                            : Format("节点计划 {0:yyyy-MM-dd}，至 {1:yyyy-MM-dd} 仍未完成", milestone.PlannedDate, asOf),
                        RankingOutcome.Failed));
                }
            }
        }

        return (due, overdue, waived, unwaived);
    }

    /// <summary>True: done by the date; false: the date has passed without it (or it was done late); null: not due yet.</summary>
    private static bool? Judge(DateOnly dueDate, DateOnly? doneOn, DateOnly asOf)
    {
        if (doneOn is { } done && done <= dueDate && dueDate <= asOf)
        {
            return true;
        }

        // Done after the date, or still open when the month was over (done later or never): overdue.
        return dueDate < asOf && (doneOn is null || doneOn > dueDate) ? false : null;
    }

    private static (int Due, int OnTime, int GoodFaith) Notices(RankingMonth month, IEnumerable<RankingNotice> notices, List<RankingDetail>? details)
    {
        int due = 0, onTime = 0, goodFaith = 0;
        var asOf = month.AsOf;
        foreach (var notice in notices.Where(n => n.Deadline >= month.Period.FirstDay && n.Deadline <= asOf).OrderBy(n => n.Deadline).ThenBy(n => n.Id))
        {
            if (notice.FirstAnsweredOn is { } answered && answered <= notice.Deadline)
            {
                due++;
                onTime++;
                continue;
            }

            if (notice.FirstAnsweredOn is null && notice.Deadline >= asOf)
            {
                continue;
            }

            var what = notice.FirstAnsweredOn is { } late
                ? Format("办理期限 {0:yyyy-MM-dd}，{1:yyyy-MM-dd} 才反馈", notice.Deadline, late)
                : Format("办理期限 {0:yyyy-MM-dd}，至 {1:yyyy-MM-dd} 未反馈", notice.Deadline, asOf);
            if (notice.GoodFaith)
            {
                goodFaith++;
                details?.Add(new RankingDetail(RankingComponent.NoticeResponse, RankingSubject.Notice, notice.Id, notice.Number,
                    what + "；已认定容错，不计入", RankingOutcome.Exempt));
                continue;
            }

            due++;
            details?.Add(new RankingDetail(RankingComponent.NoticeResponse, RankingSubject.Notice, notice.Id, notice.Number, what, RankingOutcome.Failed));
        }

        return (due, onTime, goodFaith);
    }

    private static (int Due, int OnTime) Items(RankingMonth month, IEnumerable<RankingItem> items, List<RankingDetail>? details)
    {
        int due = 0, onTime = 0;
        var asOf = month.AsOf;
        foreach (var item in items.Where(i => i.Deadline >= month.Period.FirstDay && i.Deadline <= asOf).OrderBy(i => i.Deadline).ThenBy(i => i.Id))
        {
            if (item.DoneOn is { } done && done <= item.Deadline)
            {
                due++;
                onTime++;
                continue;
            }

            if (item.DoneOn is null && item.Deadline >= asOf)
            {
                continue;
            }

            due++;
            details?.Add(new RankingDetail(
                RankingComponent.MeetingItems, RankingSubject.MeetingItem, item.MeetingId, Short(item.Content),
                item.DoneOn is { } late
                    ? Format("办理期限 {0:yyyy-MM-dd}，{1:yyyy-MM-dd} 才办结", item.Deadline, late)
                    : Format("办理期限 {0:yyyy-MM-dd}，至 {1:yyyy-MM-dd} 未办结", item.Deadline, asOf),
                RankingOutcome.Failed));
        }

        return (due, onTime);
    }

    private static string Label(RankingTask task) => $"{task.Code} {task.Title}";

    private static string Short(string text) => text.Length > 60 ? text[..60] + "…" : text;

    private static string Format(string format, params object?[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
