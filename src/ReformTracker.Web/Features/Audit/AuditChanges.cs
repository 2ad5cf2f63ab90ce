using System.Text.Json;
using ReformTracker.Web.Data.Auditing;

namespace ReformTracker.Web.Features.Audit;

/// <summary>Reads the Changes column back into field changes; whatever is stored there, reading never fails.</summary>
public static class AuditChanges
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

    public static IReadOnlyList<FieldChange> Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<FieldChange?>>(json, Options)?
                .Where(c => c is not null && !string.IsNullOrEmpty(c.F)).Select(c => c!).ToList() ?? [];
        }
        catch (JsonException)
        {
            // A record whose text is not the JSON we write (tampered or legacy) is shown as it stands.
            return [new FieldChange(nameof(Domain.Auditing.AuditRecord.Changes), null, json)];
        }
    }
}
