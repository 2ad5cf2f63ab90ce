using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Meetings;
using ReformTracker.Web.Domain.Organisation;
using ReformTracker.Web.Domain.Plans;
using ReformTracker.Web.Domain.Tasks;

namespace ReformTracker.Web.Data.Configurations;

public sealed class MeetingConfiguration : EntityConfiguration<Meeting>
{
    protected override void ConfigureEntity(EntityTypeBuilder<Meeting> builder)
    {
        builder.Property(m => m.Title).HasMaxLength(Lengths.Title).IsRequired();
        builder.Property(m => m.Attendees).HasMaxLength(Lengths.MediumText).IsRequired();
        builder.Property(m => m.Minutes).HasMaxLength(Lengths.LongText).IsRequired();
        builder.Property(m => m.CreatedBy).HasMaxLength(256).IsRequired();
        builder.HasIndex(m => new { m.PlanId, m.Date });
        builder.HasIndex(m => new { m.OfficeId, m.Date });
        builder.HasOne<Plan>().WithMany().HasForeignKey(m => m.PlanId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Office>().WithMany().HasForeignKey(m => m.OfficeId).OnDelete(DeleteBehavior.Restrict);
        builder.ToTable(t => t.HasCheckConstraint("CK_Meetings_PlanOrOffice", "(PlanId IS NULL AND OfficeId IS NOT NULL) OR (PlanId IS NOT NULL AND OfficeId IS NULL)"));
        builder.HasMany(m => m.Items).WithOne().HasForeignKey(i => i.MeetingId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(m => m.Items).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(m => m.AttendeeList);
    }
}

public sealed class MeetingItemConfiguration : EntityConfiguration<MeetingItem>
{
    protected override void ConfigureEntity(EntityTypeBuilder<MeetingItem> builder)
    {
        builder.Property(i => i.Content).HasMaxLength(Lengths.MediumText).IsRequired();
        builder.Property(i => i.CompletionNote).HasMaxLength(Lengths.MediumText);
        builder.Property(i => i.ReopenReason).HasMaxLength(Lengths.MediumText);
        builder.Property(i => i.DoneBy).HasMaxLength(256);
        builder.Property(i => i.ReopenedBy).HasMaxLength(256);
        builder.HasIndex(i => new { i.AssigneeUnitId, i.State });
        builder.HasIndex(i => new { i.State, i.Deadline });
        builder.HasOne<Unit>().WithMany().HasForeignKey(i => i.AssigneeUnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ReformTask>().WithMany().HasForeignKey(i => i.TaskId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(i => i.IsDone);
    }
}
