using Npgsql;
using PluginDb.Core.Datasources;
using PluginDb.Datasources.Postgres;
using PluginDb.Datasources.Schemas;

namespace PluginDb.Datasources.Tests.Postgres;

/// <summary>The tool's own protocol client against a real server: rows, constants, errors and the settings it tracks.</summary>
[Collection(PostgresServerCollection.Name)]
[Trait("Category", PostgresServerCollection.Category)]
public sealed class SimpleQueryConnectionTests(PostgresServerFixture fixture)
{
    private static readonly string[] AwkwardTexts =
    [
        "plain", "", "it's", "''", "back\\slash", "\\'", "$1 $2", "semi;colon", "{brace,comma}", "\"quoted\"", "NULL", "null",
        "tab\tnew\nline", "ünïcødé ✓", "E'x'",
    ];

    private Task<SimpleQueryConnection> OpenAsync(IReadOnlyList<(string, string)>? settings = null) =>
        SimpleQueryConnection.OpenAsync(new NpgsqlConnectionStringBuilder(fixture.AdminConnectionString), settings ?? [], CancellationToken.None);

    [Fact]
    public async Task Rows_come_back_per_statement_in_text_with_NULL_as_null()
    {
        await using var session = await OpenAsync();

        var sets = await session.ReadAsync("SELECT 1, NULL::text, true; SET search_path TO public; SELECT 'a' WHERE false; SELECT x FROM generate_series(1, 3) x", CancellationToken.None);

        Assert.Equal(3, sets.Count);
        Assert.Equal(new[] { "1", null, "t" }.AsEnumerable(), sets[0][0]);
        Assert.Empty(sets[1]);
        Assert.Equal(new[] { "1", "2", "3" }.AsEnumerable(), sets[2].Select(row => row[0]));
    }

    [Fact]
    public async Task Every_awkward_text_survives_as_a_quoted_constant_with_standard_conforming_strings_on_and_off()
    {
        await using var session = await OpenAsync();
        foreach (var conforming in new[] { "on", "off" })
        {
            await session.ExecuteAsync($"SET standard_conforming_strings = {conforming}", CancellationToken.None);
            Assert.Equal(conforming, session.ServerParameters["standard_conforming_strings"]);
            foreach (var text in AwkwardTexts)
            {
                Assert.Equal(text, await session.ScalarAsync("SELECT " + PostgresIdentifiers.QuoteLiteral(text), CancellationToken.None));
            }
        }
        Assert.Throws<ArgumentException>(() => PostgresIdentifiers.QuoteLiteral("nul\0"));
    }

    [Fact]
    public async Task Arrays_of_awkward_texts_read_back_element_for_element()
    {
        await using var session = await OpenAsync();

        var array = await session.ScalarAsync("SELECT ARRAY[" + string.Join(", ", AwkwardTexts.Select(PostgresIdentifiers.QuoteLiteral)) + ", NULL]::text[]", CancellationToken.None);

        Assert.Equal(AwkwardTexts.Append(null).AsEnumerable(), PostgresText.Array(array));
    }

    [Fact]
    public async Task A_server_error_throws_with_its_SQLSTATE_and_leaves_the_session_usable()
    {
        await using var session = await OpenAsync();

        var error = await Assert.ThrowsAsync<PostgresProtocolException>(() => session.ReadAsync("SELECT * FROM no_such_table", CancellationToken.None));

        Assert.Equal("42P01", error.SqlState);
        Assert.Equal("2", await session.ScalarAsync("SELECT 2", CancellationToken.None));
    }

    [Fact]
    public async Task Timestamps_read_in_UTC_whatever_the_servers_zone()
    {
        await using var session = await OpenAsync(SimpleQueryConnection.ReadingSettings);

        var text = await session.ScalarAsync("SELECT '2026-11-28 07:15:42.123456+05:30'::timestamptz", CancellationToken.None);

        Assert.Equal(new DateTimeOffset(2026, 11, 28, 1, 45, 42, TimeSpan.Zero).AddTicks(1234560), PostgresText.TimestampTz(text));
    }

    [Fact]
    public async Task The_introspector_reads_names_that_need_quoting_in_arrays()
    {
        var database = await fixture.CreateDatabaseAsync();
        var connectionString = fixture.AdminConnectionStringFor(database);
        await PostgresProbe.ExecuteAsync(connectionString, """"
            CREATE TYPE "Mood, ""odd""" AS ENUM ('a,b', 'c"d', 'e\f', 'NULL', ' ');
            CREATE TABLE "T {1}" ("a,b" INT NOT NULL, "c""d" INT NOT NULL, "e\f" "Mood, ""odd""", CONSTRAINT "pk, ""x""" PRIMARY KEY ("a,b", "c""d"));
            CREATE TABLE "U" (id INT PRIMARY KEY, "ref a,b" INT, "ref c""d" INT,
                CONSTRAINT "U_fk" FOREIGN KEY ("ref a,b", "ref c""d") REFERENCES "T {1}" ("a,b", "c""d"));
            """");

        var schema = await PostgresIntrospector.ReadAsync(connectionString, "public", CancellationToken.None);

        var table = Assert.Single(schema.Tables, t => t.Name == "T {1}");
        Assert.Equal(["a,b", "c\"d"], table.PrimaryKey!.Columns);
        Assert.Equal(["a,b", "c\"d", "e\\f"], table.Columns.Select(c => c.Name).ToArray());
        var foreignKey = Assert.Single(Assert.Single(schema.Tables, t => t.Name == "U").ForeignKeys);
        Assert.Equal(["ref a,b", "ref c\"d"], foreignKey.Columns);
        Assert.Equal(["a,b", "c\"d"], foreignKey.ReferencedColumns);
        Assert.Equal(["a,b", "c\"d", "e\\f", "NULL", " "], Assert.Single(schema.Enums).Values);
    }
}
