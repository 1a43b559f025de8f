namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>Trait values: <c>dotnet test --filter Category=NoDatabase</c> runs the tests that need no PostgreSQL.</summary>
internal static class Category
{
    public const string Name = "Category";
    public const string NoDatabase = "NoDatabase";
}
