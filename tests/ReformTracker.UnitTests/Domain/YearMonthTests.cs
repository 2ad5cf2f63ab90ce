using ReformTracker.Web.Domain.Common;

namespace ReformTracker.UnitTests.Domain;

public sealed class YearMonthTests
{
    [Theory]
    [InlineData(2026, 1, 2025, 12)]
    [InlineData(2026, 3, 2026, 2)]
    public void Previous_crosses_year_ends(int year, int month, int prevYear, int prevMonth) =>
        Assert.Equal(new YearMonth(prevYear, prevMonth), new YearMonth(year, month).Previous);

    [Fact]
    public void Next_crosses_year_ends() => Assert.Equal(new YearMonth(2027, 1), new YearMonth(2026, 12).Next);

    [Fact]
    public void The_stored_value_sorts_like_the_calendar()
    {
        Assert.Equal(202611, new YearMonth(2026, 11).Value);
        Assert.Equal(new YearMonth(2026, 11), YearMonth.FromValue(202611));
        Assert.True(new YearMonth(2025, 12) < new YearMonth(2026, 1));
    }

    [Fact]
    public void Last_day_knows_leap_years()
    {
        Assert.Equal(new DateOnly(2028, 2, 29), new YearMonth(2028, 2).LastDay);
        Assert.Equal(new DateOnly(2026, 2, 28), new YearMonth(2026, 2).LastDay);
    }

    [Theory]
    [InlineData("2026-11", true)]
    [InlineData("2026-13", false)]
    [InlineData("2026-00", false)]
    [InlineData("26-11", false)]
    [InlineData("abc", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("2026-+1", false)]
    public void Parsing_accepts_only_real_months(string? text, bool valid) =>
        Assert.Equal(valid, YearMonth.TryParse(text, out _));

    [Fact]
    public void Months_between_periods_count_across_years() =>
        Assert.Equal(14, new YearMonth(2025, 11).MonthsUntil(new YearMonth(2027, 1)));

    [Fact]
    public void An_impossible_month_cannot_be_built() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new YearMonth(2026, 13));
}
