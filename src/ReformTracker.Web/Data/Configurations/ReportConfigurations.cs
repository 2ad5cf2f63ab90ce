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
        builder.HasOne<ReformTask>().WithMany().HasForeignKey(r => r.TaskId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Unit>().WithMany().HasForeignKey(r => r.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Problems).WithOne().HasForeignKey(p => p.ReportId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(r => r.Problems).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(r => r.IsEditable);
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
