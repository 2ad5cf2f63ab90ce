using System.Globalization;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Supervision;

namespace ReformTracker.Web.Domain.Bulletins;

/// <summary>
/// 季度跟踪通报 as published: one per plan and quarter, numbered per year (2026年第3期), frozen for good. The snapshot holds
/// everything the bulletin showed at publication, so that reading it later never touches live data.
/// </summary>
public sealed class Bulletin : Entity
{
    public const int IssuingOfficeLength = 100;

    private Bulletin()
    {
        IssuingOffice = string.Empty;
        PublishedBy = string.Empty;
        Snapshot = string.Empty;
    }

    public Bulletin(int planId, BulletinQuarter quarter, int sequence, string issuingOffice, DateOnly issuedOn, string publishedBy, DateTime publishedAtUtc, string snapshot)
        : this()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(issuingOffice);
        ArgumentException.ThrowIfNullOrWhiteSpace(publishedBy);
        ArgumentException.ThrowIfNullOrWhiteSpace(snapshot);
        if (quarter.Quarter is < 1 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(quarter), quarter, "A quarter is 1 to 4.");
        }

        PlanId = planId;
        QuarterKey = quarter.Key;
        Year = quarter.Year;
        Sequence = sequence;
        IssuingOffice = issuingOffice.Trim();
        IssuedOn = issuedOn;
        PublishedBy = publishedBy;
        PublishedAtUtc = publishedAtUtc;
        Snapshot = snapshot;
    }

    public int PlanId { get; private set; }

    /// <summary>The quarter reported on, as yyyyq (see <see cref="BulletinQuarter"/>).</summary>
    public int QuarterKey { get; private set; }

    public BulletinQuarter Quarter => BulletinQuarter.FromKey(QuarterKey);

    /// <summary>The year of the issue number: the quarter's year.</summary>
    public int Year { get; private set; }

    /// <summary>The issue within the year, from 1, across all plans.</summary>
    public int Sequence { get; private set; }

    /// <summary>期号, e.g. 2026年第3期.</summary>
    public string Number => FormatNumber(Year, Sequence);

    /// <summary>发文单位.</summary>
    public string IssuingOffice { get; private set; }

    /// <summary>The date printed on the bulletin (district date of publication).</summary>
    public DateOnly IssuedOn { get; private set; }

    public string PublishedBy { get; private set; }

    public DateTime PublishedAtUtc { get; private set; }

    /// <summary>What the bulletin showed, serialised when it was published; never changed afterwards.</summary>
    public string Snapshot { get; private set; }

    public static string FormatNumber(int year, int sequence) => string.Create(CultureInfo.InvariantCulture, $"{year}年第{sequence}期");

    /// <summary>The next issue given the highest one used in the year (null when none yet).</summary>
    public static int NextSequence(int? maxUsedThisYear) => (maxUsedThisYear ?? 0) + 1;
}
