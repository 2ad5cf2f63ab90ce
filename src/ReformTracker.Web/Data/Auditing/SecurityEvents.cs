using ReformTracker.Web.Domain.Auditing;

namespace ReformTracker.Web.Data.Auditing;

/// <summary>Writes security events (sign-ins, lockouts, refusals) into the same hash chain as data changes.</summary>
public sealed class SecurityEvents(AppDbContext db, AuditActor actor, TimeProvider clock)
{
    public async Task RecordAsync(AuditAction action, string subjectType, string? subjectId, CancellationToken cancellationToken, string? userName = null, int? userId = null, string? detail = null)
    {
        var user = actor.User;
        var draft = new AuditDraft(
            clock.GetUtcNow().UtcDateTime,
            userId ?? user.Id,
            userName ?? actor.UserName,
            user.UnitId,
            action,
            subjectType,
            subjectId,
            detail is null ? "[]" : FieldChange.Serialize(new[] { new FieldChange("detail", null, detail) }),
            actor.ClientAddress,
            actor.CorrelationId);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await AuditChainWriter.AppendAsync(db, [draft], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
