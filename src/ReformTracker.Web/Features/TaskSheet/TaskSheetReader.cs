using System.Xml;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using ReformTracker.Web.Infrastructure.Spreadsheets;

namespace ReformTracker.Web.Features.TaskSheet;

/// <summary>A data row of the sheet: its row number as Excel shows it and the value of each known column.</summary>
public sealed record SheetRow(int Number, IReadOnlyDictionary<TaskColumn, object?> Cells);

/// <summary>The rows of a readable sheet, or why the whole file is refused.</summary>
public sealed record SheetReadResult(string? Refusal, IReadOnlyList<SheetRow> Rows);

/// <summary>
/// Reads an uploaded task sheet: the inspector vets the file first, MiniExcel then reads the first worksheet's values,
/// and the header row is matched against <see cref="TaskSheetColumns"/> (every required column present, none twice,
/// none unknown).
/// </summary>
public static class TaskSheetReader
{
    public const long MaxBytes = 5 * 1024 * 1024;
    public const int MaxDataRows = 5000;
    public const int MaxColumns = 60;

    private static readonly XlsxLimits Limits = new(MaxDataRows, MaxColumns);

    public static SheetReadResult Read(byte[] content, IStringLocalizer l)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(l);
        if (content.LongLength > MaxBytes)
        {
            return Refuse(l["文件超过 5 MB，请删除无关内容后再导入"]);
        }

        using var stream = new MemoryStream(content, writable: false);
        var inspection = XlsxInspector.Inspect(stream, Limits);
        if (inspection.Problem is { } problem)
        {
            return Refuse(Describe(problem, l));
        }

        List<IDictionary<string, object?>> raw;
        try
        {
            stream.Position = 0;
            raw = stream.Query(useHeaderRow: false, sheetName: inspection.FirstSheetName, excelType: ExcelType.XLSX)
                .Cast<IDictionary<string, object?>>()
                .Take(inspection.LastRow + 1)
                .ToList();
        }
        catch (Exception e) when (e is InvalidDataException or XmlException or IOException or InvalidOperationException or FormatException
            or InvalidCastException or ArgumentException or IndexOutOfRangeException or KeyNotFoundException or NotSupportedException or OverflowException)
        {
            return Refuse(l["无法读取该工作簿，请用 Excel 打开后另存为 .xlsx 再导入"]);
        }

        if (raw.Count == 0)
        {
            return Refuse(l["表格是空的：第 1 行应为表头，从第 2 行起每行一项任务"]);
        }

        var header = MapHeader(raw[0], l, out var headerRefusal);
        if (headerRefusal is not null)
        {
            return Refuse(headerRefusal);
        }

        var rows = new List<SheetRow>();
        for (var i = 1; i < raw.Count; i++)
        {
            var cells = new Dictionary<TaskColumn, object?>();
            foreach (var (letter, column) in header)
            {
                if (raw[i].TryGetValue(letter, out var value) && !IsBlank(value))
                {
                    cells[column] = value is string text ? CellText.Unescape(text) : value;
                }
            }

            if (cells.Count > 0)
            {
                rows.Add(new SheetRow(i + 1, cells));
            }
        }

        return rows.Count == 0
            ? Refuse(l["表格中没有任务：第 1 行为表头，请从第 2 行起填写任务"])
            : new SheetReadResult(null, rows);
    }

    private static Dictionary<string, TaskColumn> MapHeader(IDictionary<string, object?> firstRow, IStringLocalizer l, out string? refusal)
    {
        var map = new Dictionary<string, TaskColumn>(StringComparer.Ordinal);
        var unknown = new List<string>();
        var repeated = new List<string>();
        foreach (var (letter, value) in firstRow)
        {
            var text = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)?.Trim();
            if (string.IsNullOrEmpty(text) || TaskSheetColumns.IsIgnored(text))
            {
                continue;
            }

            if (TaskSheetColumns.Find(text) is not { } column)
            {
                unknown.Add($"{letter}「{text}」");
            }
            else if (map.ContainsValue(column.Key))
            {
                repeated.Add($"{letter}「{text}」");
            }
            else
            {
                map[letter] = column.Key;
            }
        }

        var missing = TaskSheetColumns.All.Where(c => c.Required && !map.ContainsValue(c.Key)).Select(c => $"「{c.Header}」").ToList();
        var problems = new List<string>();
        if (missing.Count > 0)
        {
            problems.Add(l["缺少列 {0}", string.Join("、", missing)]);
        }

        if (unknown.Count > 0)
        {
            problems.Add(l["无法识别的列 {0}", string.Join("、", unknown)]);
        }

        if (repeated.Count > 0)
        {
            problems.Add(l["重复的列 {0}", string.Join("、", repeated)]);
        }

        refusal = problems.Count == 0 ? null : l["第 1 行的表头与模板不符：{0}。请下载模板核对列名。", string.Join("；", problems)].Value;
        return map;
    }

    private static bool IsBlank(object? value) => value is null || value is DBNull || (value is string text && string.IsNullOrWhiteSpace(text));

    private static SheetReadResult Refuse(string message) => new(message, []);

    public static string Describe(XlsxProblem problem, IStringLocalizer l)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(l);
        return (problem.Kind switch
        {
            XlsxProblemKind.Empty => l["文件是空的"],
            XlsxProblemKind.Encrypted => l["工作簿设有打开密码：请在 Excel 中取消密码后另存，再导入"],
            XlsxProblemKind.LegacyXls => l["这是旧版 .xls 格式：请在 Excel 中另存为 .xlsx 后再导入"],
            XlsxProblemKind.TooManyEntries or XlsxProblemKind.TooLargeUncompressed => l["工作簿解压后过大，已拒绝（可能是异常文件）"],
            XlsxProblemKind.NoSheet => l["工作簿中没有工作表"],
            XlsxProblemKind.FirstSheetHidden => l["第一个工作表“{0}”被隐藏：请取消隐藏，并把任务清单放在第一个工作表", problem.Detail ?? string.Empty],
            XlsxProblemKind.Formula => l["单元格 {0} 含有公式：请复制整张表后“选择性粘贴 → 数值”，再导入", problem.Detail ?? string.Empty],
            XlsxProblemKind.MergedCells => l["单元格 {0} 是合并单元格：请取消合并，并在每一行填写完整内容", problem.Detail ?? string.Empty],
            XlsxProblemKind.HiddenRow => l["第 {0} 行被隐藏：请取消隐藏或删除该行，导入的内容须全部可见", problem.Detail ?? string.Empty],
            XlsxProblemKind.HiddenColumn => l["第 {0} 列被隐藏：请取消隐藏或删除该列，导入的内容须全部可见", problem.Detail ?? string.Empty],
            XlsxProblemKind.TooManyRows => l["任务行超过 {0} 行，请拆分后分批导入", MaxDataRows],
            XlsxProblemKind.TooManyColumns => l["表格超过 {0} 列（{1}），请删除无关的列", MaxColumns, problem.Detail ?? string.Empty],
            XlsxProblemKind.Unreadable => l["无法读取该工作簿，请用 Excel 打开后另存为 .xlsx 再导入"],
            _ => l["这不是有效的 Excel（.xlsx）文件"],
        }).Value;
    }
}
