using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Organisation;
using ReformTracker.Web.Domain.Plans;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Infrastructure;

namespace ReformTracker.Web.Data.Seed;

/// <summary>
/// Seeds a realistic demo district on the first start of the embedded default: this year's plan of 45 tasks,
/// their milestones and six months of reports, all placed relative to today so the demo always looks current.
/// </summary>
public sealed class DemoDistrictSeeder(AppDbContext db, DistrictClock clock)
{
    private const int RandomSeed = 2026;
    private const string DemoUser = "demo";

    public async Task<bool> SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Offices.AnyAsync(cancellationToken))
        {
            return false;
        }

        var year = clock.Today.Year;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var officials = DemoDistrictData.Officials.Select(o => new Official(o.Name, o.Position)).ToList();
        var departments = CreateUnits(DemoDistrictData.Departments, UnitKind.Department, _ => null);
        var towns = CreateUnits(DemoDistrictData.Towns, UnitKind.Town, _ => null);
        var plan = new Plan($"{year}年全面深化改革工作要点", year, year, DemoDistrictData.PlanDescription);
        foreach (var area in DemoDistrictData.Areas)
        {
            plan.AddArea(area);
        }

        db.Officials.AddRange(officials);
        db.Units.AddRange(departments);
        db.Units.AddRange(towns);
        db.Plans.Add(plan);
        await db.SaveChangesAsync(cancellationToken);

        var officialIds = officials.ToDictionary(o => o.Name, o => o.Id);
        var townIds = towns.ToDictionary(t => t.ShortName, t => t.Id);
        var villages = CreateUnits(DemoDistrictData.Villages, UnitKind.Village, v => townIds[v.Town!]);
        var offices = DemoDistrictData.Offices
            .Select(o => new Office(o.Name, o.ShortName, o.Duties, officialIds[o.Official]))
            .ToList();
        db.Units.AddRange(villages);
        db.Offices.AddRange(offices);
        await db.SaveChangesAsync(cancellationToken);

        var demoYear = new DemoYear(
            clock,
            new Random(RandomSeed),
            departments.Concat(towns).Concat(villages).ToDictionary(u => u.ShortName, u => u.Id),
            offices.ToDictionary(o => o.ShortName, o => o.Id),
            officialIds);
        var numbers = new int[plan.Areas.Count];
        var runs = new List<TaskRun>(DemoDistrictData.Tasks.Length);
        foreach (var seed in DemoDistrictData.Tasks)
        {
            var number = ++numbers[seed.Area - 1];
            var code = $"GM{year}-{seed.Area:D2}-{number:D2}";
            runs.Add(demoYear.Run(seed, code, plan.Id, plan.Areas[seed.Area - 1].Id));
        }

        db.Tasks.AddRange(runs.Select(r => r.Task));
        await db.SaveChangesAsync(cancellationToken);

        // Accepting each report in month order moves its task's progress, exactly as a reviewer would.
        db.Reports.AddRange(runs.SelectMany(r => r.Reports.OrderBy(report => report.Period).Select(report => report.Create(r.Task))));
        await db.SaveChangesAsync(cancellationToken);
        await new DemoMeetingsSeeder(db, clock).SeedAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static List<Unit> CreateUnits(IEnumerable<UnitSeed> seeds, UnitKind kind, Func<UnitSeed, int?> parentId) =>
        seeds.Select((seed, index) => new Unit(seed.Name, seed.ShortName, kind, parentId(seed), index + 1)).ToList();

    private sealed record TaskRun(ReformTask Task, IReadOnlyList<ReportPlan> Reports);

    private sealed record ProblemPlan(ProblemSeed Seed, int UnitId, DateOnly ResolveBy, DateOnly? ResolvedOn);

    /// <summary>A report as it will be stored; <see cref="Create"/> replays the workflow the unit and the office went through.</summary>
    private sealed record ReportPlan(
        YearMonth Period,
        ReportStatus Status,
        int Percent,
        string Achievement,
        decimal? Investment,
        ConstructionState? State,
        IReadOnlyList<ProblemPlan> Problems,
        DateTime SubmittedUtc,
        DateTime ReviewedUtc,
        string? ReviewComment)
    {
        public MonthlyReport Create(ReformTask task)
        {
            var report = MonthlyReport.StartDraft(task.Id, task.LeadUnitId, Period);
            report.Fill(Achievement, Percent, null, Investment, State);
            foreach (var plan in Problems)
            {
                var problem = report.AddProblem(plan.Seed.Description, plan.Seed.Measure, plan.UnitId, plan.ResolveBy);
                if (plan.ResolvedOn is { } resolvedOn)
                {
                    problem.MarkResolved(resolvedOn);
                }
            }

            if (Status == ReportStatus.Draft)
            {
                return report;
            }

            report.Submit(SubmittedUtc, DemoUser);
            if (Status == ReportStatus.Accepted)
            {
                report.Accept(ReviewedUtc, DemoUser, task);
            }
            else if (Status == ReportStatus.Returned)
            {
                report.Return(ReviewComment!, ReviewedUtc, DemoUser);
            }

            return report;
        }
    }

    /// <summary>Plays one plan year forward to today for each task: milestones, monthly reports and the resulting status.</summary>
    private sealed class DemoYear(
        DistrictClock clock,
        Random random,
        IReadOnlyDictionary<string, int> unitIds,
        IReadOnlyDictionary<string, int> officeIds,
        IReadOnlyDictionary<string, int> officialIds)
    {
        private const int ReportMonths = 6;

        private readonly DateOnly _today = clock.Today;
        private readonly DateTime _nowUtc = clock.UtcNow;
        private readonly ReportingCalendar _calendar = new();
        private readonly YearMonth[] _periods = ReportPeriods(YearMonth.Of(clock.Today));

        public TaskRun Run(TaskSeed seed, string code, int planId, int areaId)
        {
            var year = _today.Year;
            var start = Date(year, seed.Start);
            var due = Date(year, seed.Due);
            var project = seed.Project is { } p ? new KeyProjectFacts(p.Total, p.Annual, p.Initial) : null;
            var definition = new TaskDefinition(
                code,
                seed.Title,
                seed.Content,
                seed.Target,
                seed.Standard,
                areaId,
                officeIds[seed.Office],
                unitIds[seed.Lead],
                officialIds[seed.Official],
                start,
                due,
                seed.Priority,
                project);
            var cooperating = seed.Cooperating.Select(name => unitIds[name]).ToList();
            var task = new ReformTask(planId, definition, cooperating);

            var completedOn = CompletionDate(seed.Fate, start, due);
            var suspendedOn = seed.Fate == TaskFate.Suspended ? SuspensionDate(start) : null;
            AddMilestones(task, seed, completedOn, suspendedOn);
            var reports = PlanReports(seed, task, cooperating, completedOn, suspendedOn);

            if (start <= _today && seed.Fate != TaskFate.Blocked)
            {
                task.ChangeStatus(ReformTaskStatus.InProgress, start);
            }

            if (completedOn is { } completed)
            {
                task.CompleteByCloseOut(completed);
            }
            else if (suspendedOn is { } suspended)
            {
                task.ChangeStatus(ReformTaskStatus.Suspended, suspended);
            }

            return new TaskRun(task, reports);
        }

        private static YearMonth[] ReportPeriods(YearMonth current)
        {
            var periods = new YearMonth[ReportMonths];
            var period = current;
            for (var i = ReportMonths - 1; i >= 0; i--)
            {
                period = period.Previous;
                periods[i] = period;
            }

            return periods;
        }

        /// <summary>An on-schedule task whose due date has passed was finished shortly before it, if that month has been reported.</summary>
        private DateOnly? CompletionDate(TaskFate fate, DateOnly start, DateOnly due)
        {
            if (fate != TaskFate.OnSchedule || due >= _today)
            {
                return null;
            }

            var completed = Clamp(due.AddDays(-random.Next(0, 9)), start, due);
            return YearMonth.Of(completed) <= _periods[^1] ? completed : null;
        }

        /// <summary>Put on hold in the month before last, provided the task had begun by then.</summary>
        private DateOnly? SuspensionDate(DateOnly start)
        {
            var suspended = _periods[^2].FirstDay.AddDays(random.Next(8, 20));
            return suspended > start && suspended < _today ? suspended : null;
        }

        private void AddMilestones(ReformTask task, TaskSeed seed, DateOnly? completedOn, DateOnly? suspendedOn)
        {
            var planned = seed.Milestones
                .Select(title => Clamp(MilestoneDate(title, _today.Year), task.StartDate, task.DueDate))
                .ToList();
            var lastPast = planned.FindLastIndex(date => date < _today);
            var lateChance = seed.Fate == TaskFate.Lagging ? 0.5 : 0.2;
            for (var i = 0; i < planned.Count; i++)
            {
                var date = planned[i];
                DateOnly? done = null;
                if (completedOn is { } completed)
                {
                    done = date <= completed ? DoneDate(date, task.StartDate, completed, lateChance) : completed;
                }
                else if (seed.Fate == TaskFate.Blocked || task.StartDate > _today)
                {
                    done = null;
                }
                else if (suspendedOn is { } suspended)
                {
                    done = date < suspended ? DoneDate(date, task.StartDate, suspended, lateChance) : null;
                }
                else if (date < _today)
                {
                    // Lagging tasks have missed their latest checkpoint; a few others slip one too.
                    var missed = seed.Fate == TaskFate.Lagging
                        ? i == lastPast || random.NextDouble() < 0.1
                        : random.NextDouble() < 0.04;
                    done = missed ? null : DoneDate(date, task.StartDate, _today.AddDays(-1), lateChance);
                }

                task.AddMilestone(seed.Milestones[i], date, done);
            }
        }

        private DateOnly DoneDate(DateOnly planned, DateOnly earliest, DateOnly latest, double lateChance)
        {
            var done = random.NextDouble() < lateChance
                ? planned.AddDays(random.Next(3, 21))
                : planned.AddDays(-random.Next(0, 10));
            return Clamp(done, earliest, latest);
        }

        private List<ReportPlan> PlanReports(TaskSeed seed, ReformTask task, List<int> cooperating, DateOnly? completedOn, DateOnly? suspendedOn)
        {
            var periods = _periods.Where(p => p.LastDay >= task.StartDate).ToList();
            YearMonth? closing = completedOn is { } completed ? YearMonth.Of(completed) : null;
            if (closing is { } last)
            {
                periods.RemoveAll(p => p > last);
                if (periods.Count == 0)
                {
                    // Finished before the six months shown: keep its closing report so the task shows 100%.
                    periods.Add(last);
                }
            }

            if (suspendedOn is { } suspended)
            {
                periods.RemoveAll(p => p >= YearMonth.Of(suspended));
            }

            var pace = seed.Fate switch
            {
                TaskFate.OnSchedule => 0.92 + (random.NextDouble() * 0.12),
                TaskFate.Lagging => 0.5 + (random.NextDouble() * 0.2),
                _ => 0.85,
            };
            var reports = new List<ReportPlan>();
            var previous = 0;
            for (var i = 0; i < periods.Count; i++)
            {
                var period = periods[i];
                var isClosing = period == closing;
                var percent = Percent(seed.Fate, task, period, pace, previous, isClosing);
                previous = percent;

                var status = isClosing ? ReportStatus.Accepted : DrawStatus(period);
                var state = seed.Project is { } project ? StateAt(project, percent) : (ConstructionState?)null;
                var investment = seed.Project is { } facts ? Investment(facts, seed.Fate, state) : (decimal?)null;
                var cutOff = _calendar.CutOffFor(period);
                var lateChance = seed.Fate == TaskFate.Lagging ? 0.3 : 0.1;
                var submittedOn = random.NextDouble() < lateChance ? cutOff.AddDays(random.Next(1, 5)) : cutOff.AddDays(-random.Next(0, 5));
                var submittedLocal = submittedOn.ToDateTime(new TimeOnly(random.Next(8, 18), random.Next(0, 60)));
                var submittedUtc = Min(TimeZoneInfo.ConvertTimeToUtc(submittedLocal, clock.Zone), _nowUtc.AddHours(-6));
                var reviewedUtc = Min(submittedUtc.AddHours(random.Next(3, 72)), _nowUtc.AddMinutes(-30));
                var problems = Problems(seed, task.LeadUnitId, cooperating, cutOff);
                var suspending = suspendedOn is not null && i == periods.Count - 1;
                var achievement = Achievement(seed, task, period, i, percent, suspending);

                if (status is null)
                {
                    continue;
                }

                string? comment = null;
                if (status == ReportStatus.Returned)
                {
                    comment = investment is not null && random.NextDouble() < 0.4
                        ? DemoDistrictData.InvestmentReturnComment
                        : DemoDistrictData.ReturnComments[random.Next(DemoDistrictData.ReturnComments.Length)];
                }

                reports.Add(new ReportPlan(period, status.Value, percent, achievement, investment, state, problems, submittedUtc, reviewedUtc, comment));
            }

            return reports;
        }

        /// <summary>Progress follows the share of the task's time that has passed, scaled by its pace, and never falls.</summary>
        private int Percent(TaskFate fate, ReformTask task, YearMonth period, double pace, int previous, bool isClosing)
        {
            if (fate == TaskFate.Blocked)
            {
                return 0;
            }

            if (isClosing)
            {
                return 100;
            }

            var span = Math.Max(1, task.DueDate.DayNumber - task.StartDate.DayNumber);
            var elapsed = (double)(period.LastDay.DayNumber - task.StartDate.DayNumber) / span;

            // A lagging task keeps creeping forward after its due date; the others are planned to land on it.
            elapsed = Math.Clamp(elapsed, 0, fate == TaskFate.Lagging ? 1.35 : 1);
            var cap = fate == TaskFate.Lagging ? 88 : 95;
            var percent = (int)Math.Round(100 * elapsed * pace) + random.Next(-2, 3);
            return Math.Clamp(percent, Math.Max(previous, 3), Math.Max(previous, cap));
        }

        /// <summary>Older months were almost all reviewed; the latest month is still in the middle of the cycle. Null: never filed.</summary>
        private ReportStatus? DrawStatus(YearMonth period)
        {
            var draw = random.NextDouble();
            if (period != _periods[^1])
            {
                return draw < 0.04 ? null : ReportStatus.Accepted;
            }

            return draw switch
            {
                < 0.5 => ReportStatus.Accepted,
                < 0.7 => ReportStatus.Submitted,
                < 0.8 => ReportStatus.Returned,
                < 0.9 => ReportStatus.Draft,
                _ => null,
            };
        }

        private static ConstructionState StateAt(ProjectSeed project, int percent)
        {
            if (percent == 100 && project.FinishesWithTask)
            {
                return ConstructionState.Finished;
            }

            return project.Initial switch
            {
                ConstructionState.UnderConstruction => ConstructionState.UnderConstruction,
                ConstructionState.Started => percent < 15 ? ConstructionState.Started : ConstructionState.UnderConstruction,
                _ when percent < project.StartsAtPercent => ConstructionState.Preliminary,
                _ when percent < project.StartsAtPercent + 15 => ConstructionState.Started,
                _ => ConstructionState.UnderConstruction,
            };
        }

        /// <summary>About a ninth of the year's planned investment a month once building; preliminary work costs little.</summary>
        private decimal Investment(ProjectSeed project, TaskFate fate, ConstructionState? state)
        {
            var factor = state == ConstructionState.Preliminary ? 0.05 + (random.NextDouble() * 0.1)
                : fate == TaskFate.Lagging ? 0.35 + (random.NextDouble() * 0.25)
                : 0.8 + (random.NextDouble() * 0.4);
            return Math.Round(project.Annual / 9m * (decimal)factor);
        }

        private List<ProblemPlan> Problems(TaskSeed seed, int leadUnitId, List<int> cooperating, DateOnly cutOff)
        {
            var chance = seed.Fate switch
            {
                TaskFate.Lagging => 0.6,
                TaskFate.Blocked => 0.7,
                _ => 0.22,
            };
            var problems = new List<ProblemPlan>();
            if (random.NextDouble() >= chance)
            {
                return problems;
            }

            var pool = seed.Project is not null && random.NextDouble() < 0.5
                ? DemoDistrictData.ProjectProblems
                : DemoDistrictData.AreaProblems[seed.Area - 1];
            var count = random.NextDouble() < 0.2 ? 2 : 1;
            var first = random.Next(pool.Length);
            for (var i = 0; i < count; i++)
            {
                var unitId = cooperating.Count == 0 || random.NextDouble() < 0.6
                    ? leadUnitId
                    : cooperating[random.Next(cooperating.Count)];
                var resolveBy = cutOff.AddDays(random.Next(10, 46));
                DateOnly? resolvedOn = resolveBy < _today && random.NextDouble() < 0.75
                    ? Clamp(resolveBy.AddDays(-random.Next(0, 15)), cutOff, _today)
                    : null;
                problems.Add(new ProblemPlan(pool[(first + i) % pool.Length], unitId, resolveBy, resolvedOn));
            }

            return problems;
        }

        private string Achievement(TaskSeed seed, ReformTask task, YearMonth period, int index, int percent, bool suspending)
        {
            var stage = seed.Fate == TaskFate.Blocked
                ? Math.Min(seed.Steps.Length - 1, index / 2)
                : Math.Min(seed.Steps.Length - 1, percent * seed.Steps.Length / 100);
            var text = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"{period.Month}月，{seed.Steps[stage]}");
            if (seed.Metric is { } metric)
            {
                var reached = Math.Round(metric.Total * percent / 100m, metric.Decimals);
                text.Append('；').Append(metric.Template.Replace("{0}", reached.ToString("F" + metric.Decimals, CultureInfo.InvariantCulture), StringComparison.Ordinal));
            }

            text.Append('。').Append(Action()).Append('。');
            if (percent == 100)
            {
                text.Append(CultureInfo.InvariantCulture, $"年度目标任务已全面完成，已提请{seed.Office}验收销号。");
            }
            else if (seed.Fate != TaskFate.Blocked && period.LastDay > task.DueDate)
            {
                text.Append(CultureInfo.InvariantCulture, $"任务已超过完成时限，已向{seed.Office}书面说明滞后原因并制定赶进度计划。");
            }

            if (suspending)
            {
                text.Append("因市级相关改革方案尚未出台，已向区委改革办提出暂缓实施申请。");
            }

            return text.ToString();
        }

        private string Action()
        {
            var action = DemoDistrictData.Actions[random.Next(DemoDistrictData.Actions.Length)];
            return action
                .Replace("{n}", random.Next(1, 4).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{m}", random.Next(2, 9).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{p}", random.Next(30, 160).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        private static DateOnly Date(int year, (int Month, int Day) date) =>
            new(year, date.Month, date.Day == 0 ? DateTime.DaysInMonth(year, date.Month) : date.Day);

        /// <summary>Reads the date a milestone title starts with: "6月底前…", "5月中旬前…" or "8月15日前…".</summary>
        private static DateOnly MilestoneDate(string title, int year)
        {
            var monthEnd = title.IndexOf('月', StringComparison.Ordinal);
            var month = int.Parse(title.AsSpan(0, monthEnd), CultureInfo.InvariantCulture);
            var rest = title.AsSpan(monthEnd + 1);
            var day = rest.StartsWith("底") ? DateTime.DaysInMonth(year, month)
                : rest.StartsWith("中旬") ? 15
                : int.Parse(rest[..rest.IndexOf('日')], CultureInfo.InvariantCulture);
            return new DateOnly(year, month, day);
        }

        private static DateOnly Clamp(DateOnly date, DateOnly min, DateOnly max) =>
            date < min ? min : date > max ? max : date;

        private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
    }
}
