using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Organisation;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Domain.Tasks;

namespace ReformTracker.Web.Data.Configurations;

public sealed class ExtensionRequestConfiguration : EntityConfiguration<ExtensionRequest>
{
    protected override void ConfigureEntity(EntityTypeBuilder<ExtensionRequest> builder)
    {
        builder.Property(e => e.RequestedBy).HasMaxLength(256).IsRequired();
        builder.Property(e => e.DecidedBy).HasMaxLength(256);
        builder.Property(e => e.Reason).HasMaxLength(Lengths.MediumText).IsRequired();
        builder.Property(e => e.DecisionReason).HasMaxLength(Lengths.MediumText);
        builder.HasIndex(e => new { e.TaskId, e.Status });
        builder.HasIndex(e => new { e.RequestingUnitId, e.Status });
        builder.HasOne<ReformTask>().WithMany().HasForeignKey(e => e.TaskId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Unit>().WithMany().HasForeignKey(e => e.RequestingUnitId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(e => e.IsPending);
    }
}
