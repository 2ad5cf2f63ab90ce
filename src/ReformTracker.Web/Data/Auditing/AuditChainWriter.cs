using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Domain.Auditing;

namespace ReformTracker.Web.Data.Auditing;

/// <summary>Appends drafts to the hash chain inside the caller's transaction.</summary>
public static class AuditChainWriter
{
    public static async Task AppendAsync(AppDbContext db, IReadOnlyList<AuditDraft> drafts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (drafts.Count == 0)
        {
            return;
        }

        // Concurrent appenders (other requests, other app instances) must queue before reading the head, or the chain forks.
        // On SQL Server, touching the head row takes its lock. On SQLite the caller's transaction already holds the one write
        // lock of the whole database: it began IMMEDIATE (a test holds this), so the touch would only be one more statement
        // inside the write turn every writer waits for.
        if (!db.Database.IsSqlite())
        {
            await db.AuditChainHeads.Where(h => h.Id == AuditChainHead.SingletonId)
                .ExecuteUpdateAsync(s => s.SetProperty(h => h.LastSequence, h => h.LastSequence), cancellationToken);
        }

        // A head this context already tracks may be stale (an earlier save of the same context); a fresh one is current.
        var head = TrackedHead(db);
        if (head is null)
        {
            head = await db.AuditChainHeads.AsTracking().SingleAsync(h => h.Id == AuditChainHead.SingletonId, cancellationToken);
        }
        else
        {
            await db.Entry(head).ReloadAsync(cancellationToken);
        }

        db.AuditRecords.AddRange(head.Append(drafts));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Looks among tracked entities without detecting changes (the save that called us just did).</summary>
    private static AuditChainHead? TrackedHead(AppDbContext db)
    {
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return db.AuditChainHeads.Local.FirstOrDefault(h => h.Id == AuditChainHead.SingletonId);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }
}
