using System.Globalization;

namespace ReformTracker.Web.Domain.Common;

/// <summary>A reporting period (one calendar month), stored as the sortable integer yyyyMM.</summary>
public readonly record struct YearMonth : IComparable<YearMonth>
{
    public YearMonth(int year, int month)
    {
        if (year is < 2000 or > 2100)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, "Year must be between 2000 and 2100.");
        }

        if (month is < 1 or > 12)
        {
            throw new ArgumentOutOfRangeException(nameof(month), month, "Month must be between 1 and 12.");
        }

        Year = year;
        Month = month;
    }

    public int Year { get; }

    public int Month { get; }

    public int Value => (Year * 100) + Month;

    public DateOnly FirstDay => new(Year, Month, 1);

    public DateOnly LastDay => new(Year, Month, DateTime.DaysInMonth(Year, Month));

    public YearMonth Next => Month == 12 ? new YearMonth(Year + 1, 1) : new YearMonth(Year, Month + 1);

    public YearMonth Previous => Month == 1 ? new YearMonth(Year - 1, 12) : new YearMonth(Year, Month - 1);

    public static YearMonth Of(DateOnly date) => new(date.Year, date.Month);

    public static YearMonth FromValue(int value) => new(value / 100, value % 100);

    public static bool TryParse(string? text, out YearMonth period)
    {
        period = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parts = text.Trim().Split('-');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || year is < 2000 or > 2100 || month is < 1 or > 12)
        {
            return false;
        }

        period = new YearMonth(year, month);
        return true;
    }

    /// <summary>Months from this period to <paramref name="other"/> (positive when other is later).</summary>
    public int MonthsUntil(YearMonth other) => ((other.Year - Year) * 12) + (other.Month - Month);

    public int CompareTo(YearMonth other) => Value.CompareTo(other.Value);

    public static bool operator <(YearMonth left, YearMonth right) => left.Value < right.Value;

    public static bool operator >(YearMonth left, YearMonth right) => left.Value > right.Value;

    public static bool operator <=(YearMonth left, YearMonth right) => left.Value <= right.Value;

    public static bool operator >=(YearMonth left, YearMonth right) => left.Value >= right.Value;

    public override string ToString() => $"{Year:D4}-{Month:D2}";
}
