using Microsoft.Extensions.Localization;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Features.TaskSheet;
using ReformTracker.Web.Infrastructure.Spreadsheets;

namespace ReformTracker.Web.Features.Ranking;

/// <summary>导出晒比榜: the month's leaderboard (published snapshot or preview) as .xlsx, one row per unit, corrections beside.</summary>
public static class ExportRanking
{
    public sealed class Handler(RankingBoard.Handler boards, IStringLocalizer<SharedResource> l)
    {
        /// <summary>Null when the plan or month cannot be ranked.</summary>
        public async Task<ExportTasks.File?> HandleAsync(int planId, YearMonth period, CancellationToken cancellationToken)
        {
            var board = await boards.ForMonthAsync(planId, period, cancellationToken);
            if (board is null)
            {
                return null;
            }

            var headers = new List<string> { l["榜单"], l["排名"], l["较上月"], l["单位"], l["综合得分"] };
            headers.AddRange(board.Weights.All.Select(w => l["{0}（权重 {1}）", l[w.Component.Label()].Value, w.Weight].Value));
            headers.AddRange([l["状态"], l["更正后排名"], l["更正后得分"], l["更正理由"]]);
            var status = board.IsPublished ? l["已发布"].Value : l["预览（未发布）"].Value;
            var rows = board.Groups.SelectMany(g => g.Select(r =>
            {
                var values = new List<object?> { l[g.Key.BoardTitle()].Value, r.Rank, l[RankingLabels.ChangeText(r.Change)].Value, r.UnitName, r.Score };
                values.AddRange(r.Components.Select(c => (object?)c.Points));
                values.AddRange([status, r.Amended?.Rank, r.Amended?.Score, r.Amended?.Reason]);
                return (IReadOnlyList<object?>)values;
            })).ToList();
            var content = XlsxWriter.Write(new XlsxSheet(l["晒比榜"], headers, rows));
            return new ExportTasks.File(content, l["晒比榜-{0}-{1}.xlsx", board.PlanName, period.ToString()].Value);
        }
    }
}
