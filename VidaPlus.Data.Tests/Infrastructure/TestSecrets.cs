namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>The SECRET_KEY the tests' API signs tokens with (a test value, never a real one): tests assert it shows
/// nowhere.</summary>
internal static class TestSecrets
{
    public const string Key = "tests-only-5f0c2a9e8d7b4c1f9a3e6d2b8c4f1a7e-not-for-production";
}
