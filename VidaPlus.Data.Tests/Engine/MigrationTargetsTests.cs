using VidaPlus.Data.Engine;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Engine;

/// <summary>The target grammar on its own: no database, every form resolved against the compiled migrations.</summary>
[Trait(Category.Name, Category.NoDatabase)]
public sealed class MigrationTargetsTests
{
    private static readonly string M1 = Revisions.InitialSchema;
    private static readonly string M2 = Revisions.AddEstoquesAndLeitos;
    private static readonly string M3 = Revisions.MakeLeitoPacienteOptional;
    private static readonly MigrationTargets Targets = new(CompiledMigrations.VidaPlus);

    private static MigrationState At(params string[] applied) => new(CompiledMigrations.VidaPlus.All, applied);

    [Theory]
    [InlineData("head", 0, 4)]
    [InlineData("HEAD", 0, 4)]
    [InlineData("+1", 0, 1)]
    [InlineData("+2", 1, 3)]
    [InlineData("addestoquesandleitos", 0, 2)]
    [InlineData(" MakeLeitoPacienteOptional ", 2, 3)]
    public void Upgrade_ResolvesEveryForm(string target, int applied, int expected)
    {
        Assert.Equal(Revisions.All[expected - 1], Targets.Upgrade(target, At([.. Revisions.All.Take(applied)])));
    }

    [Theory]
    [InlineData("-1", 3, "2")]
    [InlineData("-3", 3, "base")]
    [InlineData("base", 2, "base")]
    [InlineData("0", 2, "base")]
    [InlineData("InitialSchema", 3, "1")]
    public void Downgrade_ResolvesEveryForm_BaseAsTheEngineSaysIt(string target, int applied, string expected)
    {
        var resolved = Targets.Downgrade(target, At([.. Revisions.All.Take(applied)]));

        Assert.Equal(expected == "base" ? Revision.Base : Revisions.All[int.Parse(expected, System.Globalization.CultureInfo.InvariantCulture) - 1], resolved);
    }

    [Theory]
    [InlineData("base", "head", "base", 4)]
    [InlineData("+1", "+1", "1", 2)]
    [InlineData("-1", "head", "3", 4)]
    [InlineData("AddEstoquesAndLeitos", "-1", "2", 1)]
    public void Script_FromAndTo_CountedAsDocumented(string from, string to, string expectedFrom, int expectedTo)
    {
        var (f, t) = Targets.Script(from, to);

        Assert.Equal(expectedFrom == "base" ? Revision.Base : Revisions.All[int.Parse(expectedFrom, System.Globalization.CultureInfo.InvariantCulture) - 1], f);
        Assert.Equal(Revisions.All[expectedTo - 1], t);
    }

    [Theory]
    [InlineData("", "The target is empty: give head, base, an id or name, +N or -N.")]
    [InlineData("nope", "Unknown revision 'nope'. Known: InitialSchema, AddEstoquesAndLeitos, MakeLeitoPacienteOptional, AddRowVersions, head, base.")]
    [InlineData("base", "`db upgrade base` goes nowhere: use `db downgrade base`.")]
    public void Validate_RefusesBeforeAnyDatabaseIsNeeded(string target, string message)
    {
        Assert.Equal(message, Assert.Throws<MigrationTargetException>(() => Targets.Validate(target, allowBase: false)).Message);
    }

    [Fact]
    public void StepsPastTheEnds_SayHowManyArePossible()
    {
        Assert.Equal("'+4' goes past head: only 3 migration(s) pending, so +3 at most. Nothing was changed.",
            Assert.Throws<MigrationTargetException>(() => Targets.Upgrade("+4", At(M1))).Message);
        Assert.Equal("'-3' goes past base: only 2 migration(s) applied, so -2 at most. Nothing was changed.",
            Assert.Throws<MigrationTargetException>(() => Targets.Downgrade("-3", At(M1, M2))).Message);
        Assert.Equal($"'+3' goes past head: only 2 migration(s) after {M2}, so +2 at most. Nothing was changed.",
            Assert.Throws<MigrationTargetException>(() => Targets.Script(M2, "+3")).Message);
        Assert.Equal(M3, Targets.Stamp("+2", At(M1)));
    }
}
