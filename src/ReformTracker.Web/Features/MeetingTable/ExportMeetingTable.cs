using Microsoft.Extensions.Localization;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure.Spreadsheets;

namespace ReformTracker.Web.Features.MeetingTable;

/// <summary>The meeting table as an .xlsx: the same rows as the page, one line per task, text escaped against formulas.</summary>
public static class ExportMeetingTable
{
    public sealed record File(byte[] Content, string FileName);

    public sealed class Handler(MeetingTable.Handler table, IStringLocalizer<SharedResource> l)
    {
        /// <summary>Null when the page would be a 404 or the month is malformed.</summary>
        public async Task<File?> HandleAsync(MeetingTable.Query query, CancellationToken cancellationToken)
        {
            var model = await table.HandleAsync(query, cancellationToken);
            if (model is null || model.MonthError is not null || model.ScopeName is null)
            {
                return null;
            }

            string[] headers =
            [
                l["分组"], l["序号"], l["任务编号"], l["事项内容"], l["牵头单位"], l["报送状态"], l["实现情况"], l["进度（%）"], l["红黄绿灯"],
                l["存在问题"], l["具体措施（责任单位、解决时限）"],
            ];
            var rows = new List<IReadOnlyList<object?>>();
            foreach (var group in model.Groups)
            {
                var index = 0;
                foreach (var row in group.Rows)
                {
                    index++;
                    rows.Add(
                    [
                        group.Name, index, row.Code, row.Title, row.LeadUnit, l[row.State.Label()].Value,
                        row.State == MeetingRowState.Missing ? l["未报送"].Value : row.Achievement,
                        row.Percent, l[row.Light.Label()].Value,
                        MeetingTableText.Problems(row, l), MeetingTableText.Actions(row, l),
                    ]);
                }
            }

            var content = XlsxWriter.Write(new XlsxSheet(l["晒比会议表"], headers, rows));
            return new File(content, l["晒比会议表-{0}-{1}.xlsx", model.ScopeName, model.Month!]);
        }
    }
}
