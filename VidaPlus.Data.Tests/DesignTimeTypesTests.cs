using System.Reflection;

namespace VidaPlus.Data.Tests;

/// <summary>
/// VidaPlus.Data compiles against EF Core's Design package for the design-time scaffolder, but the API does not ship
/// it: a type of VidaPlus.Data that derived from, implemented or held one of its types would fail to load there, and
/// with it every scan of the assembly's types (EF Core's for migrations, the engine's). Its types may appear in method
/// bodies only.
/// </summary>
public sealed class DesignTimeTypesTests
{
    private const string Design = "Microsoft.EntityFrameworkCore.Design";

    [Fact]
    public void NoTypeOfVidaPlusData_DerivesFromImplementsOrHoldsATypeOfEfCoresDesignPackage()
    {
        var offenders =
            from type in typeof(VidaPlusDbContext).Assembly.GetTypes()
            from used in Bases(type).Concat(type.GetInterfaces())
                .Concat(type.GetFields(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                    .Select(f => f.FieldType))
            where used.Assembly.GetName().Name == Design
            select $"{type.FullName}: {used.FullName}";

        Assert.Empty(offenders);
    }

    private static IEnumerable<Type> Bases(Type type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            yield return current;
        }
    }
}
