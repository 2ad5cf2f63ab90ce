using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReformTracker.Web.Domain.Notifications;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Data.Configurations;

/// <summary>Notifications are not an <c>Entity</c>: no version, no soft-delete filter, no audit record (ADR 0010).</summary>
public sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Title).HasMaxLength(Notification.TitleLength).IsRequired();
        builder.Property(n => n.Body).HasMaxLength(Notification.BodyLength).IsRequired();
        builder.Property(n => n.Link).HasMaxLength(Notification.LinkLength);
        builder.Property(n => n.DedupeKey).HasMaxLength(Notification.KeyLength);
        builder.Property(n => n.EmailError).HasMaxLength(Notification.ErrorLength);
        builder.Ignore(n => n.IsRead);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(n => n.RecipientUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(n => n.Notice).WithMany().HasForeignKey(n => n.NoticeId).OnDelete(DeleteBehavior.Restrict);

        // The bell counts a user's unread ones; the list pages through a user's newest first.
        builder.HasIndex(n => new { n.RecipientUserId, n.ReadAtUtc });
        builder.HasIndex(n => new { n.RecipientUserId, n.Id });
        builder.HasIndex(n => new { n.EmailState, n.EmailNextAttemptAtUtc });
        builder.HasIndex(n => new { n.RecipientUserId, n.DedupeKey }).IsUnique();
        builder.HasIndex(n => n.NoticeId);
    }
}
