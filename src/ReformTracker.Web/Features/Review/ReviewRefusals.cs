using Microsoft.Extensions.Localization;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Features.Shared;

namespace ReformTracker.Web.Features.Review;

/// <summary>Why a review action cannot go ahead on a report the reviewer may see.</summary>
internal static class ReviewRefusals
{
    public static string? Check(MonthlyReport report, int? readVersion, IStringLocalizer<SharedResource> l)
    {
        if (report.Status != ReportStatus.Submitted)
        {
            return l["该月报当前为“{0}”状态，不在待审核之列，无法审核", l[report.Status.Label()]].Value;
        }

        return readVersion is { } version && version != report.Version
            ? l["该月报在您打开后已有变动，请重新查看后再审核"].Value
            : null;
    }
}
