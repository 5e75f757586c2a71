using System.Security.Cryptography;
using System.Text;
using PluginDb.Core.Migrations;

namespace PluginDb.Core.Tests.Migrations;

public class MigrationChecksumTests
{
    private const string Lf = "-- CreateTable\nCREATE TABLE \"User\" (\"id\" INTEGER NOT NULL PRIMARY KEY);\n";
    private static readonly string Crlf = Lf.Replace("\n", "\r\n", StringComparison.Ordinal);

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Checksum_of_an_LF_file_is_the_sha256_of_its_bytes()
    {
        var bytes = Utf8(Lf);
        var checksum = MigrationChecksum.Compute(bytes);
        Assert.Equal(Sha(bytes), checksum);
        Assert.Equal(64, checksum.Length);
        Assert.Equal(checksum.ToLowerInvariant(), checksum);
    }

    [Fact]
    public void Checksum_of_a_CRLF_file_keeps_the_carriage_returns()
    {
        var bytes = Utf8(Crlf);
        Assert.Equal(Sha(bytes), MigrationChecksum.Compute(bytes));
        Assert.NotEqual(MigrationChecksum.Compute(Utf8(Lf)), MigrationChecksum.Compute(bytes));
    }

    [Fact]
    public void Checksum_of_a_file_with_a_BOM_keeps_the_BOM()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Utf8(Lf)).ToArray();
        Assert.Equal(Sha(bytes), MigrationChecksum.Compute(bytes));
        Assert.NotEqual(MigrationChecksum.Compute(Utf8(Lf)), MigrationChecksum.Compute(bytes));
        Assert.StartsWith("\uFEFF", MigrationChecksum.DecodeScript(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Checksum_of_invalid_UTF8_is_the_hash_of_the_text_with_replacement_characters()
    {
        var bytes = Utf8("-- caf").Append((byte)0xE9).Concat(Utf8("\nSELECT 1;\n")).ToArray();
        var checksum = MigrationChecksum.Compute(bytes);
        Assert.Equal(Sha(Utf8("-- caf\uFFFD\nSELECT 1;\n")), checksum);
        Assert.NotEqual(Sha(bytes), checksum);
    }

    [Fact]
    public void A_stored_checksum_matches_its_own_script()
    {
        Assert.True(MigrationChecksum.Matches(MigrationChecksum.Of(Lf), Lf));
        Assert.False(MigrationChecksum.Matches(MigrationChecksum.Of(Lf), Lf + "-- edited\n"));
    }

    [Fact]
    public void A_checksum_stored_for_LF_matches_the_script_after_a_CRLF_checkout_and_back()
    {
        Assert.True(MigrationChecksum.Matches(MigrationChecksum.Of(Lf), Crlf));
        Assert.True(MigrationChecksum.Matches(MigrationChecksum.Of(Crlf), Lf));
    }

    [Fact]
    public void Removing_a_BOM_after_apply_is_a_mismatch()
    {
        var withBom = "\uFEFF" + Lf;
        Assert.False(MigrationChecksum.Matches(MigrationChecksum.Of(withBom), Lf));
        Assert.False(MigrationChecksum.Matches(MigrationChecksum.Of(Lf), withBom));
    }

    [Fact]
    public void A_legacy_unpadded_checksum_matches_its_script_and_no_other()
    {
        // Find a script whose hash has a byte below 0x10, so the legacy rendering is really shorter.
        var script = Enumerable.Range(0, 1000).Select(i => $"SELECT {i};\n")
            .First(s => SHA256.HashData(Utf8(s)).Any(b => b < 0x10));
        var legacy = MigrationChecksum.RenderLegacy(SHA256.HashData(Utf8(script)));

        Assert.True(legacy.Length < MigrationChecksum.Length);
        Assert.True(MigrationChecksum.Matches(legacy, script));
        Assert.True(MigrationChecksum.Matches(legacy, script.Replace("\n", "\r\n", StringComparison.Ordinal)));
        Assert.False(MigrationChecksum.Matches(legacy, script + "-- edited\n"));
    }

    [Fact]
    public void Legacy_rendering_drops_leading_zeros_of_each_byte()
    {
        Assert.Equal("0fa10", MigrationChecksum.RenderLegacy([0x00, 0x0f, 0xa1, 0x00]));
    }
}
