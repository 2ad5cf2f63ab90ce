using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Benchmark;

/// <summary>
/// Benchmark only (<c>Benchmark:Enabled=true</c>): the ceiling page of scripts/bench.sh, the TechEmpower
/// "Fortunes" shape: one small EF query, 12 rows sorted in memory, rendered by a Razor view in the layout.
/// Every other page is measured as a share of its requests per second. Absent from every other configuration.
/// </summary>
public sealed class BenchmarkController : FeatureController
{
    public const int Rows = 12;

    public sealed record Row(int Id, string Name, string ShortName);

    [HttpGet("/benchmark/ceiling")]
    [Authorize(Policy = Permissions.TasksView)]
    public async Task<IActionResult> Ceiling([FromServices] AppDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.Units.AsNoTracking().OrderBy(u => u.Id).Take(Rows - 1)
            .Select(u => new Row(u.Id, u.Name, u.ShortName)).ToListAsync(cancellationToken);
        rows.Add(new Row(0, "Additional row added at request time.", "—"));
        return View(rows.OrderBy(r => r.Name, StringComparer.Ordinal).ToList());
    }
}

/// <summary>Settings of the benchmark configuration.</summary>
public sealed class BenchmarkOptions
{
    public const string SectionName = "Benchmark";

    /// <summary>Registers the ceiling page. Off unless a benchmark run turns it on.</summary>
    public bool Enabled { get; set; }
}

/// <summary>Removes <see cref="BenchmarkController"/> from MVC unless the benchmark configuration is on, so its route does not exist.</summary>
public sealed class BenchmarkControllerGate(bool enabled) : IApplicationFeatureProvider<ControllerFeature>
{
    public void PopulateFeature(IEnumerable<ApplicationPart> parts, ControllerFeature feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        if (!enabled)
        {
            feature.Controllers.Remove(typeof(BenchmarkController).GetTypeInfo());
        }
    }
}
