namespace PluginDb.Fidelity.Tests;

/// <summary>The object an SDB310–312 finding names, read from the message the Drift stage writes.</summary>
public sealed class OurReportTests
{
    [Theory]
    [InlineData("SDB310", "schema.prisma declares column User.note, but no migration creates it. A new migration would need: …", "missing column User.note")]
    [InlineData("SDB311", "The migrations create index User.User_lower_idx (in 20240101000000_init), but schema.prisma does not declare it: …", "extra index User_lower_idx")]
    [InlineData("SDB311", "The migrations create table Audit, but schema.prisma does not declare it: …", "extra table Audit")]
    [InlineData("SDB312", "foreign key Post.Post_authorId_fkey: name is Post_authorId_fkey in schema.prisma but Post_author_fkey after the migrations.", "changed foreign key Post.Post_authorId_fkey")]
    [InlineData("SDB310", "schema.prisma declares enum value Role.SAD, but no migration creates it.", "missing enum value Role.SAD")]
    public void A_findings_object_is_read_from_its_message(string code, string message, string expected) =>
        Assert.Equal(expected, OurReport.Change(code, message).ToString());

    [Fact]
    public void A_message_that_names_no_object_is_an_error_not_a_guess() =>
        Assert.Throws<InvalidDataException>(() => OurReport.Change("SDB310", "Something else entirely."));
}
