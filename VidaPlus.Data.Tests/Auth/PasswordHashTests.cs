using VidaPlus.Data.Auth;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Auth;

/// <summary>
/// The Argon2 written here against argon2-cffi, the C library the Python app verifies with: its hashes, whatever
/// their parameters, verify here, and hashes made here verify there.
/// </summary>
public sealed class PasswordHashTests
{
    private const string Password = "Sênha-de-teste-42";

    [Theory]
    [InlineData(65536, 3, 4, "ID", 32)] // pwdlib's recommended hash
    [InlineData(102400, 2, 8, "ID", 32)] // argon2-cffi's defaults before 21.2
    [InlineData(1000, 1, 3, "ID", 32)] // memory not a multiple of 4 × lanes: the last blocks go unused
    [InlineData(4096, 2, 1, "ID", 100)] // a tag past 64 bytes, made by H' chaining hashes
    [InlineData(4096, 2, 2, "I", 16)]
    [InlineData(4096, 2, 2, "D", 32)]
    public async Task HashesOfArgon2Cffi_VerifyHere_OnlyWithTheirPassword(int memoryKiB, int passes, int lanes, string type, int tagLength)
    {
        var phc = await IndependentPython.HashAsync(Password, memoryKiB, passes, lanes, type, tagLength);
        var hash = PasswordHash.TryParse(phc);

        Assert.NotNull(hash);
        Assert.Equal(phc, hash.ToString());
        var memory = new ulong[hash.MemoryWords];
        Assert.True(hash.Matches(Password, memory), $"{phc} did not verify");
        Assert.False(hash.Matches(Password + " ", memory), $"{phc} verified another password");
    }

    [Fact]
    public async Task HashesMadeHere_VerifyInArgon2Cffi_WithPwdlibsParameters()
    {
        var phc = PasswordHash.Create(Password, new ulong[PasswordHash.Recommended.Blocks * 128]).ToString();

        Assert.StartsWith("$argon2id$v=19$m=65536,t=3,p=4$", phc, StringComparison.Ordinal);
        Assert.True(await IndependentPython.VerifiesAsync(phc, Password), $"argon2-cffi refused {phc}");
        Assert.False(await IndependentPython.VerifiesAsync(phc, "another password"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain text")]
    [InlineData("$2b$12$abcdefghijklmnopqrstuuXYZ")] // bcrypt
    [InlineData("$argon2id$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo")] // Argon2 1.0: no version
    [InlineData("$argon2id$v=19$m=65536,t=3$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo")]
    [InlineData("$argon2id$v=19$m=4,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo")] // under 8 KiB per lane
    [InlineData("$argon2id$v=19$m=2097152,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo")] // 2 GiB: more than is allocated
    [InlineData("$argon2id$v=19$m=65536,t=3,p=4$!!$aGFzaGhhc2hoYXNo")]
    [InlineData("$argon2x$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo")]
    public void AnythingButAnArgon2v13PhcString_IsNoHash(string stored) => Assert.Null(PasswordHash.TryParse(stored));

    [Theory]
    // RFC 7693 Appendix A.
    [InlineData("abc", 64, "BA80A53F981C4D0D6A2797B69F12F6E94C212F14685AC4B74B12BB6FDBFFA2D17D87C5392AAB792DC252D5DE4533CC9518D38AA8DBF1925AB92386EDD4009923")]
    // Past one 128-byte block, a short digest: Python's hashlib.blake2b(b"a" * 200, digest_size=20).
    [InlineData("a×200", 20, "48B666FF92747148C4DFE4E2437FE78DD64872D1")]
    public void Blake2b_GivesTheReferenceValue(string input, int length, string expected)
    {
        var bytes = input == "a×200" ? Enumerable.Repeat((byte)'a', 200).ToArray() : System.Text.Encoding.ASCII.GetBytes(input);
        var digest = new byte[length];
        Blake2b.Hash(bytes, digest);

        Assert.Equal(expected, Convert.ToHexString(digest));
    }
}
