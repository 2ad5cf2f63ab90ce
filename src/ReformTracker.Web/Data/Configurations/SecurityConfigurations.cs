using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReformTracker.Web.Domain.Auditing;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Organisation;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Data.Configurations;

public sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(u => u.DisplayName).HasMaxLength(Lengths.Name).IsRequired();
        builder.Property(u => u.Role).HasMaxLength(32).IsRequired();
        builder.HasOne<Unit>().WithMany().HasForeignKey(u => u.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Office>().WithMany().HasForeignKey(u => u.OfficeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(u => u.UnitId);
    }
}

public sealed class AuditRecordConfiguration : IEntityTypeConfiguration<AuditRecord>
{
    public void Configure(EntityTypeBuilder<AuditRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("AuditRecords");
        builder.HasKey(r => r.Sequence);
        builder.Property(r => r.Sequence).ValueGeneratedNever();
        builder.Property(r => r.UserName).HasMaxLength(256).IsRequired();
        builder.Property(r => r.EntityType).HasMaxLength(64).IsRequired();
        builder.Property(r => r.EntityId).HasMaxLength(64);
        // Old and new values of long texts: unbounded (nvarchar(max) on SQL Server).
        builder.Property(r => r.Changes).HasMaxLength(1_000_000).IsRequired();
        builder.Property(r => r.ClientAddress).HasMaxLength(64);
        builder.Property(r => r.CorrelationId).HasMaxLength(128);
        builder.Property(r => r.PreviousHash).HasMaxLength(64).IsRequired();
        builder.Property(r => r.Hash).HasMaxLength(64).IsRequired();
        builder.HasIndex(r => new { r.EntityType, r.EntityId });
        builder.HasIndex(r => r.TimestampUtc);
        builder.HasIndex(r => r.UserId);
    }
}

public sealed class AuditChainHeadConfiguration : IEntityTypeConfiguration<AuditChainHead>
{
    public void Configure(EntityTypeBuilder<AuditChainHead> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.LastHash).HasMaxLength(64).IsRequired();
        builder.HasData(new AuditChainHead { Id = AuditChainHead.SingletonId, LastSequence = 0, LastHash = AuditRecord.GenesisHash });
    }
}
