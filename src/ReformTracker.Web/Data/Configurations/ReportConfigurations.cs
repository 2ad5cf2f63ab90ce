using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Organisation;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Tasks;

namespace ReformTracker.Web.Data.Configurations;

public sealed class MonthlyReportConfiguration : EntityConfiguration<MonthlyReport>
{
    protected override void ConfigureEntity(EntityTypeBuilder<MonthlyReport> builder)
    {
        builder.ToTable("Reports");
        builder.Property(r => r.Achievement).HasMaxLength(Lengths.LongText).IsRequired();
        builder.Property(r => r.PercentDecreaseReason).HasMaxLength(Lengths.MediumText);
        builder.Property(r => r.ReviewComment).HasMaxLength(Lengths.MediumText);
        builder.HasIndex(r => new { r.TaskId, r.Period }).IsUnique();
        builder.HasIndex(r => new { r.Period, r.UnitId, r.Status });

        // Covering, led by the period: the dashboard's trend and investment read a year of accepted reports from the index alone.
        builder.HasIndex(r => new { r.Period, r.Status, r.IsDeleted, r.TaskId, r.PercentComplete, r.InvestmentThisMonth }, "IX_Reports_Period_Status_Covering");

        // Covering, led by the task: the supervision evaluation reads each task's filed months and latest accepted reports from the index alone.
        builder.HasIndex(r => new { r.TaskId, r.Period, r.Status, r.PercentComplete, r.FirstSubmittedAtUtc, r.IsDeleted }, "IX_Reports_TaskId_Period_Covering");
        builder.HasOne<ReformTask>().WithMany().HasForeignKey(r => r.TaskId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Unit>().WithMany().HasForeignKey(r => r.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Problems).WithOne().HasForeignKey(p => p.ReportId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(r => r.Problems).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Property(r => r.SubmittedBy).HasMaxLength(256);
        builder.Property(r => r.ReviewedBy).HasMaxLength(256);
        builder.HasMany(r => r.MilestonesReached).WithOne().HasForeignKey(m => m.ReportId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(r => r.MilestonesReached).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(r => r.Amendments).WithOne().HasForeignKey(a => a.ReportId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(r => r.Amendments).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(r => r.IsEditable);
        builder.Ignore(r => r.Effective);
    }
}

public sealed class ReportMilestoneConfiguration : IEntityTypeConfiguration<ReportMilestone>
{
    public void Configure(EntityTypeBuilder<ReportMilestone> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.HasKey(m => new { m.ReportId, m.MilestoneId });
        builder.HasOne<Milestone>().WithMany().HasForeignKey(m => m.MilestoneId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ReportAmendmentConfiguration : EntityConfiguration<ReportAmendment>
{
    protected override void ConfigureEntity(EntityTypeBuilder<ReportAmendment> builder)
    {
        builder.Property(a => a.Reason).HasMaxLength(Lengths.MediumText).IsRequired();
        builder.Property(a => a.OriginalAchievement).HasMaxLength(Lengths.LongText).IsRequired();
        builder.Property(a => a.CorrectedAchievement).HasMaxLength(Lengths.LongText).IsRequired();
        builder.Property(a => a.AmendedBy).HasMaxLength(256).IsRequired();
    }
}

public sealed class CooperationFeedbackConfiguration : EntityConfiguration<CooperationFeedback>
{
    protected override void ConfigureEntity(EntityTypeBuilder<CooperationFeedback> builder)
    {
        builder.Property(f => f.Text).HasMaxLength(Lengths.MediumText).IsRequired();
        builder.HasIndex(f => new { f.TaskId, f.Period, f.UnitId }).IsUnique();
        builder.HasOne<ReformTask>().WithMany().HasForeignKey(f => f.TaskId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Unit>().WithMany().HasForeignKey(f => f.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class EvidenceFileConfiguration : EntityConfiguration<EvidenceFile>
{
    protected override void ConfigureEntity(EntityTypeBuilder<EvidenceFile> builder)
    {
        builder.Property(e => e.FileName).HasMaxLength(Lengths.Title).IsRequired();
        builder.Property(e => e.StoredName).HasMaxLength(Lengths.Title).IsRequired();
        builder.Property(e => e.ContentType).HasMaxLength(Lengths.Name).IsRequired();
        builder.Property(e => e.Sha256).HasMaxLength(64).IsRequired();
        builder.Property(e => e.UploadedBy).HasMaxLength(256).IsRequired();
        builder.HasIndex(e => e.ReportId);
        builder.HasIndex(e => e.NoticeResponseId);
        builder.HasIndex(e => e.CloseOutId);
        builder.HasIndex(e => e.StoredName).IsUnique();
        builder.HasOne<MonthlyReport>().WithMany().HasForeignKey(e => e.ReportId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Domain.Supervision.NoticeResponse>().WithMany().HasForeignKey(e => e.NoticeResponseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Domain.Tasks.CloseOutApplication>().WithMany().HasForeignKey(e => e.CloseOutId).OnDelete(DeleteBehavior.Restrict);
        builder.ToTable(t => t.HasCheckConstraint(
            "CK_EvidenceFiles_OneOwner",
            "(CASE WHEN ReportId IS NULL THEN 0 ELSE 1 END) + (CASE WHEN NoticeResponseId IS NULL THEN 0 ELSE 1 END) + (CASE WHEN CloseOutId IS NULL THEN 0 ELSE 1 END) = 1"));
        builder.Ignore(e => e.Owner);
    }
}

public sealed class ReportProblemConfiguration : EntityConfiguration<ReportProblem>
{
    protected override void ConfigureEntity(EntityTypeBuilder<ReportProblem> builder)
    {
        builder.Property(p => p.Description).HasMaxLength(Lengths.MediumText).IsRequired();
        builder.Property(p => p.Measure).HasMaxLength(Lengths.MediumText).IsRequired();
        builder.HasOne<Unit>().WithMany().HasForeignKey(p => p.ResponsibleUnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => p.ResolveBy);
    }
}
