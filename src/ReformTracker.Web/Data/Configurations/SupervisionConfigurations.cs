using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Meetings;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Domain.Tasks;

namespace ReformTracker.Web.Data.Configurations;

public sealed class FlagConfiguration : EntityConfiguration<Flag>
{
    protected override void ConfigureEntity(EntityTypeBuilder<Flag> builder)
    {
        builder.Property(f => f.SubjectKey).HasMaxLength(64).IsRequired();
        builder.Property(f => f.Reason).HasMaxLength(Lengths.MediumText).IsRequired();
        builder.HasIndex(f => new { f.TaskId, f.Rule, f.SubjectKey, f.ClosedAtUtc });
        builder.HasIndex(f => new { f.ClosedAtUtc, f.Light });
        builder.HasOne<ReformTask>().WithMany().HasForeignKey(f => f.TaskId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(f => new { f.MeetingItemId, f.ClosedAtUtc });
        builder.HasOne<MeetingItem>().WithMany().HasForeignKey(f => f.MeetingItemId).OnDelete(DeleteBehavior.Restrict);
        builder.ToTable(t => t.HasCheckConstraint("CK_Flags_TaskOrMeetingItem", "(TaskId IS NULL AND MeetingItemId IS NOT NULL) OR (TaskId IS NOT NULL AND MeetingItemId IS NULL)"));
        builder.Ignore(f => f.IsOpen);
    }
}

public sealed class TaskLightConfiguration : IEntityTypeConfiguration<TaskLight>
{
    public void Configure(EntityTypeBuilder<TaskLight> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.HasKey(l => l.TaskId);
        builder.Property(l => l.TaskId).ValueGeneratedNever();
        builder.Property(l => l.Reasons).HasMaxLength(Lengths.LongText).IsRequired();
        builder.HasIndex(l => l.Light);
        builder.HasOne<ReformTask>().WithOne().HasForeignKey<TaskLight>(l => l.TaskId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class LeaseConfiguration : IEntityTypeConfiguration<Lease>
{
    public void Configure(EntityTypeBuilder<Lease> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.HasKey(l => l.Name);
        builder.Property(l => l.Name).HasMaxLength(64);
        builder.Property(l => l.Holder).HasMaxLength(128).IsRequired();
    }
}
