using ReformTracker.Web.Domain.Common;

namespace ReformTracker.Web.Features.TaskSheet;

public enum TaskColumn
{
    Code,
    Title,
    Content,
    Target,
    WorkStandard,
    Area,
    Office,
    LeadUnit,
    CooperatingUnits,
    LeadingOfficial,
    StartDate,
    DueDate,
    Priority,
    KeyProject,
    PlannedTotalInvestment,
    PlannedAnnualInvestment,
    ConstructionState,
    Status,
    Percent,
    Light,
}

/// <summary>
/// One column of the task sheet. Headers are fixed Chinese text in every UI language (the sheet is the government's
/// format); <paramref name="Description"/> is a localizer key shown on the upload page and in the template.
/// </summary>
public sealed record TaskSheetColumn(TaskColumn Key, string Header, bool Required, bool ReadOnly, string Description, params string[] Aliases);

/// <summary>The columns of the import template and of the export, in their order: the export repeats the template and adds read-only columns.</summary>
public static class TaskSheetColumns
{
    /// <summary>Listed as the separators of 配合单位.</summary>
    public static readonly char[] UnitSeparators = ['、', '，', ',', '；', ';', '\n'];

    public static readonly IReadOnlyList<TaskSheetColumn> All =
    [
        new(TaskColumn.Code, "任务编号", true, false, "必填；字母、数字、点、横线和下划线，最多 32 个字符；清单内唯一，重新导入时按编号更新已有任务"),
        new(TaskColumn.Title, "任务名称", true, false, "必填，最多 200 个字"),
        new(TaskColumn.Content, "改革内容", false, false, "最多 4000 个字", "任务内容"),
        new(TaskColumn.Target, "目标", false, false, "最多 4000 个字"),
        new(TaskColumn.WorkStandard, "工作标准", false, false, "成果形式或验收标准，最多 4000 个字", "标准/成果形式", "成果形式"),
        new(TaskColumn.Area, "所属领域", true, false, "必填；本清单已有的领域名称", "领域"),
        new(TaskColumn.Office, "责任专项办", true, false, "必填；专项办全称或简称", "专项办"),
        new(TaskColumn.LeadUnit, "牵头单位", true, false, "必填；单位全称或简称"),
        new(TaskColumn.CooperatingUnits, "配合单位", false, false, "可空；多个单位用顿号“、”分隔；与牵头单位相同的会被忽略", "协办单位"),
        new(TaskColumn.LeadingOfficial, "领办领导", false, false, "可空；区领导姓名", "分管领导", "挂帅领导"),
        new(TaskColumn.StartDate, "开始日期", true, false, "必填；日期格式，如 2026-01-01"),
        new(TaskColumn.DueDate, "完成时限", true, false, "必填；日期格式，不早于开始日期"),
        new(TaskColumn.Priority, "优先级", false, false, "一般、重要或重中之重；空为一般"),
        new(TaskColumn.KeyProject, "重点项目", false, false, "是或否；空为否"),
        new(TaskColumn.PlannedTotalInvestment, "计划总投资（万元）", false, false, "重点项目必填；以万元为单位的数字", "计划总投资"),
        new(TaskColumn.PlannedAnnualInvestment, "年度计划投资（万元）", false, false, "重点项目必填；不大于计划总投资", "年度计划投资"),
        new(TaskColumn.ConstructionState, "建设状态", false, false, "重点项目必填：前期工作、在建、已动工或已完工"),
        new(TaskColumn.Status, "状态", false, true, "只在导出中出现，导入时忽略"),
        new(TaskColumn.Percent, "进度（%）", false, true, "只在导出中出现，导入时忽略"),
        new(TaskColumn.Light, "红黄绿灯", false, true, "只在导出中出现，导入时忽略"),
    ];

    /// <summary>Columns a sheet may have that are read by nobody (a running number is common in published lists).</summary>
    public static readonly IReadOnlyList<string> Ignored = ["序号"];

    public static IEnumerable<TaskSheetColumn> Importable => All.Where(c => !c.ReadOnly);

    public static TaskSheetColumn Get(TaskColumn key) => All.Single(c => c.Key == key);

    /// <summary>The column a header names, ignoring spaces, line breaks, full-width brackets and a required-mark asterisk.</summary>
    public static TaskSheetColumn? Find(string header)
    {
        var wanted = Normalize(header);
        return All.FirstOrDefault(c => Normalize(c.Header) == wanted || c.Aliases.Any(a => Normalize(a) == wanted));
    }

    public static bool IsIgnored(string header) => Ignored.Contains(Normalize(header));

    public static string Normalize(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var kept = header.Where(c => !char.IsWhiteSpace(c) && c != '*' && c != '＊').ToArray();
        return new string(kept).Replace('（', '(').Replace('）', ')');
    }

    /// <summary>Text limits of the columns that have one.</summary>
    public static int? MaxLength(TaskColumn key) => key switch
    {
        TaskColumn.Code => Lengths.Code,
        TaskColumn.Title => Lengths.Title,
        TaskColumn.Content or TaskColumn.Target or TaskColumn.WorkStandard => Lengths.LongText,
        _ => null,
    };
}
