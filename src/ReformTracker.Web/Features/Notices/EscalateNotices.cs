using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReformTracker.Web.Data;
using ReformTracker.Web.Data.Auditing;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Infrastructure;

namespace ReformTracker.Web.Features.Notices;

/// <summary>
/// Climbs the escalation ladder for every open notice: a reminder when it is not signed for in time, a next-level
/// notice to the unit head and the leading official when it is not answered by its deadline, a listing in the next
/// 通报 when even that goes unanswered. Each step is recorded once; running it twice on a day changes nothing.
/// </summary>
public static class EscalateNotices
{
    public sealed record Outcome(int Reminders, int Escalations, int Listings);

    public sealed class Handler(AppDbContext db, DistrictClock clock, IOptions<EscalationSettings> settings, NoticeEscalator escalator, Notifications.Notifier notifier)
    {
        public async Task<Outcome> HandleAsync(CancellationToken cancellationToken)
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    return await RunOnceAsync(cancellationToken);
                }
                catch (DbUpdateException) when (attempt == 0)
                {
                    // A person took the same notice number at the same moment: start again from fresh data.
                    db.ChangeTracker.Clear();
                }
            }
        }

        private async Task<Outcome> RunOnceAsync(CancellationToken cancellationToken)
        {
            var today = clock.Today;
            var now = clock.UtcNow;
            var open = await db.Notices.Include(n => n.Escalations)
                .Where(n => n.Status != NoticeStatus.Closed && n.Status != NoticeStatus.Responded)
                .OrderBy(n => n.Id).ToListAsync(cancellationToken);
            int reminders = 0, escalations = 0, listings = 0;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var notice in open)
            {
                var facts = new NoticeLadderFacts(
                    notice.Status, DateOnly.FromDateTime(clock.ToLocal(notice.IssuedAtUtc)), notice.Deadline, notice.IsEscalation,
                    notice.Escalations.Select(e => e.Step).ToList());
                switch (EscalationLadder.Decide(facts, today, settings.Value))
                {
                    case { Step: EscalationStep.Reminder } decision:
                        notice.RecordReminder(decision.Cause, now, AuditActor.SystemName);
                        reminders++;
                        break;
                    case { Step: EscalationStep.Escalated } decision:
                        await escalator.EscalateAsync(notice, decision.Cause, AuditActor.SystemName, false, null, cancellationToken);
                        escalations++;
                        break;
                    case { Step: EscalationStep.ListedInBulletin } decision:
                        notice.ListInBulletin(BulletinQuarter.Containing(today), decision.Cause, now, AuditActor.SystemName);
                        listings++;
                        break;
                }
            }

            await notifier.LadderStepsTakenAsync(open, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new Outcome(reminders, escalations, listings);
        }
    }
}

/// <summary>Issues the next-level notice for an overdue one: numbered, addressed, with the ladder's deadline.</summary>
public sealed class NoticeEscalator(AppDbContext db, DistrictClock clock, IOptions<EscalationSettings> settings)
{
    /// <summary>Adds the new notice to the context, to be saved by the caller.</summary>
    public async Task<Notice> EscalateAsync(Notice notice, string cause, string by, bool goodFaith, string? goodFaithReason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var today = clock.Today;
        var kind = EscalationLadder.NextKind(notice.Kind);
        var sequence = await NextSequenceAsync(kind, today.Year, cancellationToken);
        var addressedTo = await AddresseesAsync(notice, cancellationToken);
        var next = notice.Escalate(
            today.Year, sequence, addressedTo, today.AddDays(settings.Value.EscalatedResponseDays), cause, clock.UtcNow, by, goodFaith, goodFaithReason);
        db.Notices.Add(next);
        return next;
    }

    private async Task<int> NextSequenceAsync(NoticeKind kind, int year, CancellationToken cancellationToken)
    {
        // Numbers already taken by notices added in this unit of work but not yet saved count too.
        var saved = await db.Notices.IgnoreQueryFilters().Where(n => n.Kind == kind && n.Year == year).MaxAsync(n => (int?)n.Sequence, cancellationToken);
        var pending = db.Notices.Local.Where(n => n.Kind == kind && n.Year == year).Max(n => (int?)n.Sequence);
        return NoticeNumbering.Next(Math.Max(saved ?? 0, pending ?? 0));
    }

    /// <summary>"区发改局主要负责人；分管区领导 王某某（副区长）": the unit's head by office, the task's leading official by name.</summary>
    private async Task<string> AddresseesAsync(Notice notice, CancellationToken cancellationToken)
    {
        var unit = await db.Units.IgnoreQueryFilters().Where(u => u.Id == notice.RecipientUnitId).Select(u => u.Name).SingleAsync(cancellationToken);
        var official = notice.TaskId is { } taskId
            ? await db.Tasks.IgnoreQueryFilters().Where(t => t.Id == taskId && t.LeadingOfficialId != null)
                .Join(db.Officials.IgnoreQueryFilters(), t => t.LeadingOfficialId, o => o.Id, (t, o) => new { o.Name, o.Position })
                .SingleOrDefaultAsync(cancellationToken)
            : null;
        return official is null ? $"{unit}主要负责人" : $"{unit}主要负责人；分管领导 {official.Name}（{official.Position}）";
    }
}
