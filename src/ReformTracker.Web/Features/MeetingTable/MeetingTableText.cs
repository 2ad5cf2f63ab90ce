using System.Globalization;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Features.Shared;

namespace ReformTracker.Web.Features.MeetingTable;

/// <summary>The words of one meeting-table cell, shared by the page, the print layout and the workbook.</summary>
public static class MeetingTableText
{
    public static string Label(this MeetingRowState state) => state switch
    {
        MeetingRowState.Accepted => "已审核",
        MeetingRowState.Submitted => "已报送，待审核",
        MeetingRowState.Returned => "被退回，修改中",
        _ => "未报送",
    };

    public static string CssClass(this MeetingRowState state) => state switch
    {
        MeetingRowState.Accepted => "mt-state-accepted",
        MeetingRowState.Missing => "mt-state-missing",
        _ => "mt-state-pending",
    };

    /// <summary>实现情况 as one text: the progress text, then percent and light.</summary>
    public static string Progress(MeetingTable.Row row, IStringLocalizer l)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(l);
        if (row.State == MeetingRowState.Missing)
        {
            return l["未报送"];
        }

        var figures = l["进度 {0}%，{1}", row.Percent ?? 0, l[row.Light.Label()]].Value;
        var text = $"{row.Achievement}\n{figures}";
        return row.State == MeetingRowState.Accepted ? text : $"【{l[row.State.Label()]}】{text}";
    }

    public static string Problem(MeetingTable.Measure problem, int index, IStringLocalizer l)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(l);
        var text = $"{index}. {problem.Description}";
        return problem.Resolved ? $"{text}{l["（已解决）"]}" : text;
    }

    public static string Action(MeetingTable.Measure problem, int index, IStringLocalizer l)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(l);
        var unit = problem.ResponsibleUnit ?? l["未明确"];
        var due = problem.ResolveBy?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? l["未明确"];
        var text = l["{0}. {1}（责任单位：{2}；解决时限：{3}）", index, problem.Action, unit, due].Value;
        return problem.Overdue ? $"{text}{l["【已逾期】"]}" : text;
    }

    public static string Problems(MeetingTable.Row row, IStringLocalizer l) =>
        string.Join("\n", row.Problems.Select((p, i) => Problem(p, i + 1, l)));

    public static string Actions(MeetingTable.Row row, IStringLocalizer l) =>
        string.Join("\n", row.Problems.Select((p, i) => Action(p, i + 1, l)));
}
