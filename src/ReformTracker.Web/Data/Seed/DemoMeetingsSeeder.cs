using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Domain.Meetings;
using ReformTracker.Web.Infrastructure;

namespace ReformTracker.Web.Data.Seed;

/// <summary>
/// Two past 晒比会 of the key-project office, placed relative to today: the earlier one's items partly done (so the latest
/// meeting opens with a real closure rate, overdue items included), the latest one's items still open.
/// </summary>
public sealed class DemoMeetingsSeeder(AppDbContext db, DistrictClock clock)
{
    private const string Office = "重点项目办";
    private const string Recorder = "demo";

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var office = await db.Offices.Where(o => o.ShortName == Office).Select(o => (int?)o.Id).SingleOrDefaultAsync(cancellationToken);
        if (office is null)
        {
            return;
        }

        var units = await db.Units.ToDictionaryAsync(u => u.ShortName, u => u.Id, cancellationToken);
        var tasks = await db.Tasks.Where(t => t.OfficeId == office).OrderBy(t => t.Code).Select(t => t.Id).Take(3).ToListAsync(cancellationToken);
        int? TaskAt(int index) => index < tasks.Count ? tasks[index] : null;
        var today = clock.Today;
        var earlierDate = new DateOnly(today.Year, today.Month, 20).AddMonths(-2);
        var laterDate = earlierDate.AddMonths(1);
        const string attendees = "何建明（区委常委、常务副区长）\n重点项目办\n区发展规划和统计局\n区财政局\n区自然资源局\n区交通运输局\n荷城街道";

        var earlier = new Meeting(
            $"{earlierDate.Year}年{earlierDate.Month}月重点项目晒比会", earlierDate, null, office, attendees,
            "各牵头单位逐一汇报重点项目进展。会议指出：部分项目用地报批、征拆进度滞后于节点，须倒排工期、挂图作战。会上现场交办事项5项，明确责任单位和办理期限，下次晒比会通报办结情况。",
            Recorder);
        var done1 = earlier.Assign("梳理全区重点项目用地、用林指标缺口，形成要素保障清单报区政府", units["发改统计局"], earlierDate.AddDays(20), TaskAt(0));
        var done2 = earlier.Assign("落实区城市建设投资集团注册资本金首期到位方案", units["财政局"], earlierDate.AddDays(25), null);
        earlier.Assign("协调产业园二期项目用地报批，倒排农转用报批时间节点", units["自然资源局"], earlierDate.AddDays(30), TaskAt(1));
        earlier.Assign("完成站前片区征拆户摸底调查，建立一户一档", units["荷城街道"], earlierDate.AddDays(40), null);
        earlier.Assign("推动西江大道改造工程施工图审查，明确开工时间", units["交通局"], earlierDate.AddDays(80), TaskAt(2));
        done1.MarkDone("已形成全区重点项目要素保障清单（用地缺口12宗、用林指标3宗），经区政府常务会议审议。", Recorder, clock.UtcNow.AddDays(-50));
        done2.MarkDone("首期注册资本金2亿元已于本月拨付到位，验资报告已报区国资部门备案。", Recorder, clock.UtcNow.AddDays(-45));

        var later = new Meeting(
            $"{laterDate.Year}年{laterDate.Month}月重点项目晒比会", laterDate, null, office, attendees,
            "通报上次会议交办事项办结情况，对逾期未办结的单位进行点名。会议要求各单位对照节点补齐短板，本次现场交办事项3项。",
            Recorder);
        later.Assign("制定四季度重点项目投资攻坚方案，按月分解投资目标", units["发改统计局"], laterDate.AddDays(45), null);
        later.Assign("加快新材料产业园标准厂房招商，力争年底前签约2家企业", units["工信局"], laterDate.AddDays(60), null);
        later.Assign("完成杨和片区农房风貌提升项目施工招标", units["杨和镇"], laterDate.AddDays(50), null);

        db.Meetings.AddRange(earlier, later);
        await db.SaveChangesAsync(cancellationToken);
    }
}
