using Microsoft.EntityFrameworkCore.Migrations;
using VidaPlus.Data.Compatibility;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Compatibility;

[Trait(Category.Name, Category.NoDatabase)]
public sealed class MigrationClassifierTests
{
    public static TheoryData<Migration, string> UpCases => new()
    {
        { new NewTableWithIndexAndForeignKey(), "expand" },
        { new NullableAndDefaultedColumns(), "expand" },
        { new WidenAndLoosen(), "expand" },
        { new EnumLabelAppended(), "contract (enum statusleito (BLOQUEADO) gains labels older code cannot read)" },
        { new RequiredColumnWithoutDefault(), "contract (column leitos.sala NOT NULL without a default: older code's inserts omit it)" },
        { new TightenAndRetype(), "contract (column estoques.unidade changes type; column leitos.paciente_id becomes NOT NULL: older code may write nulls)" },
        { new EnumLabelRemovedAndReordered(), "contract (enum statusleito loses, renames or reorders labels)" },
        { new ForeignKeyOnExistingTable(), "contract (foreign key fk_estoques_users_criado_por on estoques: older code may write rows it rejects)" },
        { new DropsAndRenames(), "contract (drops column consultas.observacao; renames column estoques.unidade to unidade_medida)" },
        { new RawSql(), "contract (raw SQL, which is not read (declare it with [DeclaredExpand] if older code keeps working))" },
        { new DeclaredRawSql(), "expand (declared: lower-cases units in place; older code compares them case-insensitively)" },
    };

    [Theory]
    [MemberData(nameof(UpCases))]
    public void Up_IsClassifiedFromItsOperations(Migration migration, string expected)
    {
        Assert.Equal(expected, MigrationClassifier.Classify(migration, MigrationDirection.Up).ToString());
    }

    [Fact]
    public void Down_IsClassifiedTheSameWay_AndCanBeDeclaredOnItsOwn()
    {
        Assert.Equal("contract (drops table ambulancias)", MigrationClassifier.Classify(new NewTableWithIndexAndForeignKey(), MigrationDirection.Down).ToString());
        Assert.Equal("expand (declared: puts back what Up lower-cased is not possible; nothing to undo)",
            MigrationClassifier.Classify(new DeclaredRawSql(), MigrationDirection.Down).ToString());
    }

    [Fact]
    public void OurMigrations_GrowTheSchemaGoingUp_AndShrinkItGoingDown()
    {
        var compiled = CompiledMigrations.VidaPlus;

        Assert.All(compiled.All, m => Assert.Equal(CompatibilityClass.Expand, compiled.Classify(m.Id).Class));
        // AddRowVersions maps a system column both ways: nothing to shrink.
        Assert.All(compiled.All.Where(m => m.Id != Revisions.AddRowVersions),
            m => Assert.Equal(CompatibilityClass.Contract, compiled.Classify(m.Id, MigrationDirection.Down).Class));
        Assert.Equal("expand", compiled.Classify(Revisions.AddRowVersions, MigrationDirection.Down).ToString());
    }
}
