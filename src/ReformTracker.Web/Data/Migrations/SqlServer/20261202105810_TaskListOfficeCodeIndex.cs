using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReformTracker.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class TaskListOfficeCodeIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Tasks_OfficeId_Code_IsDeleted",
                table: "Tasks",
                columns: new[] { "OfficeId", "Code", "IsDeleted" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tasks_OfficeId_Code_IsDeleted",
                table: "Tasks");
        }
    }
}
