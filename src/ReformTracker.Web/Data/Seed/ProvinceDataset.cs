using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Domain.Auditing;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Data.Seed;

/// <summary>How big a generated dataset is. <see cref="Full"/> is the province of issue 7; <see cref="Smoke"/> keeps CI quick.</summary>
public sealed record DatasetScale(string Name, int Units, int Tasks, int Months, int Offices, int Officials)
{
    public static readonly DatasetScale Full = new("full", 2_000, 100_000, 12, 12, 48);

    public static readonly DatasetScale Smoke = new("smoke", 40, 1_000, 12, 6, 12);

    public static DatasetScale? Named(string? name) => name switch
    {
        null or "full" => Full,
        "smoke" => Smoke,
        _ => null,
    };
}

/// <summary>
/// Builds a province-scale SQLite database for the benchmark: the app's own migrations first, then plain
/// prepared inserts in large transactions (no change tracking, no per-row audit). The same seed and the same
/// as-of date give the same database. Every account's password is <see cref="Password"/>, hashed once.
/// The audit chain gets one record that states the bulk import and its counts, so <c>verify-audit</c> passes.
/// </summary>
public sealed class ProvinceDataset
{
    public const int Seed = 20_260_701;
    public const string Password = "Bench2026rt";
    private const string SystemUser = "system";

    private static readonly string[] Counties =
    [
        "高明", "顺德", "南海", "禅城", "三水", "金湾", "斗门", "香洲", "莲都", "青田", "缙云", "遂昌", "松阳", "云和", "庆元", "景宁",
        "龙泉", "越秀", "海珠", "荔湾", "天河", "白云", "黄埔", "番禺", "花都", "南沙", "从化", "增城", "福田", "罗湖", "南山", "宝安",
        "龙岗", "盐田", "龙华", "坪山", "光明", "惠城", "惠阳", "博罗",
    ];

    private static readonly string[] Departments =
    [
        "财政局", "交通运输局", "发展规划和统计局", "住房城乡建设局", "自然资源局", "生态环境局", "农业农村局", "教育局", "卫生健康局",
        "市场监管局", "人力资源社会保障局", "民政局", "司法局", "应急管理局", "水利局", "文化广电旅游体育局", "商务局", "科技局",
        "政务服务数据管理局", "城市管理和综合执法局",
    ];

    private static readonly string[] TownWords = ["荷城", "杨和", "明城", "更合", "红星", "金湾", "平沙", "三灶", "南水", "白藤", "井岸", "乾务", "白蕉", "莲下", "五都"];

    private static readonly string[] OfficeNames =
    [
        "重点项目办公室", "基础设施建设办公室", "全域旅游和美丽乡村办公室", "监察审计办公室", "征地拆迁办公室", "营商环境办公室",
        "数字政府办公室", "乡村振兴办公室", "城市更新办公室", "招商引资办公室", "生态环境整治办公室", "民生实事办公室",
    ];

    private static readonly string[] AreaNames = ["经济提升", "区域提升", "民生提升", "破解难题", "数字赋能", "空间聚合", "要素保障", "创新引领"];

    private static readonly string[] Topics =
    [
        "推进工程建设项目审批制度改革", "深化“放管服”改革", "完善农村集体产权制度", "推进城市更新片区改造", "建设智慧政务服务平台",
        "优化营商环境专项行动", "推动产业园区提质增效", "推进河长制湖长制落实", "深化医药卫生体制改革", "推进教育集团化办学",
        "完善基层社会治理网格", "推进“一户多宅”清理整治", "推动村级集体经济增收", "建设高标准农田", "推进污水管网全覆盖",
        "完善公共法律服务体系", "推进政务数据共享", "实施重点项目“拿地即动工”", "推进农村人居环境整治", "完善应急管理体系",
    ];

    private static readonly string[] Achievements =
    [
        "已完成方案编制并报区政府审定，召开专题推进会 2 次。", "本月完成年度目标的阶段任务，相关资料已归档。",
        "完成现场踏勘和征求意见，正在组织专家评审。", "已完成招标，施工单位进场，主体工程按计划推进。",
        "召开联席会议协调解决用地指标问题，已落实资金。", "完成试点镇街经验总结，准备全域推广。",
        "系统平台完成联调测试，已上线试运行。", "本月受理事项全部按时办结，群众满意度 98%。",
    ];

