using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Data.Auditing;
using ReformTracker.Web.Domain.Auditing;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure;

namespace ReformTracker.Web.Features.Audit;

/// <summary>审计日志: the audit trail, newest first, filtered by district dates, user, action, record type and id.</summary>
public static class AuditLog
{
    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>Every filter is a plain string so that no value in a shared URL can fail to bind; unreadable values filter nothing.</summary>
    public sealed class Query
    {
        public string? From { get; set; }

        public string? To { get; set; }

        public string? User { get; set; }

        public string? Action { get; set; }

        public string? Type { get; set; }

        public string? Entity { get; set; }

        public int? Page { get; set; }

        public int? Size { get; set; }

        public DateOnly? FromDate => ParseDate(From);

        public DateOnly? ToDate => ParseDate(To);

        public AuditAction? ActionValue =>
            Enum.GetNames<AuditAction>().FirstOrDefault(n => string.Equals(n, Action?.Trim(), StringComparison.OrdinalIgnoreCase)) is { } name
                ? Enum.Parse<AuditAction>(name)
                : null;

        public string? UserText => Clean(User);

        public string? TypeText => Clean(Type);

        public string? EntityText => Clean(Entity);

        public bool HasFilters => FromDate is not null || ToDate is not null || UserText is not null || ActionValue is not null
            || TypeText is not null || EntityText is not null;

        public RouteValueDictionary ToRouteValues(int? page = null)
        {
            var values = new RouteValueDictionary();
            void Add(string key, object? value)
            {
                if (value is not null)
                {
                    values[key] = value;
                }
            }

            Add("from", FromDate?.ToString(DateFormat, CultureInfo.InvariantCulture));
            Add("to", ToDate?.ToString(DateFormat, CultureInfo.InvariantCulture));
            Add("user", UserText);
            Add("action", ActionValue);
            Add("type", TypeText);
            Add("entity", EntityText);
            Add("page", page ?? Page);
            Add("size", Size);
            return values;
        }

        private static DateOnly? ParseDate(string? text) =>
            DateOnly.TryParseExact(text?.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

        private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    public sealed record Row(
        long Sequence,
        string LocalTime,
        string UserName,
        string? UnitName,
        AuditAction Action,
        string EntityType,
        string? EntityId,
        IReadOnlyList<FieldChange> Changes,
        string? ClientAddress,
        string? CorrelationId);

    public sealed record Model(Query Query, IReadOnlyList<Row> Rows, PageInfo Paging, IReadOnlyList<string> EntityTypes);

    public sealed class Handler(AppDbContext db, DistrictClock clock)
    {
        public async Task<Model> HandleAsync(Query query, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(query);
            var records = Filter(db.AuditRecords.AsNoTracking(), query);

            var total = await records.CountAsync(cancellationToken);
            var paging = PageInfo.For(query.Page, query.Size, total);
            var page = await records.OrderByDescending(r => r.Sequence).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(cancellationToken);

            var unitIds = page.Select(r => r.UnitId).OfType<int>().Distinct().ToList();
            var units = await db.Units.AsNoTracking().IgnoreQueryFilters().Where(u => unitIds.Contains(u.Id))
                .ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
            var types = await db.AuditRecords.AsNoTracking().Select(r => r.EntityType).Distinct().ToListAsync(cancellationToken);

            var rows = page.Select(r => new Row(
                r.Sequence,
                clock.ToLocal(r.TimestampUtc).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                r.UserName,
                r.UnitId is { } unitId ? units.GetValueOrDefault(unitId) : null,
                r.Action,
                r.EntityType,
                r.EntityId,
                AuditChanges.Parse(r.Changes),
                r.ClientAddress,
                r.CorrelationId)).ToList();
            return new Model(
                query,
                rows,
                paging,
                types.OrderBy(t => AuditLabels.IsKnownEntityType(t) ? 0 : 1).ThenBy(t => t, StringComparer.Ordinal).ToList());
        }

        private IQueryable<AuditRecord> Filter(IQueryable<AuditRecord> records, Query query)
        {
            if (query.FromDate is { } from && UtcStartOf(from) is { } fromUtc)
            {
                records = records.Where(r => r.TimestampUtc >= fromUtc);
            }

            if (query.ToDate is { } to && to < DateOnly.MaxValue && UtcStartOf(to.AddDays(1)) is { } toUtc)
            {
                records = records.Where(r => r.TimestampUtc < toUtc);
            }

            if (query.UserText is { } user)
            {
                records = records.Where(r => r.UserName.Contains(user));
            }

            if (query.ActionValue is { } action)
            {
                records = records.Where(r => r.Action == action);
            }

            if (query.TypeText is { } type)
            {
                records = records.Where(r => r.EntityType == type);
            }

            if (query.EntityText is { } entity)
            {
                records = records.Where(r => r.EntityId == entity);
            }

            return records;
        }

        /// <summary>Midnight of a district date in UTC; a date at the edge of the calendar means "no bound".</summary>
        private DateTime? UtcStartOf(DateOnly date)
        {
            try
            {
                return TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), clock.Zone);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }
    }
}
