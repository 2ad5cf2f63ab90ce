using System.Globalization;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Tasks;

namespace ReformTracker.Web.Domain.Supervision;

/// <summary>
/// The supervision rules: pure functions that judge a task on a given day and explain every finding in plain Chinese.
/// Red: the task or a milestone overdue, or a report missing for more than the configured days.
/// Yellow: behind its trajectory, stalled, a measure past its resolve-by date, a report missing for fewer days,
/// due soon with little done, or a report on track while a milestone is overdue.
/// </summary>
public static class SupervisionRules
{
    public static Judgement Judge(TaskFacts task, DateOnly today, ReportingCalendar calendar, SupervisionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(settings);
        if (task.Status is ReformTaskStatus.Completed or ReformTaskStatus.Suspended || today < task.StartDate)
        {
            return new Judgement(task.TaskId, Light.Green, [], null, null);
        }

        var findings = new List<Finding>();
        var overdue = task.DueDate < today;
        if (overdue)
        {
            findings.Add(new Finding(FlagRule.TaskOverdue, "task", Light.Red,
                $"已超过完成时限 {Days(task.DueDate, today)} 天（时限 {Date(task.DueDate)}），完成 {task.PercentComplete}%"));
        }

        var overdueMilestones = task.Milestones.Where(m => m.DoneDate is null && m.PlannedDate < today).OrderBy(m => m.PlannedDate).ToList();
        findings.AddRange(overdueMilestones.Select(m => new Finding(FlagRule.MilestoneOverdue, $"m{m.Id}", Light.Red,
            $"节点“{m.Title}”逾期 {Days(m.PlannedDate, today)} 天（计划 {Date(m.PlannedDate)}）")));

        findings.AddRange(MissingReports(task, today, calendar, settings));

        findings.AddRange(task.OpenProblems.Where(p => p.ResolveBy < today).Select(p => new Finding(FlagRule.MeasureOverdue, $"p{p.Id}", Light.Yellow,
            $"问题“{Short(p.Description)}”的措施已过解决时限 {Days(p.ResolveBy, today)} 天（时限 {Date(p.ResolveBy)}）")));

        var accepted = task.AcceptedReports.OrderByDescending(r => r.Period).ToList();
        if (accepted.Count >= 2 && accepted[0].Percent == accepted[1].Percent && accepted[0].Percent < 100)
        {
            findings.Add(new Finding(FlagRule.Stalled, "stall", Light.Yellow,
                $"进度停滞：{accepted[1].Period}、{accepted[0].Period} 两次月报均为 {accepted[0].Percent}%"));
        }

        var expected = ExpectedPercent(task, today);
        var predicted = PredictFinish(task, today);
        if (!overdue && task.PercentComplete + settings.BehindTrajectoryTolerance < expected)
        {
            var forecast = predicted is { } finish
                ? finish > task.DueDate ? $"，按当前速度预计 {Date(finish)} 完成，晚于时限" : $"，按当前速度预计 {Date(finish)} 完成"
                : "，按当前速度无法预计完成时间";
            findings.Add(new Finding(FlagRule.BehindTrajectory, "trajectory", Light.Yellow,
                $"进度 {task.PercentComplete}% 落后于计划进度 {expected}%{forecast}"));
        }

        var daysLeft = task.DueDate.DayNumber - today.DayNumber;
        if (!overdue && daysLeft <= settings.DueSoonDays && task.PercentComplete < settings.DueSoonMinimumPercent)
        {
            findings.Add(new Finding(FlagRule.DueSoon, "due-soon", Light.Yellow,
                $"距完成时限仅剩 {daysLeft} 天（{Date(task.DueDate)}），完成 {task.PercentComplete}%"));
        }

        if (overdueMilestones.Count > 0 && accepted.Count > 0 && accepted[0].Percent >= expected)
        {
            findings.Add(new Finding(FlagRule.Inconsistent, "inconsistent", Light.Yellow,
                $"{accepted[0].Period} 月报进度 {accepted[0].Percent}% 显示正常，但节点“{overdueMilestones[0].Title}”已逾期"));
        }

        var light = findings.Count == 0 ? Light.Green : findings.Max(f => f.Light);
        return new Judgement(task.TaskId, light, findings, predicted, expected);
    }

    /// <summary>
    /// Expected progress today: the share of milestones planned by today when the task has at least two,
    /// otherwise a straight line from the start to the due date.
    /// </summary>
    public static int ExpectedPercent(TaskFacts task, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(task);
        var planned = task.Planned ?? new MilestonesPlanned(task.Milestones.Count, task.Milestones.Count(m => m.PlannedDate <= today));
        return ExpectedPercent(task.StartDate, task.DueDate, planned.Total, planned.ByAsOf, today);
    }

    /// <summary>The same from the task's dates and how many of its milestones there are and are planned by today.</summary>
    public static int ExpectedPercent(DateOnly startDate, DateOnly dueDate, int milestones, int milestonesPlannedByToday, DateOnly today)
    {
        if (today <= startDate)
        {
            return 0;
        }

        if (milestones >= 2)
        {
            return (int)Math.Round(100.0 * milestonesPlannedByToday / milestones);
        }

        var span = dueDate.DayNumber - startDate.DayNumber;
        if (span <= 0 || today >= dueDate)
        {
            return 100;
        }

        return (int)Math.Round(100.0 * (today.DayNumber - startDate.DayNumber) / span);
    }

    /// <summary>At the pace so far (percent per day since the start), the day the task reaches 100%; null when nothing is done yet.</summary>
    public static DateOnly? PredictFinish(TaskFacts task, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(task);
        var elapsed = today.DayNumber - task.StartDate.DayNumber;
        if (task.PercentComplete <= 0 || elapsed <= 0)
        {
            return null;
        }

        if (task.PercentComplete >= 100)
        {
            return today;
        }

        var remainingDays = (100 - task.PercentComplete) * elapsed / (double)task.PercentComplete;
        return today.AddDays((int)Math.Ceiling(Math.Min(remainingDays, 36_500)));
    }

    /// <summary>Every month the task owed a report for whose cut-off has passed, and that was never submitted.</summary>
    private static IEnumerable<Finding> MissingReports(TaskFacts task, DateOnly today, ReportingCalendar calendar, SupervisionSettings settings)
    {
        var first = YearMonth.Of(task.StartDate);
        if (task.ReportingSince is { } since && since > first)
        {
            first = since;
        }

        for (var period = first; calendar.CutOffFor(period) < today; period = period.Next)
        {
            if (!ReportObligation.IsDue(task.StartDate, task.Status, task.CompletedOn, period)
                || task.ReportStates.GetValueOrDefault(period) == ReportState.Filed)
            {
                continue;
            }

            var cutOff = calendar.CutOffFor(period);
            var late = Days(cutOff, today);
            yield return new Finding(FlagRule.ReportMissing, $"r{period}", late > settings.MissingReportRedAfterDays ? Light.Red : Light.Yellow,
                $"{period} 月报逾期未报 {late} 天（截止 {Date(cutOff)}）");
        }
    }

    private static int Days(DateOnly from, DateOnly to) => to.DayNumber - from.DayNumber;

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Short(string text) => text.Length <= 20 ? text : text[..20] + "…";
}