    private static readonly string[] Problems = ["用地指标尚未落实", "资金拨付进度滞后", "部门之间数据共享不畅", "征拆补偿协议未全部签订", "施工受天气影响"];

    private readonly Random _random = new(Seed);
    private readonly DatasetScale scale;
    private readonly DateOnly today;
    private readonly int cutOffDay;
    private readonly IPasswordHasher<AppUser> hasher;
    private readonly TextWriter log;

    private static readonly JsonSerializerOptions ChineseJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public ProvinceDataset(DatasetScale scale, DateOnly today, int cutOffDay, IPasswordHasher<AppUser> hasher, TextWriter log)
    {
        this.scale = scale;
        this.today = today;
        this.cutOffDay = cutOffDay;
        this.hasher = hasher;
        this.log = log;
    }

    /// <summary>What was written, for the progress log and the audit record.</summary>
    public Dictionary<string, long> Counts { get; } = [];

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? Option(string name)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        var output = Option("--out");
        var scale = DatasetScale.Named(Option("--scale"));
        var asOf = Option("--as-of");
        if (string.IsNullOrWhiteSpace(output) || scale is null
            || (asOf is not null && !DateOnly.TryParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
        {
            await Console.Error.WriteLineAsync("用法: generate-dataset --out <文件> [--scale full|smoke] [--as-of yyyy-MM-dd]");
            return 2;
        }

        var today = asOf is null
            ? services.GetRequiredService<Infrastructure.DistrictClock>().Today
            : DateOnly.ParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var cutOff = services.GetRequiredService<ReportingCalendar>().CutOffDay;
        await using var scope = services.CreateAsyncScope();
        var generator = new ProvinceDataset(scale, today, cutOff, scope.ServiceProvider.GetRequiredService<IPasswordHasher<AppUser>>(), Console.Out);
        await generator.GenerateAsync(Path.GetFullPath(output), CancellationToken.None);
        return 0;
    }

    public async Task GenerateAsync(string path, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            File.Delete(file);
        }

        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(connectionString).Options;
        await using (var db = new SqliteAppDbContext(options))
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        await log.WriteLineAsync($"[{watch.Elapsed:mm\\:ss}] 已按迁移建库：{path}（规模 {scale.Name}，基准日 {today:yyyy-MM-dd}）");

        await using (var connection = new SqliteConnection(connectionString))
        {
            await connection.OpenAsync(cancellationToken);
            Execute(connection, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF; PRAGMA cache_size = -200000;");
            var build = new Build(this, connection, watch);
            build.Registry();
            build.TasksAndReports();
            build.Users();
            Execute(connection, "PRAGMA journal_mode = WAL;");
        }

        await AppendAuditRecordAsync(options, cancellationToken);
        await log.WriteLineAsync($"[{watch.Elapsed:mm\\:ss}] 完成：{string.Join("，", Counts.Select(c => $"{c.Key} {c.Value:N0}"))}");
    }

    /// <summary>One record for the whole import: the rows bypassed the interceptor, and the chain says so rather than pretending.</summary>
    private async Task AppendAuditRecordAsync(DbContextOptions<SqliteAppDbContext> options, CancellationToken cancellationToken)
    {
        await using var db = new SqliteAppDbContext(options);
        var head = await db.AuditChainHeads.AsTracking().SingleAsync(cancellationToken);
        var changes = JsonSerializer.Serialize(
            Counts.Select(c => new { F = c.Key, O = (string?)null, N = c.Value.ToString(CultureInfo.InvariantCulture) }),
            ChineseJson);
        var draft = new AuditDraft(
            DateTime.SpecifyKind(today.ToDateTime(new TimeOnly(0, 0)), DateTimeKind.Utc), null, SystemUser, null, AuditAction.Created,
            "BulkImport", $"{scale.Name}-{Seed}", changes, null, "generate-dataset");
        db.AuditRecords.AddRange(head.Append([draft]));
        await db.SaveChangesAsync(cancellationToken);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Instant(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private static string Money(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A prepared INSERT with positional parameters.</summary>
    private sealed class Insert
    {
        private readonly SqliteCommand _command;
        private readonly SqliteParameter[] _parameters;

        public Insert(SqliteConnection connection, string table, params string[] columns)
        {
            _command = connection.CreateCommand();
            _command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
            _parameters = columns.Select((_, i) => _command.Parameters.Add(new SqliteParameter($"$p{i}", null))).ToArray();
            _command.Prepare();
        }

        public long Count { get; private set; }

        public SqliteTransaction? Transaction
        {
            set => _command.Transaction = value;
        }

        public void Run(params object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                _parameters[i].Value = values[i] ?? DBNull.Value;
            }

            _command.ExecuteNonQuery();
            Count++;
        }
    }

    private sealed record TaskRow(int Id, int LeadUnitId, DateOnly Start, DateOnly Due);

    /// <summary>The rows of one run; separate from the outer class so its state is the run's.</summary>
    private sealed class Build(ProvinceDataset owner, SqliteConnection connection, Stopwatch watch)
    {
        private readonly Random _r = owner._random;
        private readonly DatasetScale _s = owner.scale;
        private readonly DateOnly _today = owner.today;
        private readonly List<(int Id, string Kind, string ShortName)> _units = [];
        private readonly List<(int PlanId, int[] AreaIds, int Year)> _plans = [];
        private readonly DateTime _stamp = DateTime.SpecifyKind(owner.today.AddYears(-3).ToDateTime(new TimeOnly(9, 0)), DateTimeKind.Utc);

        private YearMonth Open => new ReportingCalendar(owner.cutOffDay).OpenPeriodOn(_today);

        private void Progress(string text) => owner.log.WriteLine($"[{watch.Elapsed:mm\\:ss}] {text}");

        private T Pick<T>(IReadOnlyList<T> items) => items[_r.Next(items.Count)];

        private DateTime At(DateOnly date, int hourFrom = 1, int hourTo = 10) =>
            DateTime.SpecifyKind(date.ToDateTime(new TimeOnly(_r.Next(hourFrom, hourTo), _r.Next(60), _r.Next(60))), DateTimeKind.Utc);

        public void Registry()
        {
            using var transaction = connection.BeginTransaction();
            var officials = new Insert(connection, "Officials", "Id", "Name", "Position", "Version", "CreatedAtUtc", "UpdatedAtUtc", "IsDeleted") { Transaction = transaction };
            string[] surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙"];
            string[] given = ["建国", "海燕", "志强", "晓明", "丽华", "文军", "红梅", "国华"];
            string[] positions = ["副区长", "区委常委", "区人大常委会副主任", "区政协副主席"];
            for (var i = 1; i <= _s.Officials; i++)
            {
                officials.Run(i, $"{surnames[i % surnames.Length]}{given[i / surnames.Length % given.Length]}{i:D2}", Pick(positions), 1, Instant(_stamp), Instant(_stamp), 0);
            }

            var offices = new Insert(connection, "Offices", "Id", "Name", "ShortName", "Duties", "LeadingOfficialId", "Version", "CreatedAtUtc", "UpdatedAtUtc", "IsDeleted") { Transaction = transaction };
            for (var i = 1; i <= _s.Offices; i++)
            {
                var name = OfficeNames[(i - 1) % OfficeNames.Length];
                offices.Run(i, name, name.Replace("办公室", "办", StringComparison.Ordinal), $"统筹推进{name.Replace("办公室", string.Empty, StringComparison.Ordinal)}相关改革任务", i, 1, Instant(_stamp), Instant(_stamp), 0);
            }

            var units = new Insert(connection, "Units", "Id", "Name", "ShortName", "Kind", "ParentId", "SortOrder", "Version", "CreatedAtUtc", "UpdatedAtUtc", "IsDeleted") { Transaction = transaction };
            var departments = _s.Units / 5;
            var towns = _s.Units * 3 / 10;
            var villages = _s.Units * 9 / 20;
            var id = 0;
            for (var i = 0; i < departments; i++)
            {
                var county = Counties[i / Departments.Length % Counties.Length];
                var dept = Departments[i % Departments.Length];
                var name = $"{county}区{dept}{(i >= Counties.Length * Departments.Length ? (i / (Counties.Length * Departments.Length)).ToString(CultureInfo.InvariantCulture) : string.Empty)}";
                units.Run(++id, name, $"{county}{dept}", "Department", null, i + 1, 1, Instant(_stamp), Instant(_stamp), 0);
                _units.Add((id, "Department", $"{county}{dept}"));
            }

            var townIds = new List<int>();
            var townNames = new Dictionary<int, string>();
            for (var i = 0; i < towns; i++)
            {
                var name = $"{Counties[i % Counties.Length]}区{TownWords[i / Counties.Length % TownWords.Length]}{(i % 3 == 0 ? "街道" : "镇")}{(i >= Counties.Length * TownWords.Length ? (i / (Counties.Length * TownWords.Length)).ToString(CultureInfo.InvariantCulture) : string.Empty)}";
                units.Run(++id, name, name[(name.IndexOf('区', StringComparison.Ordinal) + 1)..], "Town", null, i + 1, 1, Instant(_stamp), Instant(_stamp), 0);
                _units.Add((id, "Town", name[(name.IndexOf('区', StringComparison.Ordinal) + 1)..]));
                townIds.Add(id);
                townNames[id] = name;
            }

            for (var i = 0; i < villages; i++)
            {
                var parent = townIds[i % townIds.Count];
                var name = $"{townNames[parent]}第{i / townIds.Count + 1}村委会";
                units.Run(++id, name, $"第{i / townIds.Count + 1}村", "Village", parent, i + 1, 1, Instant(_stamp), Instant(_stamp), 0);
                _units.Add((id, "Village", name));
            }

            for (var i = 0; id < _s.Units; i++)
            {
                var name = $"{Counties[i % Counties.Length]}区城市建设投资集团{i + 1}公司";
                units.Run(++id, name, $"城投{i + 1}", "Enterprise", null, i + 1, 1, Instant(_stamp), Instant(_stamp), 0);
                _units.Add((id, "Enterprise", name));
            }

            var plans = new Insert(connection, "Plans", "Id", "Name", "StartYear", "EndYear", "Description", "Version", "CreatedAtUtc", "UpdatedAtUtc", "IsDeleted") { Transaction = transaction };
            var areas = new Insert(connection, "Areas", "Id", "PlanId", "Name", "SortOrder", "Version", "CreatedAtUtc", "UpdatedAtUtc", "IsDeleted") { Transaction = transaction };
            var areaId = 0;
            for (var p = 1; p <= 3; p++)
            {
                var year = _today.Year - 3 + p;
                plans.Run(p, $"{year}年全省全面深化改革任务清单", year, year + 1, "省、市、区三级联动推进的年度改革任务。", 1, Instant(_stamp), Instant(_stamp), 0);
                var ids = new int[AreaNames.Length];
                for (var a = 0; a < AreaNames.Length; a++)
                {
                    ids[a] = ++areaId;
                    areas.Run(areaId, p, AreaNames[a], a + 1, 1, Instant(_stamp), Instant(_stamp), 0);
                }

                _plans.Add((p, ids, year));
            }

            transaction.Commit();
            owner.Counts["单位"] = units.Count;
            owner.Counts["专项办"] = offices.Count;
            owner.Counts["领导"] = officials.Count;
            Progress($"单位 {units.Count:N0}，专项办 {offices.Count}，清单 {plans.Count}，领域 {areas.Count}");
        }

        public void TasksAndReports()
        {
            var open = Open;
            var first = open;
            for (var i = 0; i < _s.Months; i++)
            {
                first = first.Previous;
            }

            var lastMonth = open.Previous;
            var windowStart = new DateOnly(first.Year, first.Month, 1);
            var unitsByKind = _units.GroupBy(u => u.Kind).ToDictionary(g => g.Key, g => g.Select(u => u.Id).ToArray());
            int UnitOf(string kind) => unitsByKind.TryGetValue(kind, out var ids) ? ids[_r.Next(ids.Length)] : Pick(_units).Id;
            int PickLead()
            {
                var roll = _r.NextDouble();
                return UnitOf(roll < 0.6 ? "Department" : roll < 0.9 ? "Town" : roll < 0.98 ? "Village" : "Enterprise");
            }

            var transaction = connection.BeginTransaction();
            var tasks = new Insert(connection, "Tasks",
                "Id", "PlanId", "Code", "Title", "Content", "Target", "WorkStandard", "AreaId", "OfficeId", "LeadUnitId", "LeadingOfficialId",
                "StartDate", "DueDate", "Priority", "Status", "CompletedOn", "IsKeyProject", "PlannedTotalInvestment", "PlannedAnnualInvestment",
                "ConstructionState", "PercentComplete", "LastReportedPeriod", "InvestmentCompletedToDate", "Version", "CreatedAtUtc", "UpdatedAtUtc", "IsDeleted");
            var milestones = new Insert(connection, "Milestones", "Id", "TaskId", "Title", "PlannedDate", "DoneDate", "Version", "CreatedAtUtc", "UpdatedAtUtc", "IsDeleted");
            var cooperations = new Insert(connection, "TaskCooperations", "TaskId", "UnitId");
            var reports = new Insert(connection, "Reports",
                "Id", "TaskId", "UnitId", "Period", "Status", "Achievement", "PercentComplete", "InvestmentThisMonth", "ConstructionState",
                "SubmittedAtUtc", "ReviewedAtUtc", "ReviewComment", "Version", "CreatedAtUtc", "UpdatedAtUtc", "IsDeleted", "FirstSubmittedAtUtc",
                "ReturnCount", "ReviewedBy", "SubmittedBy");
            var problems = new Insert(connection, "ReportProblems", "Id", "ReportId", "Description", "Measure", "ResponsibleUnitId", "ResolveBy", "ResolvedOn", "Version", "CreatedAtUtc", "UpdatedAtUtc", "IsDeleted");
            var lights = new Insert(connection, "TaskLights", "TaskId", "Light", "Reasons", "ExpectedPercent", "PredictedFinish", "EvaluatedAtUtc");
            var flags = new Insert(connection, "Flags", "Id", "TaskId", "Rule", "SubjectKey", "Light", "Reason", "OpenedAtUtc", "ClosedAtUtc", "Version", "CreatedAtUtc", "UpdatedAtUtc", "IsDeleted");
            var notices = new Insert(connection, "Notices",
                "Id", "Kind", "Year", "Sequence", "TaskId", "FlagId", "RecipientUnitId", "IssuerOfficeId", "IssuedBy", "IssuedAtUtc", "Requirements", "Deadline",
                "Status", "SignedAtUtc", "SignedBy", "GoodFaith", "Version", "CreatedAtUtc", "UpdatedAtUtc", "IsDeleted");
            Insert[] all = [tasks, milestones, cooperations, reports, problems, lights, flags, notices];
            void Begin()
            {
                foreach (var insert in all)
                {
                    insert.Transaction = transaction;
                }
            }

            Begin();
            var codes = new int[_plans.Count * AreaNames.Length];
            var noticeSequence = new Dictionary<string, int>();
            long milestoneId = 0, reportId = 0, problemId = 0, flagId = 0, noticeId = 0;
            var evaluated = Instant(At(_today, 0, 1));
            var percents = new int[_s.Months];
            var step = Math.Max(1, _s.Tasks / 20);

            for (var taskId = 1; taskId <= _s.Tasks; taskId++)
            {
                var planIndex = _r.NextDouble() switch { < 0.2 => 0, < 0.5 => 1, _ => 2 };
                var (planId, areaIds, _) = _plans[planIndex];
                var areaIndex = _r.Next(areaIds.Length);
                var seq = ++codes[(planIndex * AreaNames.Length) + areaIndex];
                var lead = PickLead();
                var leadName = _units[lead - 1].ShortName;
                var start = windowStart.AddDays(-_r.Next(0, 540));
                var due = start.AddDays(_r.Next(300, 1100));
                var overdue = due < _today;
                var status = overdue
                    ? (_r.NextDouble() < 0.7 ? "Completed" : "InProgress")
                    : _r.NextDouble() switch { < 0.02 => "Suspended", < 0.07 => "Completed", _ => "InProgress" };
                var completed = status == "Completed";
                var keyProject = _r.NextDouble() < 0.15;
                var lagging = _r.NextDouble() < 0.12;
                var pace = lagging ? 0.45 + (_r.NextDouble() * 0.3) : 0.9 + (_r.NextDouble() * 0.25);
                var topic = Topics[_r.Next(Topics.Length)];
                var title = $"{leadName}{topic}";
                var officeId = _r.Next(1, _s.Offices + 1);
                int? official = _r.NextDouble() < 0.9 ? _r.Next(1, _s.Officials + 1) : null;
                var priority = _r.NextDouble() switch { < 0.7 => "Normal", < 0.92 => "High", _ => "Critical" };
                decimal? total = keyProject ? _r.Next(1_000, 200_000) : null;
                decimal? annual = total is { } t ? Math.Round(t / 3m, 2) : null;
                var construction = keyProject
                    ? completed ? "Finished" : _r.NextDouble() switch { < 0.25 => "Preliminary", < 0.6 => "UnderConstruction", _ => "Started" }
                    : null;

                // Monthly percents along the task's own pace, never falling; a completed task reaches 100 in the last month.
                var previous = 0;
                for (var k = 0; k < _s.Months; k++)
                {
                    var period = first;
                    for (var j = 0; j < k; j++)
                    {
                        period = period.Next;
                    }

                    var end = new DateOnly(period.Year, period.Month, 1).AddMonths(1).AddDays(-1);
                    var planned = Math.Clamp((end.DayNumber - start.DayNumber) * 100.0 / Math.Max(1, due.DayNumber - start.DayNumber), 0, 100);
                    var value = (int)Math.Clamp(Math.Round(planned * pace), previous, 99);
                    if (_r.NextDouble() < 0.06)
                    {
                        value = previous;
                    }

                    percents[k] = completed && k == _s.Months - 1 ? 100 : value;
                    previous = percents[k];
                }

                // Month statuses: every month before the last was reviewed; the last is still being processed.
                var lastStatus = completed ? "Accepted" : _r.NextDouble() switch { < 0.68 => "Accepted", < 0.91 => "Submitted", < 0.95 => "Returned", _ => "Draft" };
                var lastAccepted = lastStatus == "Accepted" ? _s.Months - 1 : _s.Months - 2;
                var invested = 0m;
                var reportIds = new long[_s.Months];
                var monthly = annual is { } a ? Math.Round(a / 12m, 2) : 0m;
                var period0 = first;
                for (var k = 0; k < _s.Months; k++, period0 = period0.Next)
                {
                    var reportStatus = k == _s.Months - 1 ? lastStatus : "Accepted";
                    var filedDay = new DateOnly(period0.Year, period0.Month, 1).AddMonths(1).AddDays(_r.NextDouble() < 0.9 ? _r.Next(0, owner.cutOffDay) : _r.Next(owner.cutOffDay, 15));
                    var submitted = reportStatus == "Draft" ? (DateTime?)null : At(filedDay);
                    var reviewed = reportStatus is "Accepted" or "Returned" ? At(filedDay.AddDays(_r.Next(1, 6)), 1, 9) : (DateTime?)null;
                    var created = At(filedDay.AddDays(-_r.Next(0, 3)));
                    decimal? investment = keyProject ? Math.Round(monthly * (decimal)(0.5 + _r.NextDouble()), 2) : null;
                    if (reportStatus == "Accepted" && investment is { } inv)
                    {
                        invested += inv;
                    }

                    reportIds[k] = ++reportId;
                    reports.Run(
                        reportId, taskId, lead, period0.Value, reportStatus, Achievements[_r.Next(Achievements.Length)], percents[k],
                        investment is { } m ? Money(m) : null, construction,
                        submitted is { } s ? Instant(s) : null, reviewed is { } rv ? Instant(rv) : null,
                        reportStatus == "Returned" ? "请补充佐证材料并说明资金到位情况" : null,
                        reportStatus is "Accepted" or "Returned" ? 3 : reportStatus == "Submitted" ? 2 : 1,
                        Instant(created), Instant(reviewed ?? submitted ?? created), 0, submitted is { } fs ? Instant(fs) : null,
                        reportStatus == "Returned" ? 1 : 0, reviewed is null ? null : "审核员", submitted is null ? null : $"r{lead:D4}");
                    if (_r.NextDouble() < 0.04)
                    {
                        var resolveBy = new DateOnly(period0.Year, period0.Month, 1).AddDays(_r.Next(30, 120));
                        DateOnly? resolved = resolveBy < _today && _r.NextDouble() < 0.6 ? resolveBy.AddDays(-_r.Next(0, 20)) : null;
                        problems.Run(++problemId, reportId, Problems[_r.Next(Problems.Length)], "明确专人跟进，每周调度一次", UnitOf("Department"),
                            Date(resolveBy), resolved is { } d ? Date(d) : null, 1, Instant(created), Instant(created), 0);
                    }
                }

                var completedOn = completed ? new DateOnly(lastMonth.Year, lastMonth.Month, 1).AddDays(_r.Next(0, 25)) : (DateOnly?)null;
                var lastReported = first;
                for (var k = 0; k < lastAccepted; k++)
                {
                    lastReported = lastReported.Next;
                }

                tasks.Run(
                    taskId, planId, $"P{planId}-{areaIndex + 1:D2}-{seq:D5}", title, $"{title}，按照省级改革部署分阶段推进。", "按期完成改革任务，形成可复制推广的经验。",
                    "每月报送进展，按节点完成并提交佐证材料。", areaIds[areaIndex], officeId, lead, official, Date(start), Date(due), priority, status,
                    completedOn is { } c ? Date(c) : null, keyProject ? 1 : 0, total is { } tt ? Money(tt) : null, annual is { } aa ? Money(aa) : null,
                    construction, percents[lastAccepted], lastReported.Value, Money(invested), 3, Instant(At(start)), Instant(At(_today.AddDays(-_r.Next(1, 30)))), 0);

                var milestoneCount = _r.Next(2, 5);
                var overdueMilestone = (long?)null;
                for (var m = 1; m <= milestoneCount; m++)
                {
                    var plannedDate = start.AddDays((due.DayNumber - start.DayNumber) * m / milestoneCount);
                    DateOnly? done = null;
                    if (plannedDate < _today && (completed || _r.NextDouble() < (lagging ? 0.6 : 0.92)))
                    {
                        var candidate = plannedDate.AddDays(_r.Next(-20, 10));
                        done = candidate > _today ? _today : candidate;
                    }

                    milestones.Run(++milestoneId, taskId, $"第{m}阶段：{(m == milestoneCount ? "全面完成并验收" : "完成阶段目标")}", Date(plannedDate), done is { } dn ? Date(dn) : null, 1, Instant(At(start)), Instant(At(start)), 0);
                    if (done is null && plannedDate < _today && status is "InProgress" && overdueMilestone is null)
                    {
                        overdueMilestone = milestoneId;
                    }
                }

                var coop = _r.Next(0, 3);
                var chosen = new HashSet<int> { lead };
                for (var c2 = 0; c2 < coop; c2++)
                {
                    var unit = _r.Next(1, _s.Units + 1);
                    if (chosen.Add(unit))
                    {
                        cooperations.Run(taskId, unit);
                    }
                }

                // The light and open flags as the supervision run would leave them (a later run refreshes them exactly).
                var open2 = status == "InProgress";
                var findings = new List<(string Rule, string Key, string Light, string Reason)>();
                if (open2 && overdue)
                {
                    findings.Add(("TaskOverdue", "task", "Red", $"已超过完成时限 {_today.DayNumber - due.DayNumber} 天（时限 {due:yyyy年M月d日}），完成 {percents[lastAccepted]}%"));
                }

                if (open2 && overdueMilestone is { } om)
                {
                    findings.Add(("MilestoneOverdue", $"m{om}", "Red", "节点逾期未完成"));
                }

                if (open2 && !overdue && lagging)
                {
                    findings.Add(("BehindTrajectory", "trajectory", "Yellow", $"进度 {percents[lastAccepted]}% 落后于计划进度"));
                }

                var light = findings.Any(f => f.Light == "Red") ? "Red" : findings.Count > 0 ? "Yellow" : "Green";
                lights.Run(taskId, light, findings.Count == 0 ? "进展正常" : string.Join("；", findings.Select(f => f.Reason)), null, null, evaluated);
                foreach (var finding in findings)
                {
                    var opened = Instant(At(_today.AddDays(-_r.Next(1, 60))));
                    flags.Run(++flagId, taskId, finding.Rule, finding.Key, finding.Light, finding.Reason, opened, null, 1, opened, opened, 0);
                    if (finding.Light == "Red" && _r.NextDouble() < 0.15)
                    {
                        var kind = _r.NextDouble() switch { < 0.6 => "Reminder", < 0.9 => "SupervisionNotice", _ => "Rectification" };
                        var number = noticeSequence[kind] = noticeSequence.GetValueOrDefault(kind) + 1;
                        var issued = At(_today.AddDays(-_r.Next(1, 40)));
                        var noticeStatus = _r.NextDouble() switch { < 0.4 => "Issued", < 0.7 => "SignedFor", < 0.9 => "Responded", _ => "Closed" };
                        notices.Run(++noticeId, kind, _today.Year, number, taskId, flagId, lead, officeId, "督查员", Instant(issued),
                            "请于期限内说明滞后原因、整改措施和完成时间，并上传佐证材料。", Date(DateOnly.FromDateTime(issued).AddDays(10)),
                            noticeStatus, noticeStatus == "Issued" ? null : Instant(issued.AddDays(1)), noticeStatus == "Issued" ? null : $"r{lead:D4}",
                            0, 1, Instant(issued), Instant(issued), 0);
                    }
                }

                if (taskId % 5_000 == 0)
                {
                    transaction.Commit();
                    transaction.Dispose();
                    transaction = connection.BeginTransaction();
                    Begin();
                }

                if (taskId % step == 0)
                {
                    Progress($"任务 {taskId:N0}/{_s.Tasks:N0}，月报 {reports.Count:N0}");
                }
            }

            transaction.Commit();
            transaction.Dispose();
            owner.Counts["任务"] = tasks.Count;
            owner.Counts["节点"] = milestones.Count;
            owner.Counts["配合单位"] = cooperations.Count;
            owner.Counts["月报"] = reports.Count;
            owner.Counts["存在问题"] = problems.Count;
            owner.Counts["督查标记"] = flags.Count;
            owner.Counts["督办通知"] = notices.Count;
            Progress($"月报期间 {first}–{lastMonth}（{open} 为当前填报月，尚未填报）");
        }

        public void Users()
        {
            using var transaction = connection.BeginTransaction();
            var hash = owner.hasher.HashPassword(new AppUser(), Password);
            var users = new Insert(connection, "AspNetUsers",
                "Id", "DisplayName", "Role", "UnitId", "OfficeId", "IsDisabled", "MustChangePassword", "CreatedAtUtc", "UserName", "NormalizedUserName",
                "EmailConfirmed", "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount")
            { Transaction = transaction };
            var id = 0;
            void Add(string name, string display, string role, int? unit, int? office)
            {
                var stamp = new Guid(Enumerable.Range(0, 16).Select(_ => (byte)_r.Next(256)).ToArray()).ToString("N").ToUpperInvariant();
                users.Run(++id, display, role, unit, office, 0, 0, Instant(_stamp), name, name.ToUpperInvariant(), 0, hash, stamp, new Guid(Enumerable.Range(0, 16).Select(_ => (byte)_r.Next(256)).ToArray()).ToString(), 0, 0, 1, 0);
            }

            Add("admin", "系统管理员", Roles.SystemAdmin, null, null);
            Add("auditor", "审计管理员", Roles.AuditAdmin, null, null);
            Add("leader", "省领导", Roles.Leader, null, null);
            Add("supervisor", "省委督查室", Roles.Supervisor, null, null);
            for (var office = 1; office <= _s.Offices; office++)
            {
                Add($"rv{office:D2}", $"专项办审核员{office:D2}", Roles.OfficeReviewer, null, office);
            }

            foreach (var unit in _units)
            {
                Add($"r{unit.Id:D4}", $"{unit.ShortName}填报员", Roles.Reporter, unit.Id, null);
            }

            transaction.Commit();
            owner.Counts["用户"] = users.Count;
            Progress($"用户 {users.Count:N0}（密码均为 {Password}，只计算一次哈希）");
        }
    }
}
