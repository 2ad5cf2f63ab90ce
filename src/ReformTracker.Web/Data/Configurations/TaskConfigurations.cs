using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Organisation;
using ReformTracker.Web.Domain.Plans;
using ReformTracker.Web.Domain.Tasks;

namespace ReformTracker.Web.Data.Configurations;

public sealed class ReformTaskConfiguration : EntityConfiguration<ReformTask>
{
    protected override void ConfigureEntity(EntityTypeBuilder<ReformTask> builder)
    {
        builder.ToTable("Tasks");
        builder.Property(t => t.Code).HasMaxLength(Lengths.Code).IsRequired();
        builder.Property(t => t.Title).HasMaxLength(Lengths.Title).IsRequired();
        builder.Property(t => t.Content).HasMaxLength(Lengths.LongText).IsRequired();
        builder.Property(t => t.Target).HasMaxLength(Lengths.LongText).IsRequired();
        builder.Property(t => t.WorkStandard).HasMaxLength(Lengths.LongText).IsRequired();
        builder.HasIndex(t => new { t.PlanId, t.Code }).IsUnique();
        builder.HasIndex(t => new { t.LeadUnitId, t.Status, t.DueDate });
        builder.HasIndex(t => new { t.OfficeId, t.Status });
        // An office's tasks in code order (the list's default sort) without reading the wide task rows: a page stops after its rows.
        builder.HasIndex(t => new { t.OfficeId, t.Code, t.IsDeleted });
        builder.HasIndex(t => t.AreaId);
        // The 晒比榜 counts a plan's tasks per lead unit from this index alone, without reading the wide task rows.
        builder.HasIndex(
                t => new { t.PlanId, t.LeadUnitId, t.StartDate, t.Status, t.CompletedOn, t.DueDate, t.OriginalDueDate, t.PercentComplete, t.LastReportedPeriod, t.IsDeleted },
                "IX_Tasks_Ranking_Covering");

        builder.HasOne<Plan>().WithMany().HasForeignKey(t => t.PlanId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Area>().WithMany().HasForeignKey(t => t.AreaId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Office>().WithMany().HasForeignKey(t => t.OfficeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Unit>().WithMany().HasForeignKey(t => t.LeadUnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Official>().WithMany().HasForeignKey(t => t.LeadingOfficialId).OnDelete(DeleteBehavior.Restrict);

        builder.HasMany(t => t.Milestones).WithOne().HasForeignKey(m => m.TaskId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(t => t.Milestones).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(t => t.Cooperations).WithOne().HasForeignKey(c => c.TaskId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(t => t.Cooperations).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(t => t.IsClosed);
    }
}

public sealed class MilestoneConfiguration : EntityConfiguration<Milestone>
{
    protected override void ConfigureEntity(EntityTypeBuilder<Milestone> builder)
    {
        builder.Property(m => m.Title).HasMaxLength(Lengths.Title).IsRequired();
        // Covering for the 晒比榜's per-task milestone counts.
        builder.HasIndex(m => new { m.TaskId, m.PlannedDate, m.DoneDate, m.IsDeleted });
        builder.Ignore(m => m.IsDone);
    }
}

public sealed class TaskCooperationConfiguration : IEntityTypeConfiguration<TaskCooperation>
{
    public void Configure(EntityTypeBuilder<TaskCooperation> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.HasKey(c => new { c.TaskId, c.UnitId });
        builder.HasIndex(c => c.UnitId);
        builder.HasOne<Unit>().WithMany().HasForeignKey(c => c.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class CloseOutApplicationConfiguration : EntityConfiguration<CloseOutApplication>
{
    protected override void ConfigureEntity(EntityTypeBuilder<CloseOutApplication> builder)
    {
        builder.Property(c => c.Summary).HasMaxLength(Lengths.LongText).IsRequired();
        builder.Property(c => c.AppliedBy).HasMaxLength(256).IsRequired();
        builder.Property(c => c.DecidedBy).HasMaxLength(256);
        builder.Property(c => c.DecisionReason).HasMaxLength(Lengths.MediumText);
        builder.HasIndex(c => new { c.TaskId, c.Status });

        // One pending application per task, even when two posts race.
        builder.HasIndex(c => c.TaskId).IsUnique().HasFilter("Status = 'Pending'").HasDatabaseName("IX_CloseOutApplications_OnePendingPerTask");
        builder.HasOne<ReformTask>().WithMany().HasForeignKey(c => c.TaskId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Domain.Organisation.Unit>().WithMany().HasForeignKey(c => c.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(c => c.IsPending);
    }
}
