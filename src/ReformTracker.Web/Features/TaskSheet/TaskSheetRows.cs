using System.Globalization;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Features.Shared;

namespace ReformTracker.Web.Features.TaskSheet;

/// <summary>One refusal of the import: the row as Excel numbers it, the column header and why.</summary>
public sealed record ImportError(int Row, string Column, string Message);

/// <summary>The names the sheet uses for the registry, resolved to ids; a name that is ambiguous maps to null.</summary>
public sealed record Lookups(
    IReadOnlyDictionary<string, int> Areas,
    IReadOnlyDictionary<string, int?> Offices,
    IReadOnlyDictionary<string, int?> Units,
    IReadOnlyDictionary<string, int?> Officials);

/// <summary>A row that passed every check: what the task is to become.</summary>
public sealed record ValidRow(int Row, TaskDefinition Definition, IReadOnlyList<int> CooperatingUnitIds);

/// <summary>Turns sheet rows into task definitions, with the same rules as the task form plus the names of the registry.</summary>
public static class TaskSheetRows
{
    private static readonly string[] DateFormats = ["yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyy年M月d日", "yyyyMMdd", "yyyy-M-d H:mm:ss", "yyyy/M/d H:mm:ss"];

    public static (List<ValidRow> Valid, List<ImportError> Errors) Validate(IReadOnlyList<SheetRow> rows, Lookups lookups, IStringLocalizer l)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(lookups);
        ArgumentNullException.ThrowIfNull(l);
        var valid = new List<ValidRow>();
        var errors = new List<ImportError>();
        var codes = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            var before = errors.Count;
            var code = AsText(row.Cells.GetValueOrDefault(TaskColumn.Code));
            if (code.Length > 0 && !codes.TryAdd(code, row.Number))
            {
                errors.Add(Error(row, TaskColumn.Code, l["编号 {0} 与第 {1} 行重复", code, codes[code]]));
            }

