using ReformTracker.Web.Data;
using ReformTracker.Web.Infrastructure;

namespace ReformTracker.Web.Features.Audit;

/// <summary>核验审计链: walks the whole hash chain, as the verify-audit command does, and reports the first broken link.</summary>
public static class ChainCheck
{
    public sealed record Model(bool IsIntact, long CheckedCount, long? FirstBrokenSequence, string? Problem);

    public sealed class Handler(AppDbContext db)
    {
        public async Task<Model> HandleAsync(CancellationToken cancellationToken)
        {
            var result = await AdminCommands.VerifyAsync(db, cancellationToken);
            return new Model(result.IsIntact, result.CheckedCount, result.FirstBrokenSequence, result.Problem);
        }
    }
}
