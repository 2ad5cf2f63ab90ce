using System.IO.Compression;
using System.Text;
using ReformTracker.Web.Features.TaskSheet;
using ReformTracker.Web.Infrastructure.Spreadsheets;

namespace ReformTracker.UnitTests.Spreadsheets;

public sealed class SpreadsheetTests
{
    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+1", "'+1")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "'\r=1")]
    [InlineData("'=1", "''=1")]
    [InlineData("'plain", "'plain")]
    [InlineData("普通文字", "普通文字")]
    [InlineData("", "")]
    public void Text_a_spreadsheet_would_take_for_a_formula_gets_an_apostrophe_and_loses_it_again(string text, string written)
    {
        Assert.Equal(written, CellText.Escape(text));
        Assert.Equal(text, CellText.Unescape(CellText.Escape(text)));
    }

    [Fact]
    public void Characters_xml_cannot_carry_are_dropped()
    {
        Assert.Equal("ab", CellText.Escape("a\u0001b"));
    }

    [Fact]
    public void The_writer_emits_no_formula_and_the_inspector_accepts_its_output()
    {
        var bytes = XlsxWriter.Write(new XlsxSheet("清单", ["编号", "名称", "日期", "金额"], [["=1+1", "@x", new DateOnly(2026, 6, 30), 12.5m]]));

        using var zip = new ZipArchive(new MemoryStream(bytes));
        using var reader = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open(), Encoding.UTF8);
        var xml = reader.ReadToEnd();
        Assert.DoesNotContain("<x:f", xml, StringComparison.Ordinal);
        Assert.True(xml.Contains("'=1+1", StringComparison.Ordinal) || xml.Contains("&apos;=1+1", StringComparison.Ordinal));
        var inspection = XlsxInspector.Inspect(new MemoryStream(bytes), new XlsxLimits(10, 10));
        Assert.True(inspection.Accepted);
        Assert.Equal("清单", inspection.FirstSheetName);
        Assert.Equal(2, inspection.LastRow);
    }

    [Fact]
    public void The_inspector_counts_only_rows_with_values_against_the_limit()
    {
        var rows = Enumerable.Range(0, 11).Select(i => (IReadOnlyList<object?>)[i.ToString(System.Globalization.CultureInfo.InvariantCulture)]).ToList();
        var bytes = XlsxWriter.Write(new XlsxSheet("S", ["A"], rows));

        Assert.Equal(XlsxProblemKind.TooManyRows, XlsxInspector.Inspect(new MemoryStream(bytes), new XlsxLimits(10, 10)).Problem?.Kind);
        Assert.True(XlsxInspector.Inspect(new MemoryStream(bytes), new XlsxLimits(11, 10)).Accepted);
    }

    [Theory]
    [InlineData("任务编号", TaskColumn.Code)]
    [InlineData(" 任务 编号* ", TaskColumn.Code)]
    [InlineData("协办单位", TaskColumn.CooperatingUnits)]
    [InlineData("标准/成果形式", TaskColumn.WorkStandard)]
    [InlineData("分管领导", TaskColumn.LeadingOfficial)]
    [InlineData("计划总投资(万元)", TaskColumn.PlannedTotalInvestment)]
    public void Headers_are_matched_ignoring_spaces_marks_and_bracket_width(string header, TaskColumn expected)
    {
        Assert.Equal(expected, TaskSheetColumns.Find(header)?.Key);
    }

    [Fact]
    public void An_unknown_header_matches_nothing_and_a_running_number_is_ignored()
    {
        Assert.Null(TaskSheetColumns.Find("备注"));
        Assert.True(TaskSheetColumns.IsIgnored("序号"));
    }

    [Theory]
    [InlineData("2026-06-30")]
    [InlineData("2026/6/30")]
    [InlineData("2026.6.30")]
    [InlineData("2026年6月30日")]
    [InlineData("20260630")]
    public void Dates_are_read_from_the_usual_text_forms(string text)
    {
        Assert.Equal(new DateOnly(2026, 6, 30), TaskSheetRows.ParseDate(text));
    }

    [Fact]
    public void Dates_are_read_from_date_cells_and_serial_numbers_but_not_from_other_text()
    {
        Assert.Equal(new DateOnly(2026, 6, 30), TaskSheetRows.ParseDate(new DateTime(2026, 6, 30)));
        Assert.Equal(new DateOnly(2026, 6, 30), TaskSheetRows.ParseDate(new DateTime(2026, 6, 30).ToOADate()));
        Assert.Null(TaskSheetRows.ParseDate("六月底"));
        Assert.Null(TaskSheetRows.ParseDate(46203.5));
    }
}
