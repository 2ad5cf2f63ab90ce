using System.Globalization;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Features.MeetingTable;
using ReformTracker.Web.Features.Notices;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure.Spreadsheets;

namespace ReformTracker.Web.Features.Bulletins;

/// <summary>The bulletin (draft or published snapshot) as an .xlsx, one sheet per section, through the shared formula-safe writer.</summary>
public static class ExportBulletin
{
    public sealed record File(byte[] Content, string FileName);

    public sealed class Handler(IStringLocalizer<SharedResource> l)
    {
        public File Write(BulletinDocument document)
        {
            ArgumentNullException.ThrowIfNull(document);
            var c = document.Content;
            var h = c.Headline;
            string Rate(decimal? rate) => rate is { } r ? r.ToString("0.#", CultureInfo.InvariantCulture) + "%" : "—";

            var overview = new XlsxSheet(
                l["概况"],
                [l["项目"], l["内容"]],
                new List<IReadOnlyList<object?>>
                {
                    new object?[] { l["期号"].Value, document.IsDraft ? l["草稿（未发布）"].Value : document.Number },
                    new object?[] { l["改革清单"].Value, c.PlanName },
                    new object?[] { l["季度"].Value, c.Quarter.ToString() },
                    new object?[] { l["发文单位"].Value, document.IssuingOffice },
                    new object?[] { l["日期"].Value, document.IssuedOn },
                    new object?[] { l["任务总数"].Value, h.Tasks },
                    new object?[] { l["已完成"].Value, h.Completed },
                    new object?[] { l["绿灯"].Value, h.Green },
                    new object?[] { l["黄灯"].Value, h.Yellow },
                    new object?[] { l["红灯"].Value, h.Red },
                    new object?[] { l["完成率"].Value, Rate(h.CompletionRate) },
                    new object?[] { l["重点项目动工率"].Value, Rate(h.StartRate) },
                    new object?[] { l["年度计划投资（万元）"].Value, h.PlannedAnnualInvestment },
                    new object?[] { l["累计完成投资（万元）"].Value, h.InvestmentCompleted },
                    new object?[] { l["投资完成率"].Value, Rate(h.InvestmentRate) },
                    new object?[] { l["督办通知：本季度下发"].Value, c.Notices.Issued },
                    new object?[] { l["督办通知：本季度办结"].Value, c.Notices.Closed },
                    new object?[] { l["督办通知：逾期未办结"].Value, c.Notices.Overdue },
                });

            var tasks = new XlsxSheet(
                l["任务进展"],
                [l["任务编号"], l["任务名称"], l["领域"], l["牵头单位"], l["状态"], l["红黄绿灯"], l["报告月份"], l["报送状态"], l["实现情况"], l["进度（%）"]],
                c.Tasks.Select(t => (IReadOnlyList<object?>)
                [
                    t.Code, t.Title, t.Area, t.LeadUnit, l[t.Status.Label()].Value, l[t.Light.Label()].Value, t.Period,
                    t.ReportState == MeetingRowState.Missing ? l["本季度未报送"].Value : l[t.ReportState.Label()].Value, t.Achievement, t.Percent,
                ]).ToList());

            var red = new XlsxSheet(
                l["红灯事项"],
                [l["任务编号"], l["任务名称"], l["牵头单位"], l["完成时限"], l["进度（%）"], l["原因"]],
                c.RedItems.Select(r => (IReadOnlyList<object?>)[r.Code, r.Title, r.LeadUnit, r.DueDate, r.Percent, r.Reasons]).ToList());

            var notices = new XlsxSheet(
                l["逾期督办通知"],
                [l["通知编号"], l["接收单位"], l["相关任务"], l["办理期限"]],
                c.Notices.OverdueList.Select(n => (IReadOnlyList<object?>)[n.Number, n.UnitName, Task(n.TaskCode, n.TaskTitle), n.Deadline]).ToList());

            var criticisms = new XlsxSheet(
                l["通报事项"],
                [l["通知编号"], l["类别"], l["接收单位"], l["相关任务"], l["通报原因"], l["日期"]],
                c.Criticisms.Select(x => (IReadOnlyList<object?>)
                [
                    x.Number, x.ListedByLadder ? l["升级后仍逾期，列入通报"].Value : l[x.Kind.Label()].Value, x.UnitName, Task(x.TaskCode, x.TaskTitle), x.Reason, x.Date,
                ]).ToList());

            var ranking = c.Ranking is { } rk
                ? new XlsxSheet(l["晒比排名"], [l["榜单"], l["名次"], l["单位"], l["综合得分"]], rk.Rows.Select(r => (IReadOnlyList<object?>)[l[r.Board].Value, r.Rank, r.UnitName, r.Score]).ToList())
                : new XlsxSheet(l["晒比排名"], [l["说明"]], [[l["本季度尚未发布晒比榜"].Value]]);

            var content = XlsxWriter.Write(overview, tasks, red, notices, criticisms, ranking);
            var name = document.IsDraft
                ? l["季度跟踪通报（草稿）-{0}-{1}.xlsx", c.PlanName, document.QuarterText]
                : l["季度跟踪通报-{0}.xlsx", document.Number!];
            return new File(content, name);
        }

        private static string? Task(string? code, string? title) => code is null ? null : $"{code} {title}";
    }
}
