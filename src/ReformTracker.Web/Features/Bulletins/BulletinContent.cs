using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Features.MeetingTable;

namespace ReformTracker.Web.Features.Bulletins;

/// <summary>
/// What a 季度跟踪通报 says, as data: composed live for a draft, serialised into <c>Bulletin.Snapshot</c> when published and
/// read back from there ever after. Words (labels of lights, states, kinds) stay out of it and are added when it is shown.
/// </summary>
public sealed record BulletinContent(
    int PlanId,
    string PlanName,
    int QuarterKey,
    string FirstMonth,
    string LastMonth,
    BulletinHeadline Headline,
    IReadOnlyList<BulletinTask> Tasks,
    IReadOnlyList<BulletinRedItem> RedItems,
    BulletinNotices Notices,
    IReadOnlyList<BulletinCriticism> Criticisms,
    BulletinRanking? Ranking)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    [JsonIgnore]
    public BulletinQuarter Quarter => BulletinQuarter.FromKey(QuarterKey);

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static BulletinContent Deserialize(string snapshot) =>
        JsonSerializer.Deserialize<BulletinContent>(snapshot, Json) ?? throw new InvalidOperationException("An empty bulletin snapshot.");
}

/// <summary>The headline figures, frozen with their rates (percent, one decimal; null where there is nothing to measure).</summary>
public sealed record BulletinHeadline(
    int Tasks,
    int Completed,
    int Green,
    int Yellow,
    int Red,
    decimal CompletionRate,
    int KeyProjects,
    int KeyProjectsStarted,
    decimal? StartRate,
    decimal PlannedAnnualInvestment,
    decimal InvestmentCompleted,
    decimal? InvestmentRate);

/// <summary>One task's progress in the quarter: its latest accepted report of the quarter, else its latest one still under review.</summary>
public sealed record BulletinTask(
    int TaskId,
    string Code,
    string Title,
    string Area,
    string LeadUnit,
    ReformTaskStatus Status,
    Light Light,
    MeetingRowState ReportState,
    string? Period,
    string? Achievement,
    int Percent);

public sealed record BulletinRedItem(int TaskId, string Code, string Title, string LeadUnit, DateOnly DueDate, int Percent, string Reasons);

/// <summary>督办通知 of the quarter on the plan's tasks: issued and closed in it, and overdue and still open at its end.</summary>
public sealed record BulletinNotices(int Issued, int Closed, int Overdue, IReadOnlyList<BulletinNotice> OverdueList);

public sealed record BulletinNotice(string Number, string UnitName, string? TaskCode, string? TaskTitle, DateOnly Deadline);

/// <summary>通报 entries: notices of the kind 通报 issued in the quarter, and notices the escalation ladder listed for it.</summary>
public sealed record BulletinCriticism(string Number, NoticeKind Kind, string UnitName, string? TaskCode, string? TaskTitle, string Reason, DateOnly Date, bool ListedByLadder);

/// <summary>
/// 晒比榜 of the quarter's latest published month, one block per peer group (<paramref name="Rows"/> carry the board's title);
/// null when no month of the quarter was published, and the bulletin says so.
/// </summary>
public sealed record BulletinRanking(string Month, IReadOnlyList<BulletinRankingRow> Rows);

public sealed record BulletinRankingRow(string Board, int Rank, string UnitName, decimal Score);

/// <summary>The quarter as it appears in addresses: 2026-Q3.</summary>
public static class QuarterText
{
    public static string Format(BulletinQuarter quarter) => string.Create(CultureInfo.InvariantCulture, $"{quarter.Year}-Q{quarter.Quarter}");

    public static bool TryParse(string? text, out BulletinQuarter quarter)
    {
        quarter = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parts = text.Trim().ToUpperInvariant().Split("-Q");
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var q)
            || year is < 2000 or > 2100 || q is < 1 or > 4)
        {
            return false;
        }

        quarter = new BulletinQuarter(year, q);
        return true;
    }

    public static int FirstMonth(BulletinQuarter quarter) => ((quarter.Quarter - 1) * 3) + 1;
}
