using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using ReformTracker.Web.Domain.Common;

namespace ReformTracker.Web.Data;

/// <summary>Stores a period as the integer yyyyMM so periods sort and compare in SQL.</summary>
public sealed class YearMonthConverter() : ValueConverter<YearMonth, int>(p => p.Value, v => YearMonth.FromValue(v));
