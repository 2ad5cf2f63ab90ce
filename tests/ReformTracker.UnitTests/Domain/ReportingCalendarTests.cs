using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Reporting;

namespace ReformTracker.UnitTests.Domain;

public sealed class ReportingCalendarTests
{
    private readonly ReportingCalendar _calendar = new();

    [Fact]
    public void A_months_report_is_due_on_the_fifth_of_the_next_month() =>
        Assert.Equal(new DateOnly(2026, 12, 5), _calendar.CutOffFor(new YearMonth(2026, 11)));

    [Fact]
    public void December_is_due_in_January() =>
        Assert.Equal(new DateOnly(2027, 1, 5), _calendar.CutOffFor(new YearMonth(2026, 12)));

    [Theory]
    [InlineData(2026, 12, 5, 2026, 11)]
    [InlineData(2026, 12, 6, 2026, 12)]
    [InlineData(2027, 1, 1, 2026, 12)]
    public void Last_month_stays_open_until_its_cut_off_has_passed(int y, int m, int d, int py, int pm) =>
        Assert.Equal(new YearMonth(py, pm), _calendar.OpenPeriodOn(new DateOnly(y, m, d)));

    [Fact]
    public void The_cut_off_day_is_configurable() =>
        Assert.Equal(new DateOnly(2026, 12, 10), new ReportingCalendar(10).CutOffFor(new YearMonth(2026, 11)));

    [Theory]
    [InlineData(0)]
    [InlineData(29)]
    public void A_cut_off_day_that_some_months_lack_is_refused(int day) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReportingCalendar(day));
}
