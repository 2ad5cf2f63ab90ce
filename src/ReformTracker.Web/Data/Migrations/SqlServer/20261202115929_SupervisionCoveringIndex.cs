using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReformTracker.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SupervisionCoveringIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Reports_TaskId_Period_Covering",
                table: "Reports",
                columns: new[] { "TaskId", "Period", "Status", "PercentComplete", "FirstSubmittedAtUtc", "IsDeleted" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Reports_TaskId_Period_Covering",
                table: "Reports");
        }
    }
}
