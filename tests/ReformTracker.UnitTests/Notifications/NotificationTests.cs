using ReformTracker.Web.Domain.Notifications;
using ReformTracker.Web.Features.Account;

namespace ReformTracker.UnitTests.Notifications;

public sealed class NotificationTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 2, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Reading_counts_the_first_time_only()
    {
        var notification = New(sendEmail: false);

        Assert.True(notification.MarkRead(Now));
        Assert.False(notification.MarkRead(Now.AddHours(1)));
        Assert.Equal(Now, notification.ReadAtUtc);
    }

    [Fact]
    public void A_failed_e_mail_waits_longer_each_time_and_is_given_up_after_the_last_attempt()
    {
        var notification = New(sendEmail: true);

        notification.EmailFailed(Now, "连接被拒绝", maxAttempts: 4);
        Assert.Equal(Now.AddMinutes(1), notification.EmailNextAttemptAtUtc);
        notification.EmailFailed(Now, "连接被拒绝", maxAttempts: 4);
        Assert.Equal(Now.AddMinutes(2), notification.EmailNextAttemptAtUtc);
        notification.EmailFailed(Now, "连接被拒绝", maxAttempts: 4);
        Assert.Equal(Now.AddMinutes(4), notification.EmailNextAttemptAtUtc);
        Assert.Equal(EmailDelivery.Pending, notification.EmailState);

        notification.EmailFailed(Now, "连接被拒绝", maxAttempts: 4);
        Assert.Equal(EmailDelivery.Abandoned, notification.EmailState);
        Assert.Equal(4, notification.EmailAttempts);
        Assert.Null(notification.EmailNextAttemptAtUtc);
        Assert.Throws<InvalidOperationException>(() => notification.EmailWasSent(Now));
    }

    [Fact]
    public void The_pause_between_attempts_never_exceeds_an_hour()
    {
        var notification = New(sendEmail: true);
        for (var i = 0; i < 12; i++)
        {
            notification.EmailFailed(Now, "超时", maxAttempts: 100);
        }

        Assert.Equal(Now.AddMinutes(60), notification.EmailNextAttemptAtUtc);
    }

    [Fact]
    public void Without_an_e_mail_copy_there_is_nothing_to_send_and_long_text_is_clipped()
    {
        var notification = new Notification(1, NotificationKind.FlagRaised, new string('题', 300), new string('文', 2000), "/tasks/1", Now, sendEmail: false);

        Assert.Equal(EmailDelivery.None, notification.EmailState);
        Assert.Throws<InvalidOperationException>(() => notification.EmailWasSent(Now));
        Assert.Equal(Notification.TitleLength, notification.Title.Length);
        Assert.Equal(Notification.BodyLength, notification.Body.Length);
        Assert.EndsWith("…", notification.Title, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(12, null, "/notices/12")]
    [InlineData(null, "/tasks/3", "/tasks/3")]
    [InlineData(null, null, "/notifications")]
    public void A_notification_opens_its_notice_its_link_or_the_list(int? noticeId, string? link, string expected) =>
        Assert.Equal(expected, Notification.TargetOf(noticeId, link));

    [Theory]
    [InlineData("zhang.san@gaoming.gov.cn", true)]
    [InlineData("li-si+notices@fs.gd.gov.cn", true)]
    [InlineData("zhangsan", false)]
    [InlineData("zhangsan@localhost", false)]
    [InlineData("zhang san@gaoming.gov.cn", false)]
    [InlineData("张三 <zs@gaoming.gov.cn>", false)]
    [InlineData("a@gaoming.gov.cn,b@gaoming.gov.cn", false)]
    [InlineData("@gaoming.gov.cn", false)]
    public void Only_one_plain_address_is_accepted_as_an_e_mail_address(string text, bool valid) =>
        Assert.Equal(valid, SetEmail.IsAddress(text));

    private static Notification New(bool sendEmail) =>
        new(1, NotificationKind.ReportReturned, "月报被退回", "退回意见：请补充", "/tasks/1/reports/2026-10", Now, sendEmail);
}