            var parsed = ParseRow(row, lookups, l, errors);
            if (parsed is not null && errors.Count == before)
            {
                valid.Add(parsed);
            }
        }

        return (valid, errors);
    }

    private static ValidRow? ParseRow(SheetRow row, Lookups lookups, IStringLocalizer l, List<ImportError> errors)
    {
        var before = errors.Count;
        string Text(TaskColumn column) => row.Cells.TryGetValue(column, out var value) ? AsText(value) : string.Empty;
        void Fail(TaskColumn column, string message) => errors.Add(Error(row, column, message));

        string Limited(TaskColumn column, bool required, string missingMessage)
        {
            var text = Text(column);
            if (required && text.Length == 0)
            {
                Fail(column, missingMessage);
            }
            else if (TaskSheetColumns.MaxLength(column) is { } max && text.Length > max)
            {
                Fail(column, l["不能超过 {0} 个字（现有 {1} 个）", max, text.Length]);
            }

            return text;
        }

        var code = Limited(TaskColumn.Code, true, l["请填写任务编号"]);
        if (code.Length is > 0 and <= Domain.Common.Lengths.Code && !IsCode(code))
        {
            Fail(TaskColumn.Code, l["任务编号只能包含字母、数字、点、横线和下划线"]);
        }

        var title = Limited(TaskColumn.Title, true, l["请填写任务名称"]);
        var content = Limited(TaskColumn.Content, false, string.Empty);
        var target = Limited(TaskColumn.Target, false, string.Empty);
        var standard = Limited(TaskColumn.WorkStandard, false, string.Empty);

        int? areaId = null;
        var area = Text(TaskColumn.Area);
        if (area.Length == 0)
        {
            Fail(TaskColumn.Area, l["请填写所属领域"]);
        }
        else if (lookups.Areas.TryGetValue(area, out var foundArea))
        {
            areaId = foundArea;
        }
        else
        {
            Fail(TaskColumn.Area, l["本清单中没有领域“{0}”", area]);
        }

        var officeId = Resolve(Text(TaskColumn.Office), lookups.Offices, TaskColumn.Office, l["请填写责任专项办"], l["找不到专项办“{0}”"], l["有多个专项办叫“{0}”，请填写全称"]);
        var leadUnitId = Resolve(Text(TaskColumn.LeadUnit), lookups.Units, TaskColumn.LeadUnit, l["请填写牵头单位"], l["找不到单位“{0}”"], l["有多个单位叫“{0}”，请填写全称"]);
        var officialText = Text(TaskColumn.LeadingOfficial);
        var officialId = officialText.Length == 0 ? null
            : Resolve(officialText, lookups.Officials, TaskColumn.LeadingOfficial, string.Empty, l["找不到领导“{0}”"], l["有多位领导叫“{0}”，请在系统中区分后再导入"]);

        var cooperating = new List<int>();
        foreach (var name in Text(TaskColumn.CooperatingUnits).Split(TaskSheetColumns.UnitSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Resolve(name, lookups.Units, TaskColumn.CooperatingUnits, string.Empty, l["找不到配合单位“{0}”"], l["有多个单位叫“{0}”，请填写全称"]) is { } unitId)
            {
                cooperating.Add(unitId);
            }
        }

        var start = DateOf(TaskColumn.StartDate, l["请填写开始日期"]);
        var due = DateOf(TaskColumn.DueDate, l["请填写完成时限"]);
        if (start is not null && due is not null && due < start)
        {
            Fail(TaskColumn.DueDate, l["完成时限不能早于开始日期"]);
        }

        var priority = TaskPriority.Normal;
        var priorityText = Text(TaskColumn.Priority);
        if (priorityText.Length > 0)
        {
            var match = Enum.GetValues<TaskPriority>().Where(p => p.Label() == priorityText).ToList();
            if (match.Count == 1)
            {
                priority = match[0];
            }
            else
            {
                Fail(TaskColumn.Priority, l["优先级只能填写“一般”“重要”或“重中之重”"]);
            }
        }

        var keyText = Text(TaskColumn.KeyProject);
        var isKeyProject = keyText is "是";
        if (keyText.Length > 0 && keyText is not ("是" or "否"))
        {
            Fail(TaskColumn.KeyProject, l["重点项目只能填写“是”或“否”"]);
        }

        KeyProjectFacts? keyProject = null;
        var total = NumberOf(TaskColumn.PlannedTotalInvestment);
        var annual = NumberOf(TaskColumn.PlannedAnnualInvestment);
        var stateText = Text(TaskColumn.ConstructionState);
        if (isKeyProject)
        {
            if (row.Cells.ContainsKey(TaskColumn.PlannedTotalInvestment) is false)
            {
                Fail(TaskColumn.PlannedTotalInvestment, l["重点项目须填写计划总投资"]);
            }

            if (row.Cells.ContainsKey(TaskColumn.PlannedAnnualInvestment) is false)
            {
                Fail(TaskColumn.PlannedAnnualInvestment, l["重点项目须填写年度计划投资"]);
            }
            else if (total is not null && annual > total)
            {
                Fail(TaskColumn.PlannedAnnualInvestment, l["年度计划投资不能大于计划总投资"]);
            }

            ConstructionState? state = null;
            if (stateText.Length == 0)
            {
                Fail(TaskColumn.ConstructionState, l["重点项目须选择建设状态"]);
            }
            else if (Enum.GetValues<ConstructionState>().Where(s => s.Label() == stateText).ToList() is [var found])
            {
                state = found;
            }
            else
            {
                Fail(TaskColumn.ConstructionState, l["建设状态只能填写“前期工作”“在建”“已动工”或“已完工”"]);
            }

            if (total is not null && annual is not null && state is not null)
            {
                keyProject = new KeyProjectFacts(total.Value, annual.Value, state.Value);
            }
        }
        else if ((row.Cells.ContainsKey(TaskColumn.PlannedTotalInvestment) || row.Cells.ContainsKey(TaskColumn.PlannedAnnualInvestment) || stateText.Length > 0))
        {
            Fail(TaskColumn.KeyProject, l["填写了投资或建设状态的任务，“重点项目”须填“是”"]);
        }

        if (errors.Count > before)
        {
            return null;
        }

        return new ValidRow(
            row.Number,
            new TaskDefinition(code, title, content, target, standard, areaId!.Value, officeId!.Value, leadUnitId!.Value, officialId,
                start!.Value, due!.Value, priority, keyProject),
            cooperating.Distinct().ToList());

        int? Resolve(string name, IReadOnlyDictionary<string, int?> known, TaskColumn column, string missing, string unknown, string ambiguous)
        {
            if (name.Length == 0)
            {
                Fail(column, missing);
                return null;
            }

            if (!known.TryGetValue(name, out var id))
            {
                Fail(column, string.Format(CultureInfo.CurrentCulture, unknown, name));
                return null;
            }

            if (id is null)
            {
                Fail(column, string.Format(CultureInfo.CurrentCulture, ambiguous, name));
            }

            return id;
        }

        DateOnly? DateOf(TaskColumn column, string missing)
        {
            if (!row.Cells.TryGetValue(column, out var value))
            {
                Fail(column, missing);
                return null;
            }

            if (ParseDate(value) is not { } date)
            {
                Fail(column, l["“{0}”不是有效日期，请填写如 2026-06-30 的日期", AsText(value)]);
                return null;
            }

            if (date.Year is < 2000 or > 2100)
            {
                Fail(column, l["日期 {0} 不在 2000 至 2100 年之间", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]);
                return null;
            }

            return date;
        }

        decimal? NumberOf(TaskColumn column)
        {
            if (!row.Cells.TryGetValue(column, out var value))
            {
                return null;
            }

            decimal? number = value switch
            {
                double d when !double.IsNaN(d) && !double.IsInfinity(d) && Math.Abs(d) < 1e15 => Math.Round((decimal)d, 2),
                decimal m => Math.Round(m, 2),
                int i => i,
                long n => n,
                string s when decimal.TryParse(s.Trim().Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) => Math.Round(parsed, 2),
                _ => null,
            };
            if (number is null)
            {
                Fail(column, l["“{0}”不是数字，请以万元为单位填写", AsText(value)]);
            }
            else if (number < 0)
            {
                Fail(column, l["投资额不能为负数"]);
                number = null;
            }
            else if (number >= 100_000_000m)
            {
                Fail(column, l["投资额过大，请以万元为单位填写"]);
                number = null;
            }

            return number;
        }
    }

    /// <summary>Text of a cell as the user sees it: numbers without exponent or trailing zeros, trimmed, line breaks as \n.</summary>
    public static string AsText(object? value) => (value switch
    {
        null => string.Empty,
        string s => s,
        double d => d.ToString("0.##########", CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString(dt.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    }).Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    /// <summary>A date cell, an Excel serial number or text such as 2026-06-30, 2026/6/30 or 2026年6月30日.</summary>
    public static DateOnly? ParseDate(object? value) => value switch
    {
        DateTime dt => DateOnly.FromDateTime(dt),
        double serial when serial is >= 1 and < 2958466 && serial == Math.Floor(serial) => DateOnly.FromDateTime(DateTime.FromOADate(serial)),
        string text when DateTime.TryParseExact(text.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) => DateOnly.FromDateTime(parsed),
        _ => null,
    };

    private static bool IsCode(string code) =>
        char.IsAsciiLetterOrDigit(code[0]) && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private static ImportError Error(SheetRow row, TaskColumn column, string message) => new(row.Number, TaskSheetColumns.Get(column).Header, message);
}
