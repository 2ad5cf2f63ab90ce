using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Organisation;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Domain.Tasks;

namespace ReformTracker.Web.Data.Configurations;

public sealed class NoticeConfiguration : EntityConfiguration<Notice>
{
    protected override void ConfigureEntity(EntityTypeBuilder<Notice> builder)
    {
        builder.Property(n => n.Requirements).HasMaxLength(Lengths.LongText).IsRequired();
        builder.Property(n => n.IssuedBy).HasMaxLength(256).IsRequired();
        builder.Property(n => n.SignedBy).HasMaxLength(256);
        builder.Property(n => n.ReturnedBy).HasMaxLength(256);
        builder.Property(n => n.ClosedBy).HasMaxLength(256);
        builder.Property(n => n.ReturnReason).HasMaxLength(Lengths.MediumText);
        builder.Property(n => n.GoodFaithReason).HasMaxLength(Lengths.MediumText);
        builder.HasIndex(n => new { n.Kind, n.Year, n.Sequence }).IsUnique();
        builder.HasIndex(n => new { n.RecipientUnitId, n.Status });
        builder.HasIndex(n => n.TaskId);
        builder.HasOne<Unit>().WithMany().HasForeignKey(n => n.RecipientUnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ReformTask>().WithMany().HasForeignKey(n => n.TaskId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Flag>().WithMany().HasForeignKey(n => n.FlagId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Office>().WithMany().HasForeignKey(n => n.IssuerOfficeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Domain.Meetings.MeetingItem>().WithMany().HasForeignKey(n => n.MeetingItemId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(n => n.Responses).WithOne().HasForeignKey(r => r.NoticeId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(n => n.Responses).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Property(n => n.AddressedTo).HasMaxLength(500);
        builder.HasOne(n => n.EscalatedFrom).WithMany().HasForeignKey(n => n.EscalatedFromId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(n => n.Escalations).WithOne().HasForeignKey(e => e.NoticeId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(n => n.Escalations).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(n => n.Number);
        builder.Ignore(n => n.IsEscalation);
        builder.Ignore(n => n.IsOpen);
        builder.Ignore(n => n.MayEscalate);
    }
}

public sealed class NoticeEscalationConfiguration : EntityConfiguration<NoticeEscalation>
{
    protected override void ConfigureEntity(EntityTypeBuilder<NoticeEscalation> builder)
    {
        builder.Property(e => e.Cause).HasMaxLength(Lengths.MediumText).IsRequired();
        builder.Property(e => e.TakenBy).HasMaxLength(256).IsRequired();
        builder.Property(e => e.GoodFaithReason).HasMaxLength(Lengths.MediumText);
        builder.HasIndex(e => new { e.NoticeId, e.Step }).IsUnique();
        builder.HasIndex(e => e.BulletinQuarterKey);
        builder.HasOne(e => e.ResultingNotice).WithMany().HasForeignKey(e => e.ResultingNoticeId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class NoticeResponseConfiguration : EntityConfiguration<NoticeResponse>
{
    protected override void ConfigureEntity(EntityTypeBuilder<NoticeResponse> builder)
    {
        builder.Property(r => r.Measures).HasMaxLength(Lengths.LongText).IsRequired();
        builder.Property(r => r.RespondedBy).HasMaxLength(256).IsRequired();
    }
}
