using ReformTracker.Web.Domain.Supervision;

namespace ReformTracker.UnitTests.Supervision;

public sealed class NoticeTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 2, 0, 0, DateTimeKind.Utc);

    public static TheoryData<NoticeStatus, NoticeTransition, bool> Table()
    {
        var data = new TheoryData<NoticeStatus, NoticeTransition, bool>();
        var legal = new HashSet<(NoticeStatus, NoticeTransition)>
        {
            (NoticeStatus.Issued, NoticeTransition.SignFor),
            (NoticeStatus.SignedFor, NoticeTransition.Respond),
            (NoticeStatus.Returned, NoticeTransition.Respond),
            (NoticeStatus.Responded, NoticeTransition.Return),
            (NoticeStatus.Responded, NoticeTransition.Close),
        };
        foreach (var status in Enum.GetValues<NoticeStatus>())
        {
            foreach (var transition in Enum.GetValues<NoticeTransition>())
            {
                data.Add(status, transition, legal.Contains((status, transition)));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Every_legal_transition_works_and_every_illegal_one_is_refused(NoticeStatus status, NoticeTransition transition, bool legal)
    {
        var notice = In(status);

        Assert.Equal(legal, notice.Allows(transition));
        Action act = transition switch
        {
            NoticeTransition.SignFor => () => notice.SignFor(Now, "reporter"),
            NoticeTransition.Respond => () => notice.Respond("已整改", Now, "reporter"),
            NoticeTransition.Return => () => notice.Return("措施不具体", Now, "supervisor"),
            NoticeTransition.Close => () => notice.Close(Now, "supervisor", false, null),
            _ => throw new ArgumentOutOfRangeException(nameof(transition)),
        };
        if (legal)
        {
            act();
            Assert.Equal(
                transition switch
                {
                    NoticeTransition.SignFor => NoticeStatus.SignedFor,
                    NoticeTransition.Respond => NoticeStatus.Responded,
                    NoticeTransition.Return => NoticeStatus.Returned,
                    _ => NoticeStatus.Closed,
                },
                notice.Status);
        }
        else
        {
            Assert.Throws<InvalidOperationException>(act);
            Assert.Equal(status, notice.Status);
        }
    }

    [Fact]
    public void The_whole_cycle_records_who_and_when()
    {
        var notice = New();
        notice.SignFor(Now, "reporter");
        notice.Respond("第一次", Now.AddHours(1), "reporter");
        notice.Return("不够具体", Now.AddHours(2), "supervisor");
        notice.Respond("第二次", Now.AddHours(3), "reporter");
        notice.Close(Now.AddHours(4), "supervisor", true, "已尽职尽责，客观原因未完成");

        Assert.Equal(Now, notice.SignedAtUtc);
        Assert.Equal("reporter", notice.SignedBy);
        Assert.Equal(["第一次", "第二次"], notice.Responses.Select(r => r.Measures));
        Assert.Equal("不够具体", notice.ReturnReason);
        Assert.Equal(Now.AddHours(4), notice.ClosedAtUtc);
        Assert.Equal("supervisor", notice.ClosedBy);
        Assert.True(notice.GoodFaith);
        Assert.Equal("已尽职尽责，客观原因未完成", notice.GoodFaithReason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Good_faith_needs_a_reason(string? reason)
    {
        var notice = In(NoticeStatus.Responded);

        Assert.Throws<InvalidOperationException>(() => notice.Close(Now, "supervisor", true, reason));
        Assert.Equal(NoticeStatus.Responded, notice.Status);
        notice.Close(Now, "supervisor", false, reason);
        Assert.False(notice.GoodFaith);
        Assert.Null(notice.GoodFaithReason);
    }

    [Fact]
    public void A_return_needs_a_reason_and_a_response_needs_measures()
    {
        var responded = In(NoticeStatus.Responded);
        var signed = In(NoticeStatus.SignedFor);

        Assert.Throws<InvalidOperationException>(() => responded.Return(" ", Now, "supervisor"));
        Assert.Throws<InvalidOperationException>(() => signed.Respond("", Now, "reporter"));
        Assert.Equal(NoticeStatus.Responded, responded.Status);
        Assert.Equal(NoticeStatus.SignedFor, signed.Status);
    }

    [Theory]
    [InlineData(NoticeKind.Reminder, "提醒〔2026〕3号")]
    [InlineData(NoticeKind.SupervisionNotice, "督办〔2026〕3号")]
    [InlineData(NoticeKind.Rectification, "整改〔2026〕3号")]
    [InlineData(NoticeKind.PublicCriticism, "通报〔2026〕3号")]
    [InlineData(NoticeKind.AccountabilityReferral, "问责〔2026〕3号")]
    public void The_number_carries_the_kind_year_and_sequence(NoticeKind kind, string expected)
    {
        Assert.Equal(expected, NoticeNumbering.Format(kind, 2026, 3));
        Assert.Equal(expected, New(kind, 2026, 3).Number);
    }

    [Fact]
    public void The_number_reads_like_an_official_document_number()
    {
        Assert.Equal("督办〔2026〕12号", New(NoticeKind.SupervisionNotice, 2026, 12).Number);
    }

    [Fact]
    public void Numbering_is_per_kind_and_year_and_restarts_at_one_in_a_new_year()
    {
        var existing = new[] { New(NoticeKind.Rectification, 2026, 1), New(NoticeKind.Rectification, 2026, 2), New(NoticeKind.Reminder, 2026, 7) };

        int Next(NoticeKind kind, int year) =>
            NoticeNumbering.Next(existing.Where(n => n.Kind == kind && n.Year == year).Select(n => (int?)n.Sequence).Max());

        Assert.Equal(3, Next(NoticeKind.Rectification, 2026));
        Assert.Equal(8, Next(NoticeKind.Reminder, 2026));
        Assert.Equal(1, Next(NoticeKind.SupervisionNotice, 2026));
        Assert.Equal(1, Next(NoticeKind.Rectification, 2027));
    }

    private static Notice New(NoticeKind kind = NoticeKind.Rectification, int year = 2026, int sequence = 1) =>
        new(kind, year, sequence, 1, 2, null, "限期整改", new DateOnly(2026, 12, 31), "supervisor", null, Now);

    private static Notice In(NoticeStatus status)
    {
        var notice = New();
        if (status == NoticeStatus.Issued)
        {
            return notice;
        }

        notice.SignFor(Now, "reporter");
        if (status == NoticeStatus.SignedFor)
        {
            return notice;
        }

        notice.Respond("已整改", Now, "reporter");
        switch (status)
        {
            case NoticeStatus.Returned:
                notice.Return("不够具体", Now, "supervisor");
                break;
            case NoticeStatus.Closed:
                notice.Close(Now, "supervisor", false, null);
                break;
        }

        return notice;
    }
}
