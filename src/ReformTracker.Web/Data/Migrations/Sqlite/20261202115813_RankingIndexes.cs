using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReformTracker.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RankingIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Milestones_TaskId_PlannedDate",
                table: "Milestones");

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_Ranking_Covering",
                table: "Tasks",
                columns: new[] { "PlanId", "LeadUnitId", "StartDate", "Status", "CompletedOn", "DueDate", "OriginalDueDate", "PercentComplete", "LastReportedPeriod", "IsDeleted" });

            migrationBuilder.CreateIndex(
                name: "IX_Milestones_TaskId_PlannedDate_DoneDate_IsDeleted",
                table: "Milestones",
                columns: new[] { "TaskId", "PlannedDate", "DoneDate", "IsDeleted" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tasks_Ranking_Covering",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "IX_Milestones_TaskId_PlannedDate_DoneDate_IsDeleted",
                table: "Milestones");

            migrationBuilder.CreateIndex(
                name: "IX_Milestones_TaskId_PlannedDate",
                table: "Milestones",
                columns: new[] { "TaskId", "PlannedDate" });
        }
    }
}
